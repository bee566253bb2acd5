"""Indicators entered by the province: checks and how unit and province entries combine (pure)."""

from decimal import Decimal as D

import pytest

from motcua.monitoring.external import Entry, entry_problems, for_province, for_unit, split


@pytest.mark.parametrize("indicator, num, den, score, field", [
    ("2.1", D(1), D(2), None, "indicator"),      # the system computes 2.1 itself
    ("1.1", D(1), D(2), D(3), "score"),          # counts and a score at once
    ("1.1", None, None, None, "score"),          # nothing
    ("1.1", D(1), None, None, "den"),
    ("1.1", D(3), D(2), None, "num"),            # numerator above denominator
    ("3.4", None, None, D("12.5"), "score"),     # above the 12-point maximum
])
def test_bad_entries_name_the_field(indicator, num, den, score, field):
    problems = entry_problems(indicator, num, den, score)
    assert list(problems) == [field] and " / " in problems[field]


def test_good_entries_pass():
    assert entry_problems("1.1", D(45), D(50), None) == {}
    assert entry_problems("3.4", None, None, D("9.87")) == {}


def test_unit_entries_override_the_province_and_sum_to_it():
    found = {None: {"1.1": Entry(D(40), D(50), None), "3.4": Entry(None, None, D(9))},
             7: {"1.1": Entry(D(5), D(10), None)}, 8: {"1.4": Entry(D(90), D(100), None)},
             9: {"1.4": Entry(D(10), D(100), None)}}
    assert for_unit(found, 7)["1.1"] == Entry(D(5), D(10), None)
    assert for_unit(found, 8)["1.1"] == Entry(D(40), D(50), None)
    province = for_province(found)
    assert province["1.1"] == Entry(D(40), D(50), None)          # the province-wide entry wins
    assert province["1.4"] == Entry(D(100), D(200), None)        # only per unit: summed
    counts, overrides = split(province)
    assert counts["1.4"] == (D(100), D(200)) and overrides == {"3.4": D(9)}
