"""The national calendar read from ``holidays`` matches domain-vn.md §6.1 (pins the package's data)."""

from datetime import date

from motcua.workdays.vn_holidays import year_days


def days(year, *pairs):
    return {date(year, m, d) for m, d in pairs}


def test_2025():
    days_off, weekend_workdays = year_days(2025)
    assert days_off == days(2025, (1, 1), (1, 27), (1, 28), (1, 29), (1, 30), (1, 31), (2, 1), (4, 7),
                            (4, 30), (5, 1), (5, 2), (9, 1), (9, 2))
    assert weekend_workdays == days(2025, (4, 26))


def test_2026():
    days_off, weekend_workdays = year_days(2026)
    assert days_off == days(2026, (1, 1), (2, 16), (2, 17), (2, 18), (2, 19), (2, 20), (4, 26), (4, 27),
                            (4, 30), (5, 1), (8, 31), (9, 1), (9, 2), (11, 24))
    assert weekend_workdays == days(2026, (8, 22))


def test_a_swap_across_new_year_belongs_to_each_day_s_own_year():
    assert date(2015, 1, 2) in year_days(2015)[0]
    assert year_days(2014)[1] >= {date(2014, 12, 27)}
    assert date(2014, 12, 27) not in year_days(2015)[1]  # cut to its own year
