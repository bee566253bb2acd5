"""Pages of the assistant: the citizen chat (/tro-ly/) and the officer panel (/nghiep-vu/tro-ly/).

Both post one message at a time. With htmx the answer is appended to the conversation (partial
template, the new conversation token swapped out of band); without JavaScript the page reloads
with the last exchange, so the chat works on any phone.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from motcua.accounts.models import RoleAssignment
from motcua.core import ratelimit
from motcua.core.errors import UserFacingError

from . import service


def _client_ip(request) -> str:
    return ratelimit.client_ip(request.META.get("REMOTE_ADDR", ""), request.META.get("HTTP_X_FORWARDED_FOR", ""),
                               settings.MOTCUA_TRUSTED_PROXY_HOPS)


def _turn(request, staff: bool, unit_code: str) -> tuple[dict, int]:
    question = request.POST.get("question", "")
    try:
        reply = service.ask(question, request.POST.get("token", ""), unit_code, _client_ip(request), staff=staff)
    except UserFacingError as error:
        status = 429 if error.code == "rate_limited" else 400
        return {"kind": "error", "text": error.message_vi, "token": request.POST.get("token", "")}, status
    return reply, 200


def _chat(request, staff: bool, unit_code: str, template: str, ask_url: str):
    context = {"ask_url": ask_url, "unit_code": unit_code, "staff": staff, "exchanges": [], "token": ""}
    status = 200
    if request.method == "POST":
        reply, status = _turn(request, staff, unit_code)
        exchange = {"question": request.POST.get("question", ""), "reply": reply}
        if request.htmx:
            return render(request, "assistant/_exchange.html", {**context, "exchange": exchange, "oob": True},
                          status=status)
        context.update(exchanges=[exchange], token=reply["token"])
    return render(request, template, context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def chat(request):
    """Trợ lý ảo cho người dân. ``?don-vi=H15.50`` names the centre the citizen deals with."""
    unit_code = request.POST.get("unit_code") or request.GET.get("don-vi", "")
    return _chat(request, False, unit_code, "assistant/chat.html", reverse("assistant:chat"))


def _officer_unit_code(user) -> str:
    role = RoleAssignment.objects.filter(user=user, unit__isnull=False).select_related("unit").order_by("pk").first()
    return role.unit.code if role else ""


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def officer(request):
    """Trợ lý nghiệp vụ: the same conversation plus the internal process and forms (staff only)."""
    if request.user.kind != "staff":
        raise PermissionDenied("Chỉ dành cho cán bộ / staff only")
    return _chat(request, True, _officer_unit_code(request.user), "assistant/officer.html",
                 reverse("assistant:officer"))
