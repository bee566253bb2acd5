"""The pure working-day calendar, with the figures of domain-vn.md §2.4 and §6.1."""

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from motcua.workdays.calendar import VIETNAM, WorkCalendar
from motcua.workdays.periods import parse_periods

CAL = WorkCalendar()


def vn(*args):
    return datetime(*args, tzinfo=VIETNAM)


# --- days ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("day", [
    date(2026, 1, 1),                                   # Tết Dương lịch
    *(date(2026, 2, d) for d in range(16, 21)),         # Tết Nguyên đán: giao thừa – mùng 4
    date(2026, 4, 27),                                  # Giỗ Tổ on Sunday 26/04, observed Monday
    date(2026, 4, 30), date(2026, 5, 1),
    date(2026, 8, 31),                                  # swapped for Saturday 22/08
    date(2026, 9, 1), date(2026, 9, 2),                 # Quốc khánh + adjacent day
    date(2026, 11, 24),                                 # Ngày Văn hóa Việt Nam, from 2026 (holidays 0.109)
    date(2025, 5, 2),                                   # swapped for Saturday 26/04/2025
    date(2027, 5, 3),                                   # 01/05/2027 is a Saturday: observed Monday
])
def test_public_holidays_are_days_off(day):
    assert day.weekday() < 5
    assert not CAL.is_working_day(day)


@pytest.mark.parametrize("day", [date(2026, 8, 22), date(2025, 4, 26), date(2024, 5, 4)])
def test_compensatory_saturdays_are_working_days(day):
    assert day.weekday() == 5
    assert CAL.is_working_day(day)


def test_swap_across_new_year_is_known_from_either_year():
    # Saturday 27/12/2014 was worked for Friday 02/01/2015: the pair spans two years.
    assert CAL.is_working_day(date(2014, 12, 27))
    assert not CAL.is_working_day(date(2015, 1, 2))


def test_ordinary_weekdays_and_weekends():
    assert CAL.is_working_day(date(2026, 2, 13))        # Friday
    assert not CAL.is_working_day(date(2026, 2, 14))    # Saturday
    assert not CAL.is_working_day(date(2026, 2, 15))    # Sunday
    assert CAL.is_working_day(date(2026, 11, 25))       # the day after Ngày Văn hóa


def test_next_working_day_is_strictly_after():
    assert CAL.next_working_day(date(2026, 2, 13)) == date(2026, 2, 23)  # over the Tết week
    assert CAL.next_working_day(date(2026, 8, 21)) == date(2026, 8, 22)  # the compensatory Saturday
    assert CAL.next_working_day(date(2026, 8, 28)) == date(2026, 9, 3)   # 29–30/08 weekend, 31/08–02/09 off


def test_datetime_is_read_in_the_calendar_timezone():
    # 23:30 UTC on Sunday 22/02/2026 is Monday 06:30 in Vietnam.
    assert CAL.is_working_day(datetime(2026, 2, 22, 23, 30, tzinfo=timezone.utc))


def test_overrides_add_a_day_off_and_a_working_day():
    cal = WorkCalendar(extra_days_off={date(2026, 3, 10)}, extra_working_days={date(2026, 3, 14)})
    assert not cal.is_working_day(date(2026, 3, 10))   # a Tuesday closed by the province
    assert cal.is_working_day(date(2026, 3, 14))       # a Saturday worked
    assert cal.add(vn(2026, 3, 9, 10), 1, "working-days") == vn(2026, 3, 11, 10)
    assert cal.add(vn(2026, 3, 13, 10), 1, "working-days") == vn(2026, 3, 14, 10)
    assert CAL.add(vn(2026, 3, 13, 10), 1, "working-days") == vn(2026, 3, 16, 10)


def test_override_can_reopen_a_public_holiday():
    assert WorkCalendar(extra_working_days={date(2026, 11, 24)}).is_working_day(date(2026, 11, 24))


def test_a_calendar_needs_working_periods():
    with pytest.raises(ValueError, match="ít nhất một khoảng giờ làm việc"):
        WorkCalendar(periods=())


def test_a_day_cannot_be_both_off_and_working():
    with pytest.raises(ValueError, match="vừa là ngày nghỉ vừa là ngày làm việc"):
        WorkCalendar(extra_days_off={date(2026, 3, 10)}, extra_working_days={date(2026, 3, 10)})


# --- clock start -----------------------------------------------------------------------------------

@pytest.mark.parametrize("received, start", [
    (vn(2026, 3, 10, 9, 15), vn(2026, 3, 10, 9, 15)),   # inside working time: unchanged
    (vn(2026, 3, 10, 6, 0), vn(2026, 3, 10, 7, 0)),     # before 07:00
    (vn(2026, 3, 10, 12, 0), vn(2026, 3, 10, 13, 30)),  # lunch
    (vn(2026, 3, 10, 11, 30), vn(2026, 3, 10, 13, 30)),  # the morning's end belongs to lunch
    (vn(2026, 3, 10, 17, 0), vn(2026, 3, 11, 7, 0)),    # 17:00 exactly
    (vn(2026, 3, 10, 18, 45), vn(2026, 3, 11, 7, 0)),   # after 17:00
    (vn(2026, 3, 13, 17, 30), vn(2026, 3, 16, 7, 0)),   # Friday evening → Monday
    (vn(2026, 3, 14, 10, 0), vn(2026, 3, 16, 7, 0)),    # Saturday
    (vn(2026, 2, 17, 10, 0), vn(2026, 2, 23, 7, 0)),    # during Tết
    (vn(2026, 8, 21, 17, 5), vn(2026, 8, 22, 7, 0)),    # the compensatory Saturday is worked
])
def test_clock_start(received, start):
    assert CAL.clock_start(received) == start


def test_clock_start_converts_other_offsets():
    # 10:00 UTC = 17:00 in Vietnam: after hours.
    start = CAL.clock_start(datetime(2026, 3, 10, 10, 0, tzinfo=timezone.utc))
    assert start == vn(2026, 3, 11, 7, 0)
    assert start.utcoffset() == timedelta(hours=7)


# --- working days and hours ------------------------------------------------------------------------

def test_five_working_days_over_tet_2026():
    """The example of domain-vn.md §6.1: get_nth_working_day(13/02/2026, 5) == 27/02/2026."""
    due = CAL.due(vn(2026, 2, 13, 16, 30), 5, "working-days")
    assert due == vn(2026, 2, 27, 16, 30)
    assert due.isoformat() == "2026-02-27T16:30:00+07:00"


def test_working_days_keep_the_time_of_day():
    assert CAL.add(vn(2026, 3, 10, 10, 0), 3, "working-days") == vn(2026, 3, 13, 10, 0)
    assert CAL.add(vn(2026, 3, 10, 14, 0), 15, "working-days") == vn(2026, 3, 31, 14, 0)


def test_working_days_over_the_compensatory_saturday_and_national_day():
    # Fri 21/08 → Sat 22/08 (worked) → Mon 24/08 … Fri 28/08 → Thu 03/09 (31/08–02/09 off).
    assert CAL.add(vn(2026, 8, 21, 9, 0), 1, "working-days") == vn(2026, 8, 22, 9, 0)
    assert CAL.add(vn(2026, 8, 21, 9, 0), 7, "working-days") == vn(2026, 9, 3, 9, 0)


@pytest.mark.parametrize("start, amount, unit, due", [
    (vn(2026, 3, 10, 7, 0), 1, "working-days", vn(2026, 3, 10, 17, 0)),        # not 07:00 next day
    (vn(2026, 3, 10, 7, 0), Decimal("4.5"), "working-hours", vn(2026, 3, 10, 11, 30)),  # not 13:30
    (vn(2026, 3, 10, 9, 0), Decimal("2.5"), "working-hours", vn(2026, 3, 10, 11, 30)),
    (vn(2026, 3, 13, 7, 0), 2, "working-days", vn(2026, 3, 16, 17, 0)),        # Friday + 2 → Monday 17:00
])
def test_due_at_end_of_period_is_that_end(start, amount, unit, due):
    assert CAL.add(start, amount, unit) == due


@pytest.mark.parametrize("start, amount, unit, due", [
    (vn(2026, 3, 10, 9, 0), Decimal("0.5"), "working-days", vn(2026, 3, 10, 15, 0)),  # 4 h over lunch
    (vn(2026, 3, 10, 15, 0), Decimal("0.5"), "working-days", vn(2026, 3, 11, 9, 0)),  # 2 h + 2 h
    (vn(2026, 3, 10, 10, 0), Decimal("1.25"), "working-days", vn(2026, 3, 11, 14, 0)),  # 5 h + 5 h
    (vn(2026, 3, 10, 16, 0), 3, "working-hours", vn(2026, 3, 11, 9, 0)),
    (vn(2026, 3, 10, 11, 0), "0.75", "working-hours", vn(2026, 3, 10, 13, 45)),
    (vn(2026, 3, 10, 11, 0), 0.5, "working-hours", vn(2026, 3, 10, 11, 30)),
])
def test_fractional_amounts(start, amount, unit, due):
    assert CAL.add(start, amount, unit) == due


def test_one_working_day_is_the_units_hours_per_day():
    # A unit open 07:30–11:30 and 13:00–17:00: 8 h a day, different lunch.
    cal = WorkCalendar(periods=parse_periods([["07:30", "11:30"], ["13:00", "17:00"]]))
    assert cal.add(vn(2026, 3, 10, 9, 0), Decimal("0.5"), "working-days") == vn(2026, 3, 10, 14, 30)
    # A unit open only mornings 07:00–11:00: one working day is 4 h.
    mornings = WorkCalendar(periods=parse_periods([["07:00", "11:00"]]))
    assert mornings.add(vn(2026, 3, 10, 9, 0), Decimal("0.5"), "working-days") == vn(2026, 3, 10, 11, 0)
    assert mornings.add(vn(2026, 3, 10, 9, 0), 1, "working-days") == vn(2026, 3, 11, 9, 0)
    assert mornings.clock_start(vn(2026, 3, 10, 12, 0)) == vn(2026, 3, 11, 7, 0)


def test_zero_amount_is_the_start():
    assert CAL.add(vn(2026, 3, 10, 9, 0), 0, "working-days") == vn(2026, 3, 10, 9, 0)


def test_microseconds_survive():
    start = vn(2026, 3, 10, 9, 0, 0, 250_000)
    assert CAL.add(start, 1, "working-days") == vn(2026, 3, 11, 9, 0, 0, 250_000)


# --- calendar days and months ----------------------------------------------------------------------

def test_calendar_days_landing_on_working_day_keep_the_moment():
    assert CAL.add(vn(2026, 3, 10, 10, 0), 15, "days") == vn(2026, 3, 25, 10, 0)


def test_calendar_days_due_on_sunday_move_to_monday_same_time():
    # Fri 06/03 + 2 days = Sun 08/03 → Mon 09/03 at 10:00 (decision 0101).
    assert CAL.add(vn(2026, 3, 6, 10, 0), 2, "days") == vn(2026, 3, 9, 10, 0)
    # and never before the due of one day more
    assert CAL.add(vn(2026, 3, 6, 10, 0), 3, "days") == vn(2026, 3, 9, 10, 0)


def test_calendar_days_count_holidays_but_not_as_due_day():
    # 10/02 + 7 days = 17/02 (Tết) → next working day 23/02.
    assert CAL.add(vn(2026, 2, 10, 8, 0), 7, "days") == vn(2026, 2, 23, 8, 0)
    # 21/08 + 1 day = Saturday 22/08, a working day: stays.
    assert CAL.add(vn(2026, 8, 21, 8, 0), 1, "days") == vn(2026, 8, 22, 8, 0)


def test_months():
    assert CAL.add(vn(2026, 3, 10, 10, 0), 2, "months") == vn(2026, 5, 11, 10, 0)   # 10/05 is Sunday
    assert CAL.add(vn(2026, 1, 30, 10, 0), 1, "months") == vn(2026, 3, 2, 10, 0)    # 28/02 Sat → Mon 02/03
    assert CAL.add(vn(2026, 12, 31, 10, 0), 2, "months") == vn(2027, 3, 1, 10, 0)   # 28/02/2027 Sunday
    assert CAL.add(vn(2026, 7, 31, 9, 0), 1, "months") == vn(2026, 9, 3, 9, 0)      # 31/08 swapped off


def test_calendar_units_need_whole_numbers():
    with pytest.raises(ValueError, match="phải là số nguyên"):
        CAL.add(vn(2026, 3, 10, 10, 0), Decimal("1.5"), "days")
    with pytest.raises(ValueError, match="phải là số nguyên"):
        CAL.add(vn(2026, 3, 10, 10, 0), "0.5", "months")


# --- pause -----------------------------------------------------------------------------------------

def test_working_seconds_between():
    assert CAL.working_seconds_between(vn(2026, 3, 10, 10, 0), vn(2026, 3, 10, 14, 0)) == 2 * 3600
    assert CAL.working_seconds_between(vn(2026, 3, 10, 11, 45), vn(2026, 3, 10, 13, 0)) == 0  # lunch only
    assert CAL.working_seconds_between(vn(2026, 2, 13, 16, 0), vn(2026, 2, 23, 8, 0)) == 2 * 3600  # Tết
    assert CAL.working_seconds_between(vn(2026, 3, 9, 7, 0), vn(2026, 3, 13, 17, 0)) == 5 * 8 * 3600


def test_working_seconds_between_refuses_reversed_moments():
    with pytest.raises(ValueError, match="trước thời điểm bắt đầu"):
        CAL.working_seconds_between(vn(2026, 3, 10, 14, 0), vn(2026, 3, 10, 10, 0))


def test_pause_across_a_weekend_adds_only_working_time():
    # Paused Friday 15:00, resumed Monday 09:00: 2 h Friday + 2 h Monday are added back;
    # from 10:00: 1.5 h before lunch, 2.5 h after.
    due = vn(2026, 3, 18, 10, 0)
    new_due = CAL.extend_for_pause(due, vn(2026, 3, 13, 15, 0), vn(2026, 3, 16, 9, 0))
    assert new_due == vn(2026, 3, 18, 16, 0)


def test_pause_extension_lands_at_end_of_period_and_crosses_days():
    due = vn(2026, 3, 18, 16, 0)
    # One working hour paused: 17:00 the same day, not 07:00 the next.
    assert CAL.extend_for_pause(due, vn(2026, 3, 10, 9, 0), vn(2026, 3, 10, 10, 0)) == vn(2026, 3, 18, 17, 0)
    # Two working hours: 1 h left today, 1 h tomorrow.
    assert CAL.extend_for_pause(due, vn(2026, 3, 10, 9, 0), vn(2026, 3, 10, 11, 0)) == vn(2026, 3, 19, 8, 0)


def test_pause_with_no_working_time_keeps_the_due_moment():
    due = vn(2026, 3, 13, 17, 0)
    assert CAL.extend_for_pause(due, vn(2026, 3, 14, 9, 0), vn(2026, 3, 15, 18, 0)) == due


def test_add_working_seconds_inverts_working_seconds_between():
    start = vn(2026, 2, 12, 10, 17)
    for seconds in (1, 3600, 8 * 3600, 5 * 8 * 3600 + 1234, 40 * 8 * 3600):
        end = CAL.add_working_seconds(start, seconds)
        assert CAL.working_seconds_between(start, end) == seconds


# --- bad input -------------------------------------------------------------------------------------

def test_naive_datetimes_are_refused():
    naive = datetime(2026, 3, 10, 10, 0)
    for call in (lambda: CAL.clock_start(naive), lambda: CAL.add(naive, 1, "working-days"),
                 lambda: CAL.working_seconds_between(naive, naive), lambda: CAL.is_working_day(naive)):
        with pytest.raises(ValueError, match="phải có múi giờ / datetime must be timezone-aware"):
            call()


@pytest.mark.parametrize("amount, message", [
    (-1, "không âm"), ("-0.5", "không âm"), ("abc", "không phải là số"), ("NaN", "không phải là số"),
    (float("inf"), "không âm"), (True, "không hợp lệ"), (None, "không hợp lệ"), (10_001, "quá lớn"),
])
def test_bad_amounts(amount, message):
    with pytest.raises(ValueError, match=message):
        CAL.add(vn(2026, 3, 10, 10, 0), amount, "working-days")


def test_unknown_unit():
    with pytest.raises(ValueError, match="Đơn vị thời gian không hợp lệ / unknown unit 'weeks'"):
        CAL.add(vn(2026, 3, 10, 10, 0), 1, "weeks")


def test_results_are_in_the_calendar_timezone():
    due = CAL.add(datetime(2026, 3, 10, 3, 0, tzinfo=timezone.utc), 1, "working-days")
    assert due.tzinfo is VIETNAM and due == vn(2026, 3, 11, 10, 0)


def test_agrees_with_the_holidays_package_on_every_day_of_2025_and_2026():
    """An independent oracle: ``holidays``' own get_nth_working_day and is_working_day."""
    import holidays

    national = holidays.country_holidays("VN", years=range(2024, 2028))
    day = date(2025, 1, 1)
    while day.year < 2027:
        assert CAL.is_working_day(day) == national.is_working_day(day), day
        if CAL.is_working_day(day):
            for n in (1, 5, 15):
                due = CAL.add(datetime.combine(day, datetime.min.time(), VIETNAM).replace(hour=10), n,
                              "working-days")
                assert due.date() == national.get_nth_working_day(day, n) and due.hour == 10, (day, n)
        day += timedelta(days=1)
