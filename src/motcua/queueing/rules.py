"""The queue's rules as pure functions (no database): ticket states and moves, who a counter may
call, the local day, waiting estimates, appointment slots, percentiles and the spoken call.

Tested with their own numbers in tests/queueing/test_rules.py.
"""

import math
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from motcua.core.text import to_ascii
from motcua.workdays.calendar import VIETNAM


class State:
    """Trạng thái vé. Every state a ticket is in is recorded as a period (TicketPeriod)."""

    WAITING = "waiting"      # đang chờ
    CALLED = "called"        # đã gọi, chờ người dân tới quầy
    SERVING = "serving"      # đang phục vụ
    ON_HOLD = "on_hold"      # tạm gác (người dân bổ sung giấy tờ, chờ tra cứu)
    DONE = "done"            # đã phục vụ xong
    NO_SHOW = "no_show"      # vắng mặt khi được gọi
    CANCELLED = "cancelled"  # người dân bỏ lượt
    EXPIRED = "expired"      # hết ngày, hàng chờ được xóa (chính sách "xóa")

    CHOICES = [
        (WAITING, "Đang chờ"), (CALLED, "Đã gọi"), (SERVING, "Đang phục vụ"), (ON_HOLD, "Tạm gác"),
        (DONE, "Hoàn thành"), (NO_SHOW, "Vắng mặt"), (CANCELLED, "Bỏ lượt"), (EXPIRED, "Hết ngày"),
    ]
    FINAL = frozenset({DONE, NO_SHOW, CANCELLED, EXPIRED})
    AT_COUNTER = frozenset({CALLED, SERVING, ON_HOLD})


class Move(NamedTuple):
    sources: frozenset
    target: str
    label_vi: str


S = State
MOVES: dict[str, Move] = {
    "call": Move(frozenset({S.WAITING}), S.CALLED, "gọi số"),
    "recall": Move(frozenset({S.CALLED}), S.CALLED, "gọi lại"),
    "start": Move(frozenset({S.CALLED}), S.SERVING, "bắt đầu phục vụ"),
    "hold": Move(frozenset({S.CALLED, S.SERVING}), S.ON_HOLD, "tạm gác"),
    "resume": Move(frozenset({S.ON_HOLD}), S.SERVING, "tiếp tục phục vụ"),
    "finish": Move(frozenset({S.SERVING}), S.DONE, "hoàn thành"),
    "no_show": Move(frozenset({S.CALLED}), S.NO_SHOW, "vắng mặt"),
    "transfer": Move(frozenset({S.CALLED, S.SERVING, S.ON_HOLD}), S.WAITING, "chuyển"),
    "cancel": Move(frozenset({S.WAITING}), S.CANCELLED, "bỏ lượt"),
    "expire": Move(frozenset({S.WAITING, S.CALLED, S.ON_HOLD}), S.EXPIRED, "hết ngày"),
}
del S


def move_for(action: str, state: str) -> Move:
    """The move ``action`` from ``state``; ValueError with a message an officer can act on."""
    move = MOVES.get(action)
    if move is None:
        raise ValueError(f"Thao tác không hợp lệ / unknown action: {action!r}")
    if state not in move.sources:
        raise ValueError(f"Không thể {move.label_vi} vé ở trạng thái {dict(State.CHOICES)[state]} / "
                         f"cannot {action} a ticket that is {state}")
    return move


class Lane:
    """Thứ tự ưu tiên trong một hàng: người ưu tiên, rồi người có lịch hẹn đã đến, rồi lượt thường."""

    PRIORITY, APPOINTMENT, NORMAL = 0, 1, 2


class PriorityMode:
    """Chính sách ưu tiên của trung tâm (NĐ 107/2021: có thể bố trí quầy riêng)."""

    FIRST = "first"          # mọi quầy gọi người ưu tiên trước
    DEDICATED = "dedicated"  # người ưu tiên tới quầy ưu tiên (nếu có quầy ưu tiên đang mở)
    CHOICES = [(FIRST, "Gọi người ưu tiên trước ở mọi quầy"), (DEDICATED, "Quầy ưu tiên riêng")]


class CallScope(NamedTuple):
    """What a counter's "call next" may take: priority tickets of any service (a dedicated
    priority counter), and whether the priority lane is open to it at all."""

    priority_any_service: bool
    include_priority: bool


def call_scope(mode: str, counter_is_priority: bool, priority_counter_open: bool) -> CallScope:
    """Who a counter calls under the centre's priority mode.

    - FIRST: every counter takes the priority lane of its own services first.
    - DEDICATED: an open priority counter takes priority tickets of every service, then its own
      services' line; ordinary counters leave priority tickets to it. When no priority counter
      is open, ordinary counters serve priority tickets first, as in FIRST: nobody is stranded.
    """
    if mode == PriorityMode.DEDICATED and priority_counter_open:
        return CallScope(priority_any_service=counter_is_priority, include_priority=counter_is_priority)
    return CallScope(priority_any_service=False, include_priority=True)


def lane_for(priority: bool, appointment: bool) -> int:
    if priority:
        return Lane.PRIORITY
    return Lane.APPOINTMENT if appointment else Lane.NORMAL


def local_day(moment: datetime) -> date:
    """The centre's day of an aware moment: the day in Asia/Ho_Chi_Minh, whatever the server's zone.

    17:00 UTC is midnight in Vietnam (UTC+7): a ticket taken then belongs to the next day.
    """
    if moment.tzinfo is None:
        raise ValueError("Thời điểm thiếu múi giờ / naive datetime")
    return moment.astimezone(VIETNAM).date()


def label(code: str, number: int) -> str:
    """Số hiển thị: service code then a 3-digit daily number, e.g. ("1", 23) → "1023"."""
    if number < 1:
        raise ValueError("Số thứ tự phải từ 1 / number must be positive")
    return f"{code}{number:03d}"


def estimate_wait_minutes(ahead: int, counters: int, minutes_per_ticket: float) -> int:
    """Thời gian chờ dự kiến: the people ahead share the counters serving the service.

    12 ahead, 3 counters, 6 minutes each → 24 minutes. With no counter open the estimate is
    what one counter would take, since one will open.
    """
    if ahead <= 0:
        return 0
    return math.ceil(ahead * minutes_per_ticket / max(1, counters))


def percentile(values, fraction: float) -> float | None:
    """Nearest-rank percentile (the value below which ``fraction`` of the values fall).

    p90 of 1..10 is 9; of 1..20 is 18; of a single value is that value; None when empty.
    """
    ordered = sorted(values)
    if not ordered:
        return None
    if not 0 < fraction <= 1:
        raise ValueError("fraction must be in (0, 1]")
    return ordered[max(1, math.ceil(fraction * len(ordered))) - 1]


def slot_starts(periods, minutes: int) -> list[time]:
    """Start times of appointment slots of ``minutes`` within the working periods.

    07:00–11:30 and 13:30–17:00 in 30-minute slots → 07:00 … 11:00 (9 slots) and 13:30 … 16:30
    (7 slots): a slot must end within its period.
    """
    if minutes <= 0:
        raise ValueError("Độ dài khung giờ phải dương / slot length must be positive")
    step = timedelta(minutes=minutes)
    starts = []
    for begin, end in periods:
        moment = datetime.combine(date.min, begin)
        last = datetime.combine(date.min, end)
        while moment + step <= last:
            starts.append(moment.time())
            moment += step
    return starts


def slot_capacity(counters: int, per_counter: int) -> int:
    """Lịch hẹn tối đa trong một khung giờ: each counter serving the service takes ``per_counter``."""
    return max(0, counters) * max(0, per_counter)


def checkin_window(starts_at: datetime, early_minutes: int, grace_minutes: int) -> tuple[datetime, datetime]:
    """When an appointment may be checked in: from ``early`` before its start to ``grace`` after.
    After the window it is a no-show and its place is released."""
    return starts_at - timedelta(minutes=early_minutes), starts_at + timedelta(minutes=grace_minutes)


SPOKEN_DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]


def spoken_call(ticket_label: str, counter_number: int) -> str:
    """The sentence a display speaks: "Mời số 1023 đến quầy số 3"."""
    return f"Mời số {ticket_label} đến quầy số {counter_number}"


def spoken_clips(ticket_label: str, counter_number: int) -> list[str]:
    """The same sentence as pre-recorded clips, for screens without a Vietnamese voice: the
    number read digit by digit ("một không hai ba"), letters by name.

    "1023", 3 → ["moi-so", "1", "0", "2", "3", "den-quay-so", "3"].
    """
    def symbols(text: str) -> list[str]:
        return [to_ascii(ch).lower() for ch in text if ch.isalnum()]

    return ["moi-so", *symbols(ticket_label), "den-quay-so", *symbols(str(counter_number))]


def clip_texts() -> dict[str, str]:
    """Every clip the screens may play, with the text to record (motcua queue_voice)."""
    texts = {"moi-so": "Mời số", "den-quay-so": "đến quầy số"}
    texts.update({str(d): word for d, word in enumerate(SPOKEN_DIGITS)})
    texts.update({ch: ch.upper() for ch in "abcdefghijklmnopqrstuvwxyz"})
    return texts
