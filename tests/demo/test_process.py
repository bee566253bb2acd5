"""The standard internal process split: quarter hours that add up to the time limit exactly."""

from decimal import Decimal

import pytest

from motcua.demo.process import standard_steps


@pytest.mark.parametrize("total, expected", [
    (4, ["0.5", "2.25", "0.75", "0.5"]),     # same-day certification: 4 working hours
    (8, ["1", "4.5", "1.5", "1"]),           # one working day
    (24, ["3", "13.5", "4.5", "3"]),         # three working days
    (56, ["4", "40", "8", "4"]),             # seven days: reception and return capped at half a day
    (160, ["4", "144", "8", "4"]),           # twenty days: the leader capped at one day
    (1, ["0.25", "0.25", "0.25", "0.25"]),   # the smallest that still has four steps
])
def test_split(total, expected):
    steps = standard_steps(total)
    assert [s.hours for s in steps] == [Decimal(e) for e in expected]
    assert sum(s.hours for s in steps) == total
    assert [s.role for s in steps] == ["reception", "specialist", "leader", "reception"]


def test_handler_kind_does_the_middle_steps():
    assert [s.unit_kind for s in standard_steps(24, "police")] == ["", "police", "police", ""]


@pytest.mark.parametrize("total", [0, "0.5", "2.1"])
def test_limits_that_cannot_be_split(total):
    with pytest.raises(ValueError, match="không chia được"):
        standard_steps(total)
