"""What a display screen (màn hình hiển thị) shows, and how it learns of a change within a second.

Every ticket move appends a TicketPeriod row, so "(number of today's periods, newest period id)"
of a centre changes with every call, recall and transfer, and reading it is one index lookup: the
stream polls that fingerprint every MOTCUA_QUEUE_DISPLAY_POLL_MS and sends the whole state when
it changes. Counting (not just the newest id) catches a transaction that commits after a later one.

The stream is Server-Sent Events: each message carries the full state, so a screen that missed
anything (network drop, server restart) is right again with the first message after reconnecting.
Streams end after MOTCUA_QUEUE_STREAM_SECONDS; the browser reconnects at once (``retry``).
"""

import json
import time

from django.conf import settings
from django.db.models import Count, Max
from django.utils import timezone

from . import rules
from .models import Ticket, TicketPeriod
from .rules import State
from .services import day_start, settings_for

RECENT_CALLS = 6
NEXT_PER_SCREEN = 10


def fingerprint(centre_id: int, now=None) -> str:
    since = day_start(rules.local_day(now or timezone.now()))
    row = TicketPeriod.objects.filter(centre_id=centre_id, started_at__gte=since).aggregate(n=Count("id"), last=Max("id"))
    return f"{row['n']}-{row['last'] or 0}"


def snapshot(centre, zone: str = "", now=None) -> dict:
    """The screen's content: the latest calls (newest first) with their counters, and the next
    numbers of the services the zone's counters serve."""
    now = now or timezone.now()
    today = rules.local_day(now)
    calls = (TicketPeriod.objects.filter(centre=centre, state=State.CALLED, started_at__gte=day_start(today))
             .select_related("ticket", "counter").order_by("-id"))
    if zone:
        calls = calls.filter(counter__zone=zone)
    seen, recent = set(), []
    for period in calls[:RECENT_CALLS * 4]:  # recalls repeat a ticket: keep its newest call
        if period.ticket_id in seen or period.counter is None:
            continue
        seen.add(period.ticket_id)
        ticket = period.ticket
        recent.append({"call": period.pk, "number": ticket.label, "counter": period.counter.number,
                       "state": ticket.state, "carried": ticket.day != today,
                       "speech": rules.spoken_call(ticket.label, period.counter.number),
                       "clips": rules.spoken_clips(ticket.label, period.counter.number)})
        if len(recent) == RECENT_CALLS:
            break
    line = Ticket.objects.filter(centre=centre, state=State.WAITING)
    if settings_for(centre).close_policy == "clear":
        line = line.filter(day=today)
    if zone:
        line = line.filter(group__counters__zone=zone).distinct()
    upcoming = [{"number": number, "service": service, "priority": lane == rules.Lane.PRIORITY}
                for number, service, lane in line.order_by("lane", "queued_at", "id")
                .values_list("label", "group__name", "lane")[:NEXT_PER_SCREEN]]
    return {"centre": centre.name, "zone": zone, "calls": recent, "next": upcoming,
            "time": timezone.localtime(now, rules.VIETNAM).strftime("%H:%M")}


def sse(event: str, data: dict, event_id: str = "") -> str:
    lines = [f"id: {event_id}"] if event_id else []
    lines += [f"event: {event}", f"data: {json.dumps(data, ensure_ascii=False)}"]
    return "\n".join(lines) + "\n\n"


def stream(centre, zone: str = "", *, seconds: float | None = None, clock=time.monotonic, sleep=time.sleep):
    """Yield SSE messages: the state at once, again on every change, a ping every few seconds
    (so the screen's watchdog knows the link is alive), an empty comment otherwise (so a closed
    screen frees its server thread within one poll), for ``seconds`` then end."""
    poll = settings.MOTCUA_QUEUE_DISPLAY_POLL_MS / 1000
    beat = settings.MOTCUA_QUEUE_HEARTBEAT_SECONDS
    ends = clock() + (settings.MOTCUA_QUEUE_STREAM_SECONDS if seconds is None else seconds)
    yield "retry: 1000\n\n"
    sent, last_beat = None, clock()
    while True:
        mark = fingerprint(centre.pk)
        if mark != sent:
            yield sse("state", snapshot(centre, zone), mark)
            sent, last_beat = mark, clock()
        elif clock() - last_beat >= beat:
            yield sse("ping", {"at": timezone.now().isoformat()})
            last_beat = clock()
        else:
            yield ":\n\n"  # a comment: writing it is how a server learns the screen has gone
        if clock() >= ends:
            return
        sleep(poll)
