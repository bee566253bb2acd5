"""Background work: ask gateways about fee notices still open, in case a webhook was lost.

``check_open_notices`` asks every enabled plugin that has a status API (``query_status``) about
the notices left open longer than MOTCUA_PAYMENT_QUERY_AFTER_MINUTES, and books what it reports
exactly as a webhook would (same matching, same receipt, same move of the dossier). A plugin
without such an API (NotSupported) or not answering (GatewayUnavailable) is skipped this time.
Run it every few minutes: ``motcua check_payments`` from cron, or enqueue the task.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from . import registry, webhooks
from .base import GatewayUnavailable, NotSupported, PaymentError
from .models import FeeNotice

log = logging.getLogger(__name__)


def check_open_notices() -> dict[str, int]:
    """Ask about each old open notice; returns how many answers led to each result."""
    before = timezone.now() - timedelta(minutes=settings.MOTCUA_PAYMENT_QUERY_AFTER_MINUTES)
    codes = list(FeeNotice.objects.filter(status=FeeNotice.Status.ISSUED, issued_at__lt=before)
                 .values_list("dossier__code", flat=True))
    results: dict[str, int] = {}
    for plugin_id in registry.enabled_ids():
        try:
            plugin = webhooks.configured_plugin(plugin_id)
        except ImproperlyConfigured:
            continue
        for code in codes:
            result = _ask(plugin, code)
            results[result] = results.get(result, 0) + 1
    return results


def _ask(plugin, code: str) -> str:
    try:
        confirmation = plugin.query_status(code)
    except NotSupported:
        return "not_supported"
    except (GatewayUnavailable, PaymentError) as exc:
        log.warning("payments: %s did not answer about %s: %s", plugin.identifier, code, exc)
        return "unavailable"
    if confirmation is None:
        return "unknown"
    try:
        with transaction.atomic():
            return webhooks.book(plugin, confirmation).result
    except webhooks.NotPaidYet:
        return "not_paid"


@task()
def check_open_notices_task() -> dict[str, int]:
    return check_open_notices()
