"""Counter console (màn hình quầy): call next, recall, start, hold, resume, finish, no-show,
transfer, and open the dossier reception form straight from the ticket."""

import time

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from motcua.accounts.permissions import units_for
from motcua.accounts.policy import Action
from motcua.audit import reads
from motcua.core.errors import UserFacingError
from motcua.organizations.models import Counter

from .. import panel, services
from ..models import ServiceGroup, Ticket
from ..rules import State, local_day
from .common import error_text, posted_id, require, staff_only

TICKET_ACTIONS = {"recall", "start", "hold", "resume", "finish", "no_show"}


def _counter(request, pk) -> Counter:
    counter = get_object_or_404(Counter.objects.select_related("centre", "centre__unit"), pk=pk)
    require(request.user, Action.RECEIVE, counter)
    return counter


@staff_only
def pick(request):
    counters = (Counter.objects.filter(centre__unit__in=units_for(request.user, Action.RECEIVE))
                .select_related("centre").order_by("centre__name", "number"))
    return render(request, "queueing/counter_pick.html", {"counters": counters})


def _context(counter: Counter) -> dict:
    """The console panel in three statements (``panel``; four when the current ticket has
    dossiers): the tickets at this counter, the centre's services with today's waiting count and
    whether this counter serves them, and the other counters (only when there is a ticket to
    transfer). It is rendered after every action and every 5 s poll, so each statement counts."""
    at_counter = panel.at_counter(counter.pk)
    current = next((t for t in at_counter if t.state in (State.CALLED, State.SERVING)), None)
    reception = ""
    if current and current.state == State.SERVING:
        reception = f"{settings.MOTCUA_QUEUE_RECEPTION_URL}?ticket={current.pk}"
    links = list(current.dossier_links.select_related("dossier")) if current and current.has_dossiers else []
    reads.note(*(link.dossier for link in links))
    return {
        "counter": counter, "current": current, "held": [t for t in at_counter if t.state == State.ON_HOLD],
        "groups": panel.groups(counter.centre_id, counter.pk, local_day(timezone.now())),
        "other_counters": (list(Counter.objects.filter(centre_id=counter.centre_id).exclude(pk=counter.pk)
                                .order_by("number").values("pk", "number")) if current else []),
        "dossiers": links,
        "reception_url": reception,
    }


@staff_only
def console(request, counter):
    counter = _counter(request, counter)
    template = "queueing/_console.html" if request.htmx else "queueing/console.html"
    return render(request, template, _context(counter))


@staff_only
@require_POST
def action(request, counter, action):
    began = time.perf_counter()
    counter = _counter(request, counter)
    acting = time.perf_counter()
    try:
        _perform(request, counter, action)
    except (UserFacingError, ValueError) as exc:
        messages.error(request, error_text(request, exc) if isinstance(exc, UserFacingError) else str(exc))
    acted = time.perf_counter()
    if request.htmx:
        response = render(request, "queueing/_console.html", _context(counter))
    else:
        response = redirect(reverse("queueing:console", args=[counter.pk]))
    # The server's own time, for the browser's developer tools and bench/queue_callnext.py (decision 0542).
    response["Server-Timing"] = (f"action;dur={(acted - acting) * 1000:.2f}, "
                                 f"view;dur={(time.perf_counter() - began) * 1000:.2f}")
    return response


def _perform(request, counter: Counter, action: str) -> None:
    user = request.user
    if action == "call":
        if services.call_next(counter, user) is None:
            messages.info(request, "Không còn ai chờ các dịch vụ của quầy / nobody is waiting")
        return
    if action in ("open", "close"):
        services.set_counter_open(counter, action == "open")
        counter.refresh_from_db()
        return
    ticket = get_object_or_404(Ticket, pk=posted_id(request, "ticket"), centre=counter.centre)
    if action in TICKET_ACTIONS:
        services.act(ticket, action, counter, user)
    elif action == "transfer":
        target = request.POST.get("target", "")
        kind, _, pk = target.partition(":")
        pk = int(pk) if pk.isdigit() else 0
        group = get_object_or_404(ServiceGroup, pk=pk, centre=counter.centre) if kind == "group" else None
        other = get_object_or_404(Counter, pk=pk, centre=counter.centre) if kind == "counter" else None
        services.transfer(ticket, counter, user, group=group, to_counter=other)
    else:
        raise ValueError(f"Thao tác không hợp lệ / unknown action: {action}")
