"""The kiosk (máy lấy số): choose a service, say whether you are a priority person, get a ticket;
or check in an appointment with its 6-digit code. Touch only, no typing. The printed ticket page
is also the citizen's receipt of a remote number."""

import segno
from django.conf import settings
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from motcua.core import ratelimit
from motcua.core.errors import UserFacingError

from .. import appointments, services
from ..models import PriorityCategory, ServiceGroup, Ticket
from ..rules import VIETNAM, State
from .common import centre_or_404, error_text, posted_id


def _groups(centre):
    return ServiceGroup.objects.filter(centre=centre).prefetch_related("fields").order_by("position", "code")


def home(request, centre):
    centre = centre_or_404(centre)
    return render(request, "queueing/kiosk_home.html", {"centre": centre, "groups": _groups(centre)})


def choose(request, centre, group):
    centre = centre_or_404(centre)
    group = get_object_or_404(ServiceGroup, centre=centre, pk=group)
    categories = PriorityCategory.objects.filter(is_active=True)
    return render(request, "queueing/kiosk_priority.html", {"centre": centre, "group": group,
                                                            "categories": categories})


def _limited(request, centre) -> bool:
    """Kiosk pages are public: cap numbers per client address so nobody empties the day's range."""
    rate = ratelimit.parse_rate(settings.MOTCUA_QUEUE_KIOSK_RATE)
    ip = ratelimit.client_ip(request.META.get("REMOTE_ADDR", ""), request.META.get("HTTP_X_FORWARDED_FOR", ""),
                             settings.MOTCUA_TRUSTED_PROXY_HOPS)
    return not ratelimit.hit(f"queue-kiosk-{centre.pk}", ip, rate)


@require_POST
def take(request, centre):
    centre = centre_or_404(centre)
    group = get_object_or_404(ServiceGroup, centre=centre, pk=posted_id(request, "group"))
    category = get_object_or_404(PriorityCategory, pk=posted_id(request, "priority")) if request.POST.get(
        "priority") else None
    try:
        if _limited(request, centre):
            raise UserFacingError("Máy đang bận, mời thử lại sau ít phút", "too many numbers from this kiosk; "
                                  "try again in a few minutes", code="rate")
        ticket = services.issue_ticket(group, priority=category)
    except UserFacingError as exc:
        return render(request, "queueing/kiosk_home.html", {"centre": centre, "groups": _groups(centre),
                                                            "error": error_text(request, exc)}, status=400)
    return redirect(reverse("queueing:ticket", args=[ticket.token]) + "?kiosk=1")


def checkin(request, centre):
    centre = centre_or_404(centre)
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    error = ""
    if request.method == "POST":
        try:
            ticket = appointments.check_in(centre, request.POST.get("code", ""))
            return redirect(reverse("queueing:ticket", args=[ticket.token]) + "?kiosk=1")
        except UserFacingError as exc:
            error = error_text(request, exc)
    return render(request, "queueing/kiosk_checkin.html", {"centre": centre, "error": error,
                                                           "digits": "123456789"}, status=400 if error else 200)


def _qr_svg(url: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=4, border=2, dark="#000", omitsize=True)


def ticket(request, token):
    """Phiếu số thứ tự: 80 mm thermal-printer layout; the kiosk prints it and goes back."""
    ticket = get_object_or_404(Ticket.objects.select_related("group", "centre", "priority"), token=token)
    ahead = services.ahead_of(ticket)
    follow = request.build_absolute_uri(reverse("queueing:follow", args=[ticket.token]))
    return render(request, "queueing/ticket.html", {
        "ticket": ticket, "ahead": ahead, "wait": services.estimate_minutes(ticket, ahead),
        "issued": timezone.localtime(ticket.created_at, VIETNAM), "qr": _qr_svg(follow), "follow_url": follow,
        "kiosk": request.GET.get("kiosk") == "1", "waiting": ticket.state == State.WAITING,
        "back": reverse("queueing:kiosk", args=[ticket.centre.code])})
