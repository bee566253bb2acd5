"""Centre manager's live board (bảng điều hành): waiting and serving per service and counter;
open and close counters, reassign services, pause a service."""

from django.contrib import messages
from django.db.models import Count, Min
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from motcua.accounts.policy import Action
from motcua.core.errors import UserFacingError
from motcua.organizations.models import Counter

from .. import services
from ..models import ServiceGroup, Ticket
from ..rules import VIETNAM, State, local_day
from .common import centre_or_404, error_text, posted_id, require, staff_only


def board_data(centre, now=None) -> dict:
    now = now or timezone.now()
    today = Ticket.objects.filter(centre=centre, day=local_day(now))
    per_group = {row["group"]: row for row in today.filter(state=State.WAITING).values("group")
                 .annotate(waiting=Count("id"), oldest=Min("queued_at"))}
    serving = dict(today.filter(state__in=[State.CALLED, State.SERVING]).values("group")
                   .annotate(n=Count("id")).values_list("group", "n"))
    groups = []
    for group in ServiceGroup.objects.filter(centre=centre).prefetch_related("counters"):
        row = per_group.get(group.pk, {})
        oldest = row.get("oldest")
        groups.append({"group": group, "waiting": row.get("waiting", 0), "serving": serving.get(group.pk, 0),
                       "longest": int((now - oldest).total_seconds() // 60) if oldest else None})
    current = {t.counter_id: t for t in Ticket.objects.filter(centre=centre, state__in=State.AT_COUNTER)
               .exclude(state=State.ON_HOLD).select_related("officer")}
    counters = [{"counter": c, "ticket": current.get(c.pk), "groups": {g.pk for g in c.service_groups.all()}}
                for c in Counter.objects.filter(centre=centre).prefetch_related("service_groups").order_by("number")]
    done = today.filter(state=State.DONE).count()
    return {"centre": centre, "groups": groups, "counters": counters, "done": done,
            "all_groups": [g["group"] for g in groups], "now": timezone.localtime(now, VIETNAM)}


@staff_only
def board(request, centre):
    centre = centre_or_404(centre)
    require(request.user, Action.MANAGE_CENTRE, centre)
    template = "queueing/_board.html" if request.htmx else "queueing/board.html"
    return render(request, template, board_data(centre))


@staff_only
@require_POST
def action(request, centre, action):
    centre = centre_or_404(centre)
    require(request.user, Action.MANAGE_CENTRE, centre)
    try:
        if action in ("open", "close"):
            counter = get_object_or_404(Counter, pk=posted_id(request, "counter"), centre=centre)
            services.set_counter_open(counter, action == "open")
        elif action in ("pause", "resume"):
            group = get_object_or_404(ServiceGroup, pk=posted_id(request, "group"), centre=centre)
            services.set_group_paused(group, action == "pause")
        elif action == "services":
            counter = get_object_or_404(Counter, pk=posted_id(request, "counter"), centre=centre)
            chosen = ServiceGroup.objects.filter(pk__in=[v for v in request.POST.getlist("groups") if v.isdigit()])
            services.set_counter_services(counter, chosen)
        else:
            raise UserFacingError("Thao tác không hợp lệ", f"unknown action: {action}")
    except UserFacingError as exc:
        messages.error(request, error_text(request, exc))
    if request.htmx:
        return render(request, "queueing/_board.html", board_data(centre))
    return redirect(reverse("queueing:board", args=[centre.code]))
