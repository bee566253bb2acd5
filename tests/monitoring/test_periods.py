"""Reporting periods: month, quarter, year (pure)."""

from datetime import date

import pytest

from motcua.monitoring.periods import Period, PeriodError, containing, last_months, parse


@pytest.mark.parametrize("text, start, end, label", [
    ("2025-10", date(2025, 10, 1), date(2025, 11, 1), "Tháng 10/2025"),
    ("2025-12", date(2025, 12, 1), date(2026, 1, 1), "Tháng 12/2025"),
    ("2025-Q3", date(2025, 7, 1), date(2025, 10, 1), "Quý III/2025"),
    ("2025-q4", date(2025, 10, 1), date(2026, 1, 1), "Quý IV/2025"),
    ("2025", date(2025, 1, 1), date(2026, 1, 1), "Năm 2025"),
])
def test_parse_gives_start_end_and_label(text, start, end, label):
    period = parse(text)
    assert (period.start, period.end, period.label) == (start, end, label)
    assert parse(period.key) == period


@pytest.mark.parametrize("text", ["", "2025-13", "2025-Q5", "25-10", "2025/10", "1999", "tháng 10"])
def test_bad_periods_are_refused_in_both_languages(text):
    with pytest.raises(PeriodError) as err:
        parse(text)
    assert " / " in str(err.value)


def test_containing_previous_and_last_months():
    day = date(2026, 1, 15)
    assert containing(day).key == "2026-01"
    assert containing(day, "quarter").previous().key == "2025-Q4"
    assert containing(day, "year").previous() == Period(2025, "year")
    assert [p.key for p in last_months(day, 3)] == ["2025-11", "2025-12", "2026-01"]
    assert containing(day).contains(day) and not containing(day).contains(date(2026, 2, 1))
