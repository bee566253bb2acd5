"""Rate limits (giới hạn số lần thử) kept in the database, so every web process shares them.

A limit is "N tries per S seconds" counted in fixed windows. Each identity has one counter row
(``RateCounter``) holding the end of its current window and the tries in it; counting a try is a
single INSERT … ON CONFLICT DO UPDATE … RETURNING: it starts a new window or adds one, atomically,
and answers the count — one statement, where Django's database cache took a read and a write
(five statements) per try and let parallel tries slip past the limit (decision 0550).

The parts that decide (``parse_rate``, ``counter_key``, ``window_end``, ``client_ip``) are pure;
``hit`` and ``is_exceeded`` run one statement each.
"""

import hashlib
import itertools
import time
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from .models import RateCounter


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


def counter_key(scope: str, ident: str, rate: Rate) -> str:
    """The counter row's key. The identifier is hashed: it may come from anyone (a typed code) and
    must never reach the database as it is."""
    digest = hashlib.sha256(ident.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return f"{scope}:{digest}:{rate.seconds}"


def window_end(rate: Rate, now: float) -> int:
    """End of the window that contains ``now`` (seconds since the epoch); windows start on
    multiples of their length."""
    return (int(now // rate.seconds) + 1) * rate.seconds


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
    end = window_end(rate, time.time() if now is None else now)
    count = (RateCounter.objects.filter(key=counter_key(scope, ident, rate), window_end=end)
             .values_list("count", flat=True).first())
    return (count or 0) >= rate.count


def _table() -> str:
    return connection.ops.quote_name(RateCounter._meta.db_table)


def _count_sql() -> str:
    """Start the window or add a try to it. A counter whose window has passed starts again at 1; a
    try stamped with an older window (another machine's clock) counts in the newer one."""
    t = _table()
    return (f"INSERT INTO {t} (key, window_end, count) VALUES (%s, %s, 1) ON CONFLICT (key) DO UPDATE SET "
            f"count = CASE WHEN excluded.window_end > {t}.window_end THEN 1 ELSE {t}.count + 1 END, "
            f"window_end = CASE WHEN excluded.window_end > {t}.window_end THEN excluded.window_end "
            f"ELSE {t}.window_end END RETURNING count")


# Rows of identities that stopped trying stay until a sweep: every SWEEP_EVERY counted tries a
# process deletes the rows whose window has closed (a scan of a table of recent identities).
SWEEP_EVERY = 1000
_tries = itertools.count(1)


def hit(scope: str, ident: str, rate: Rate, now: float | None = None, *,
        check: tuple[str, str, Rate] | None = None) -> bool:
    """Count one try; True while the tries so far (this one included) are within the limit.

    ``check=(scope, ident, rate)``: also False when that other counter has used up its tries in its
    current window — read in the same statement, without counting a try there.
    """
    now = time.time() if now is None else now
    sql, params = _count_sql(), [counter_key(scope, ident, rate), window_end(rate, now)]
    if check is not None:
        other_scope, other_ident, other_rate = check
        sql += f", (SELECT other.count FROM {_table()} AS other WHERE other.key = %s AND other.window_end = %s)"
        params += [counter_key(other_scope, other_ident, other_rate), window_end(other_rate, now)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        count, *other = cursor.fetchone()
        if next(_tries) % SWEEP_EVERY == 0:
            cursor.execute(f"DELETE FROM {_table()} WHERE window_end <= %s", [int(now)])
    exceeded = check is not None and (other[0] or 0) >= check[2].count
    return count <= rate.count and not exceeded
