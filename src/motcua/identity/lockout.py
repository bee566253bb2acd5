"""Sign-in lockout (tạm khóa đăng nhập): too many failed sign-ins lock the username, and the client
address, for a while. Counted in the shared cache, so every web process sees the same counts.

Setting "N/S" (MOTCUA_LOGIN_LOCKOUT_PER_USER, _PER_IP): after N failures within S seconds the
username (or address) is locked for S seconds, then starts again with N tries. Every sign-in path
goes through ``authenticate()``, so ``LockoutBackend`` (first in AUTHENTICATION_BACKENDS) refuses
locked ones everywhere — the admin's own login page included — and the ``user_login_failed``
signal counts failures wherever they happen.

``wait_text`` and ``seconds_left`` are pure; the rest reads and writes the cache.
"""

import hashlib
import math
import time

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.core.exceptions import PermissionDenied

from motcua.core import ratelimit

SCOPES = ("user", "ip")


def seconds_left(unlock_at: float | None, now: float) -> int:
    """Whole seconds until ``unlock_at`` (0 when not locked)."""
    return max(0, math.ceil(unlock_at - now)) if unlock_at else 0


def wait_text(seconds: int) -> tuple[str, str]:
    """The wait, rounded up to whole minutes, in Vietnamese and English."""
    minutes = max(1, math.ceil(seconds / 60))
    return f"{minutes} phút", f"{minutes} minute{'s' if minutes > 1 else ''}"


def locked_message(seconds: int) -> str:
    vi, en = wait_text(seconds)
    return (f"Đăng nhập sai quá nhiều lần nên tạm bị khóa. Vui lòng thử lại sau {vi}.\n"
            f"Too many failed sign-ins: please try again in {en}.")


def client_ip(request) -> str:
    if request is None:
        return ""
    return ratelimit.client_ip(request.META.get("REMOTE_ADDR", ""), request.META.get("HTTP_X_FORWARDED_FOR", ""),
                               settings.MOTCUA_TRUSTED_PROXY_HOPS)


def _rate(scope: str) -> ratelimit.Rate:
    return ratelimit.parse_rate(settings.MOTCUA_LOGIN_LOCKOUT_PER_USER if scope == "user"
                                else settings.MOTCUA_LOGIN_LOCKOUT_PER_IP)


def _ident(scope: str, value: str) -> str:
    # Usernames are compared without case: 'LanhDao' and 'lanhdao' share one count.
    value = value.strip().lower() if scope == "user" else value
    return hashlib.sha256(f"{scope}:{value}".encode()).hexdigest()[:40]


def _keys(scope: str, value: str) -> tuple[str, str]:
    ident = _ident(scope, value)
    return f"lockout:fail:{ident}", f"lockout:lock:{ident}"


def _pairs(username: str, ip: str):
    return [(scope, value) for scope, value in zip(SCOPES, (username or "", ip or "")) if value]


def locked_for(username: str, ip: str, now: float | None = None) -> int:
    """Seconds before ``username`` from ``ip`` may try again (0: now)."""
    now = time.time() if now is None else now
    return max([seconds_left(cache.get(_keys(s, v)[1]), now) for s, v in _pairs(username, ip)], default=0)


def record_failure(username: str, ip: str, now: float | None = None) -> None:
    now = time.time() if now is None else now
    for scope, value in _pairs(username, ip):
        fail_key, lock_key = _keys(scope, value)
        if seconds_left(cache.get(lock_key), now):
            continue  # tries while locked neither count nor lengthen the lock
        rate = _rate(scope)
        cache.add(fail_key, 0, timeout=rate.seconds)
        try:
            count = cache.incr(fail_key)
        except ValueError:  # the window ended between add and incr
            cache.add(fail_key, 1, timeout=rate.seconds)
            count = 1
        if count >= rate.count:
            cache.set(lock_key, now + rate.seconds, timeout=rate.seconds)
            cache.delete(fail_key)  # after the lock, a fresh set of tries


def clear(username: str) -> None:
    """A successful sign-in forgets the username's failures (not the address's)."""
    cache.delete_many(list(_keys("user", username)))


class LockoutBackend:
    """Authentication backend that only refuses: a locked username or address cannot sign in.

    It has no ``get_user`` on purpose: sessions are never tied to it (the test client's
    ``force_login`` picks the first backend that has one)."""

    def authenticate(self, request, username=None, **credentials):
        if username and locked_for(username, client_ip(request)):
            raise PermissionDenied  # stops authenticate() before any password is checked
        return None


def _failed(sender, credentials, request=None, **kwargs):
    record_failure(credentials.get("username") or "", client_ip(request))


def _succeeded(sender, request, user, **kwargs):
    clear(user.get_username())


def connect_signals() -> None:
    user_login_failed.connect(_failed, dispatch_uid="motcua_lockout_failed")
    user_logged_in.connect(_succeeded, dispatch_uid="motcua_lockout_succeeded")
