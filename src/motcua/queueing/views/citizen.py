"""The citizen's queue pages: follow my number (theo dõi lượt), remote number (lấy số trực tuyến)
and appointments (đặt lịch hẹn)."""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from motcua.core.errors import UserFacingError
from motcua.workdays.services import calendar_for_unit

from .. import appointments, services
from ..models import Appointment, ServiceGroup, Ticket
from ..rules import VIETNAM, State, local_day
from .common import centre_or_404, error_text, posted_id


def follow(request, token):
    ticket = get_object_or_404(Ticket.objects.select_related("group", "centre", "counter"), token=token)
    ahead = services.ahead_of(ticket)
    context = {"ticket": ticket, "ahead": ahead, "wait": services.estimate_minutes(ticket, ahead),
               "waiting": ticket.state == State.WAITING,
               "called": ticket.state in (State.CALLED, State.SERVING, State.ON_HOLD)}
    template = "queueing/_follow.html" if request.htmx else "queueing/follow.html"
    return render(request, template, context)


@require_POST
def leave(request, token):
    ticket = get_object_or_404(Ticket, token=token)
    try:
        services.cancel(ticket)
        messages.success(request, "Ông/bà đã bỏ lượt. Cảm ơn ông/bà đã báo.")
    except UserFacingError as exc:
        messages.error(request, error_text(request, exc))
    return redirect(reverse("queueing:follow", args=[token]))


def _open_groups(centre):
    return ServiceGroup.objects.filter(centre=centre, is_paused=False).order_by("position", "code")


@login_required
def remote(request, centre):
    centre = centre_or_404(centre)
    error = ""
    if request.method == "POST":
        group = get_object_or_404(ServiceGroup, centre=centre, pk=posted_id(request, "group"))
        try:
            ticket = services.take_remote(group, request.user, phone=request.POST.get("phone", ""))
            return redirect("queueing:ticket", ticket.token)
        except UserFacingError as exc:
            error = error_text(request, exc)
    mine = Ticket.objects.filter(centre=centre, citizen=request.user, source=Ticket.Source.REMOTE,
                                 day=local_day(timezone.now())).select_related("group")
    return render(request, "queueing/remote.html", {
        "centre": centre, "groups": _open_groups(centre), "mine": mine, "error": error,
        "limit": services.settings_for(centre).remote_per_day, "phone": request.POST.get("phone", request.user.phone)},
        status=400 if error else 200)


def _bookable_days(centre, today: date) -> list[date]:
    calendar = calendar_for_unit(centre.unit)
    days = (today + timedelta(days=n) for n in range(settings.MOTCUA_QUEUE_BOOKING_DAYS_AHEAD + 1))
    return [d for d in days if calendar.is_working_day(d)]


@login_required
def book(request, centre):
    centre = centre_or_404(centre)
    now = timezone.now()
    days = _bookable_days(centre, local_day(now))
    groups = list(_open_groups(centre).filter(appointments_per_counter__gt=0))
    source = request.POST if request.method == "POST" else request.GET
    group = next((g for g in groups if str(g.pk) == source.get("group")), groups[0] if groups else None)
    day = next((d for d in days if d.isoformat() == source.get("day")), days[0] if days else None)
    error = ""
    if request.method == "POST" and group:
        try:
            starts_at = datetime.fromisoformat(request.POST.get("slot", "")).astimezone(VIETNAM)
            appointment = appointments.book(group, request.user, starts_at, phone=request.POST.get("phone", ""))
            messages.success(request, f"Đã đặt lịch {timezone.localtime(appointment.starts_at, VIETNAM):%H:%M %d/%m/%Y}"
                                      f". Mã lịch hẹn: {appointment.code}")
            return redirect(reverse("queueing:book", args=[centre.code]))
        except ValueError:
            error = "Chọn một khung giờ / choose a time slot"
        except UserFacingError as exc:
            error = error_text(request, exc)
    slots = appointments.slots(group, day, now) if group and day else []
    mine = (Appointment.objects.filter(citizen=request.user, group__centre=centre, status=Appointment.Status.BOOKED,
                                       starts_at__gte=now).select_related("group"))
    return render(request, "queueing/book.html", {
        "centre": centre, "groups": groups, "group": group, "days": days, "day": day, "slots": slots,
        "mine": mine, "error": error, "phone": request.POST.get("phone", request.user.phone)},
        status=400 if error else 200)
