"""Rate limits (giới hạn số lần thử) kept in Django's cache, so every web process shares them.

A limit is "N tries per S seconds" counted in fixed windows: the counter of the current window
lives under a key that names the window, and expires with it. The default cache is the shared
DatabaseCache, so a limit holds across processes and machines.

The parts that decide (``parse_rate``, ``window_key``, ``client_ip``) are pure; ``hit`` and
``is_exceeded`` only read and write the cache.
"""

import hashlib
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Rate:
    """At most ``count`` tries in ``seconds``."""

    count: int
    seconds: int


def parse_rate(text: str) -> Rate:
    """'10/600' → Rate(10, 600). A bad setting stops the start-up with a message naming it."""
    count, _, seconds = (text or "").partition("/")
    if not (count.strip().isdigit() and seconds.strip().isdigit()) or int(count) < 1 or int(seconds) < 1:
        raise ImproperlyConfigured(
            f"Giới hạn không hợp lệ: {text!r}, cần dạng 'số lần/số giây', ví dụ '10/600' / "
            f"invalid rate {text!r}: expected 'tries/seconds', e.g. '10/600'")
    return Rate(int(count), int(seconds))


def window_key(scope: str, ident: str, rate: Rate, now: float) -> str:
    """Cache key of the window that contains ``now`` (seconds since the epoch). The identifier is
    hashed: it may come from anyone (a typed code) and must never reach the cache as it is."""
    digest = hashlib.sha256(ident.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}:{rate.seconds}:{int(now // rate.seconds)}"


def client_ip(remote_addr: str, forwarded_for: str, trusted_hops: int) -> str:
    """The client's address. Behind ``trusted_hops`` proxies that each append to X-Forwarded-For,
    the client is the entry that many places from the right; anything further left is whatever
    the client chose to send, so it is never trusted."""
    if trusted_hops <= 0:
        return remote_addr
    chain = [part.strip() for part in (forwarded_for or "").split(",") if part.strip()]
    return chain[-trusted_hops] if len(chain) >= trusted_hops else remote_addr


def is_exceeded(scope: str, ident: str, rate: Rate, now: float | None = None) -> bool:
    """Whether ``ident`` has used up its tries in the current window (without counting one)."""
    return cache.get(window_key(scope, ident, rate, time.time() if now is None else now), 0) >= rate.count


def hit(scope: str, ident: str, rate: Rate, now: float | None = None) -> bool:
    """Count one try; True while the tries so far (this one included) are within the limit.

    ``add`` then ``incr`` is not one atomic step on every cache backend, so a burst of parallel
    requests may slip a few tries past the limit; it cannot reset a counter.
    """
    key = window_key(scope, ident, rate, time.time() if now is None else now)
    cache.add(key, 0, timeout=rate.seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr: this try opens a new window
        cache.add(key, 1, timeout=rate.seconds)
        count = 1
    return count <= rate.count
