"""Putting messages in the outbox and delivering them: in order per ordering key, at most once
per key, with exponential back-off; a message that keeps failing is parked for the operator.

Delivery runs in its own loop process (``motcua manage deliver_outbox --loop``, started by
``motcua demo``), polling an index every second, rather than one queued task per commit: that
would double the writes of every dossier change (decision 0006)."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from . import registry
from .base import PermanentError, TransientError
from .models import OutboxMessage

log = logging.getLogger(__name__)
Status = OutboxMessage.Status


def enqueue(channel: str, key: str, ordering_key: str, seq: int, payload: dict, recipient: str = "") -> None:
    """Add a message in the caller's transaction; a second message with the same key is ignored.

    One INSERT … ON CONFLICT DO NOTHING: no read first and no savepoint, and two transactions
    adding the same key at once leave one row (the unique key decides, not a read before)."""
    OutboxMessage.objects.bulk_create([OutboxMessage(
        key=key, channel=channel, ordering_key=ordering_key, seq=seq, payload=payload, recipient=recipient,
        next_attempt_at=timezone.now())], ignore_conflicts=True)


def backoff(attempts: int) -> timedelta:
    """5 s, 10 s, 20 s … capped (MOTCUA_OUTBOX_BACKOFF_SECONDS, MOTCUA_OUTBOX_BACKOFF_MAX_SECONDS)."""
    base, cap = settings.MOTCUA_OUTBOX_BACKOFF_SECONDS, settings.MOTCUA_OUTBOX_BACKOFF_MAX_SECONDS
    return timedelta(seconds=min(cap, base * 2 ** max(0, attempts - 1)))


def due_messages(now):
    unsent_before = OutboxMessage.objects.filter(
        ordering_key=OuterRef("ordering_key"), seq__lt=OuterRef("seq")).exclude(status=Status.SENT)
    return (OutboxMessage.objects.filter(status__in=[Status.PENDING, Status.RETRYING], next_attempt_at__lte=now)
            .exclude(Exists(unsent_before)).order_by("id"))


def deliver_due(limit: int = 50, now=None) -> int:
    """Deliver up to ``limit`` due messages; returns how many were sent. Safe to run in many
    workers at once: each locks its batch and skips rows another worker holds."""
    sent = 0
    with transaction.atomic():
        batch = list(due_messages(now or timezone.now()).select_for_update(skip_locked=True, of=("self",))[:limit])
        blocked = set()
        for message in batch:
            if message.ordering_key in blocked:
                continue
            if _deliver(message):
                sent += 1
            else:
                blocked.add(message.ordering_key)  # keep the order: later messages of this key wait
    return sent


def _deliver(message: OutboxMessage) -> bool:
    message.attempts += 1
    try:
        registry.for_channel(message.channel).send(message)
    except (TransientError, PermanentError, LookupError) as exc:
        permanent = not isinstance(exc, TransientError) or message.attempts >= settings.MOTCUA_OUTBOX_MAX_ATTEMPTS
        message.status = Status.DEAD if permanent else Status.RETRYING
        message.next_attempt_at = timezone.now() + backoff(message.attempts)
        message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        log.warning("outbox %s attempt %s failed: %s", message.key, message.attempts, message.last_error)
        message.save(update_fields=["attempts", "status", "next_attempt_at", "last_error"])
        return False
    message.status, message.sent_at, message.last_error = Status.SENT, timezone.now(), ""
    message.save(update_fields=["attempts", "status", "sent_at", "last_error"])
    return True


def retry_dead(queryset) -> int:
    """Operator action: give parked messages another round of attempts."""
    return queryset.filter(status=Status.DEAD).update(status=Status.RETRYING, attempts=0,
                                                      next_attempt_at=timezone.now())


def backlog() -> dict:
    """Counts per channel and status, for the operator's page."""
    from django.db.models import Count, Min

    rows = (OutboxMessage.objects.exclude(status=Status.SENT).values("channel", "status")
            .annotate(n=Count("id"), oldest=Min("created_at")).order_by("channel", "status"))
    return {f"{r['channel']}:{r['status']}": {"count": r["n"], "oldest": r["oldest"]} for r in rows}
