"""Session guards: idle sessions end, and staff who need a second factor give it before anything else.

``is_idle`` and ``should_touch`` are pure.
"""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import SESSION_KEY as AUTH_SESSION_KEY
from django.contrib.auth import logout
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from . import twofactor

LAST_SEEN = "motcua_last_seen"
TOUCH_EVERY_SECONDS = 60
# What a person who still owes the second factor may open: the factor pages and signing out.
SECOND_FACTOR_OPEN = {"identity:second_factor", "identity:enrol", "accounts:logout", "set_language"}


def is_idle(last_seen: float | None, now: float, limit_seconds: int) -> bool:
    return last_seen is not None and limit_seconds > 0 and now - last_seen > limit_seconds


def should_touch(last_seen: float | None, now: float) -> bool:
    """Write the time of activity at most once a minute, not on every request (a database write)."""
    return last_seen is None or now - last_seen >= TOUCH_EVERY_SECONDS


def _refuse(request, location: str, message_vi: str, message_en: str):
    """Send a page request to ``location``; tell htmx and API callers in their own way."""
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "unauthorized", "field": None, "message": message_vi, "message_en": message_en},
                            status=401)
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = location
        return response
    return redirect(location)


class IdleTimeoutMiddleware:
    """Sign out a session unused for MOTCUA_IDLE_SECONDS (after AuthenticationMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if AUTH_SESSION_KEY in request.session:  # signed in; no user query needed to know it
            now, last_seen = time.time(), request.session.get(LAST_SEEN)
            if is_idle(last_seen, now, settings.MOTCUA_IDLE_SECONDS):
                logout(request)
                query = urlencode({"het-han": 1, "next": request.get_full_path()})
                return _refuse(request, f"{reverse('accounts:login')}?{query}",
                               "Phiên làm việc đã hết hạn vì lâu không thao tác", "session expired after inactivity")
            if should_touch(last_seen, now):
                request.session[LAST_SEEN] = now
        return self.get_response(request)


class SecondFactorMiddleware:
    """Staff whose roles need a second factor reach nothing but the factor pages until they give it
    (after django_otp's OTPMiddleware). Covers every sign-in path, the admin's included."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.view_name in SECOND_FACTOR_OPEN:
            return None
        user = request.user
        if not user.is_authenticated or user.is_verified() or not twofactor.required_for(user):
            return None
        location = f"{reverse('identity:second_factor')}?{urlencode({'next': request.get_full_path()})}"
        return _refuse(request, location, "Cần nhập mã xác thực hai yếu tố", "the second sign-in factor is required")
