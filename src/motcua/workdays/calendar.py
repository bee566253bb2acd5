"""Working-day calendar (lịch làm việc) and deadline arithmetic (tính thời hạn giải quyết).

Pure: no database. A working day (ngày làm việc) is Monday–Friday that is not a Vietnamese public
holiday, or a compensatory working Saturday (ngày làm bù), then corrected by the province's
overrides. Working time is the unit's working periods (giờ làm việc) on working days; by default
07:00–11:30 and 13:30–17:00, so one working day is 8 working hours (domain-vn.md §2.4).

Inside, a moment is a local date and a position in that day in microseconds: no DST in Vietnam,
so wall-clock arithmetic is exact and cheaper than datetime arithmetic in the loop.
"""

from calendar import monthrange
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from .periods import parse_periods
from .vn_holidays import year_days

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
DEFAULT_PERIODS = parse_periods([["07:00", "11:30"], ["13:30", "17:00"]])

WORKING_DAYS, WORKING_HOURS, DAYS, MONTHS = "working-days", "working-hours", "days", "months"
UNITS = {  # unit → Vietnamese name, for messages and documentation
    WORKING_DAYS: "ngày làm việc",
    WORKING_HOURS: "giờ làm việc",
    DAYS: "ngày",
    MONTHS: "tháng",
}

MAX_AMOUNT = 10_000  # far above any statutory time limit; bounds the loops and the year range

_US = 1_000_000
_ONE_DAY = timedelta(days=1)


def _us_of(t: time) -> int:
    return ((t.hour * 60 + t.minute) * 60 + t.second) * _US + t.microsecond


def to_amount(amount) -> Decimal:
    """A non-negative finite amount of time as a Decimal (số lượng thời gian); ValueError otherwise."""
    if isinstance(amount, bool) or not isinstance(amount, (int, float, Decimal, str)):
        raise ValueError(f"Thời hạn không hợp lệ / invalid amount: {amount!r}")
    try:
        value = Decimal(str(amount).strip())
    except InvalidOperation:
        value = Decimal("NaN")
    if value.is_nan():
        raise ValueError(f"Thời hạn không phải là số / amount is not a number: {amount!r}")
    if value.is_infinite() or value < 0:
        raise ValueError(f"Thời hạn phải là số không âm / amount must be a non-negative number: {amount}")
    return value


class WorkCalendar:
    """The working days and hours of one unit (đơn vị) in one province.

    ``extra_days_off`` and ``extra_working_days`` are the province's overrides (ngày nghỉ/làm việc
    điều chỉnh), e.g. a Tết schedule announced differently from the package.
    """

    def __init__(self, periods=DEFAULT_PERIODS, extra_days_off=frozenset(), extra_working_days=frozenset(),
                 tz=VIETNAM):
        both = set(extra_days_off) & set(extra_working_days)
        if both:
            days = ", ".join(d.isoformat() for d in sorted(both))
            raise ValueError(f"Ngày vừa là ngày nghỉ vừa là ngày làm việc / day both off and working: "
                             f"{days}")
        self.periods = tuple(periods)
        if not self.periods:
            raise ValueError("Cần ít nhất một khoảng giờ làm việc / "
                             "at least one working period is required")
        self.tz = tz
        self._spans = tuple((_us_of(start), _us_of(end)) for start, end in self.periods)
        self._day_us = sum(end - start for start, end in self._spans)
        self._overrides = {**{d: False for d in extra_days_off}, **{d: True for d in extra_working_days}}
        self._known: dict[date, bool] = {}  # memo of is_working_day: it runs in every loop below

    # --- days -----------------------------------------------------------------------------------

    def is_working_day(self, day: date) -> bool:
        """Whether ``day`` is a working day (ngày làm việc). A datetime is read in the calendar's tz."""
        if isinstance(day, datetime):
            day = self._local(day).date()
        known = self._known.get(day)
        if known is None:
            known = self._known[day] = self._decide(day)
        return known

    def _decide(self, day: date) -> bool:
        if day in self._overrides:
            return self._overrides[day]
        days_off, weekend_workdays = year_days(day.year)
        if day.weekday() >= 5:
            return day in weekend_workdays
        return day not in days_off

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after ``day`` (ngày làm việc tiếp theo)."""
        day += _ONE_DAY
        while not self.is_working_day(day):
            day += _ONE_DAY
        return day

    # --- moments --------------------------------------------------------------------------------

    def _local(self, moment: datetime) -> datetime:
        """``moment`` as naive local wall time; naive input is refused because it is ambiguous."""
        if not isinstance(moment, datetime):
            raise ValueError(f"Cần ngày giờ / a datetime is required, got {moment!r}")
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise ValueError("Thời điểm phải có múi giờ / datetime must be timezone-aware: "
                             f"{moment.isoformat()}")
        return moment.astimezone(self.tz).replace(tzinfo=None)

    def _split(self, moment: datetime) -> tuple[date, int]:
        local = self._local(moment)
        return local.date(), _us_of(local.time())

    def _moment(self, day: date, us: int) -> datetime:
        return datetime.combine(day, time(), self.tz) + timedelta(microseconds=us)

    def clock_start(self, received: datetime) -> datetime:
        """When the clock starts for a dossier received at ``received`` (thời điểm bắt đầu tính hạn).

        Inside working time: ``received`` itself. Otherwise the start of the next working period:
        before 07:00 → 07:00, lunch → 13:30, from 17:00 or on a day off → next working day 07:00.
        A period's end belongs to the next period (no working time is left at 11:30 or 17:00).
        """
        day, pos = self._split(received)
        if self.is_working_day(day):
            for start, end in self._spans:
                if pos < end:
                    return self._moment(day, max(pos, start))
        return self._moment(self.next_working_day(day), self._spans[0][0])

    def add_working_seconds(self, moment: datetime, seconds: int) -> datetime:
        """``moment`` plus ``seconds`` of working time; a due moment at a period's end stays there.

        Adding 0 returns ``moment`` unchanged (in the calendar's tz), even outside working time, so
        that a pause of no working time leaves a due date as it was.
        """
        if seconds < 0:
            raise ValueError(f"Số giây phải không âm / seconds must be non-negative: {seconds}")
        day, pos = self._split(moment)
        remaining = int(seconds) * _US
        if remaining == 0:
            return moment.astimezone(self.tz)
        while True:
            if self.is_working_day(day):
                if pos == 0 and remaining > self._day_us:  # whole day: skip without walking periods
                    remaining -= self._day_us
                else:
                    for start, end in self._spans:
                        if pos < end:
                            pos = max(pos, start)
                            if remaining <= end - pos:  # "<=": ending at 17:00 is 17:00, not 07:00 next day
                                return self._moment(day, pos + remaining)
                            remaining -= end - pos
                            pos = end
            day, pos = day + _ONE_DAY, 0

    def _worked_before(self, day: date, pos: int) -> int:
        """Working microseconds on ``day`` before position ``pos``."""
        if not self.is_working_day(day):
            return 0
        return sum(max(0, min(pos, end) - start) for start, end in self._spans)

    def working_seconds_between(self, a: datetime, b: datetime) -> int:
        """Working seconds from ``a`` to ``b`` (thời gian làm việc giữa hai thời điểm), ``a`` ≤ ``b``."""
        (day_a, pos_a), (day_b, pos_b) = self._split(a), self._split(b)
        if (day_b, pos_b) < (day_a, pos_a):
            raise ValueError("Thời điểm kết thúc trước thời điểm bắt đầu / end is before start: "
                             f"{a.isoformat()} > {b.isoformat()}")
        total = self._worked_before(day_b, pos_b) - self._worked_before(day_a, pos_a)
        day = day_a
        while day < day_b:
            if self.is_working_day(day):
                total += self._day_us
            day += _ONE_DAY
        return total // _US

    def extend_for_pause(self, due: datetime, paused_at: datetime, resumed_at: datetime) -> datetime:
        """The due moment after a pause (tạm dừng) from ``paused_at`` to ``resumed_at``.

        The working time lost during the pause is added back to the old due moment.
        """
        return self.add_working_seconds(due, self.working_seconds_between(paused_at, resumed_at))

    # --- deadlines ------------------------------------------------------------------------------

    def add(self, start: datetime, amount, unit: str) -> datetime:
        """``start`` plus ``amount`` of ``unit`` (one of UNITS): the due moment (ngày hẹn trả).

        Working units count working time only (one working day = the periods' length, 8 h by
        default) rounded to the second. Calendar units keep the time of day; a due day that is not
        a working day moves to the next working day, same time (decision 0101).
        """
        value = to_amount(amount)
        if value > MAX_AMOUNT:
            raise ValueError(f"Thời hạn quá lớn / amount too large: {value} > {MAX_AMOUNT}")
        if unit == WORKING_DAYS:
            return self.add_working_seconds(start, self._seconds(value * self._day_us / _US))
        if unit == WORKING_HOURS:
            return self.add_working_seconds(start, self._seconds(value * 3600))
        if unit in (DAYS, MONTHS):
            if value != value.to_integral_value():
                raise ValueError(f"Số {UNITS[unit]} phải là số nguyên / {unit} must be a whole number: {value}")
            local = self._local(start)
            due = local + timedelta(days=int(value)) if unit == DAYS else _add_months(local, int(value))
            if not self.is_working_day(due.date()):
                due = datetime.combine(self.next_working_day(due.date()), due.time())
            return due.replace(tzinfo=self.tz)
        names = ", ".join(UNITS)
        raise ValueError(f"Đơn vị thời gian không hợp lệ / unknown unit {unit!r} (dùng / use: {names})")

    @staticmethod
    def _seconds(value: Decimal) -> int:
        return int(value.to_integral_value(rounding=ROUND_HALF_UP))

    def due(self, received: datetime, amount, unit: str) -> datetime:
        """The due moment of a dossier received at ``received``: ``add(clock_start(received), ...)``."""
        return self.add(self.clock_start(received), amount, unit)


def _add_months(moment: datetime, months: int) -> datetime:
    """Same day of month ``months`` later, clamped to the month's last day (31/01 + 1 → 28/02)."""
    year, month0 = divmod(moment.month - 1 + months, 12)
    year += moment.year
    day = min(moment.day, monthrange(year, month0 + 1)[1])
    return moment.replace(year=year, month=month0 + 1, day=day)
