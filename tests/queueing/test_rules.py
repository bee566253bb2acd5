"""The queue's pure rules, with their own numbers."""

from datetime import datetime, time, timezone

import pytest

from motcua.queueing import rules
from motcua.queueing.rules import Lane, PriorityMode, State
from motcua.workdays.periods import parse_periods

from .world import at


def test_the_day_is_the_local_day_in_vietnam():
    # 16:59 UTC is 23:59 in Vietnam; 17:00 UTC is midnight: the next day starts (TheQ's "after 5 pm" bug).
    assert rules.local_day(datetime(2026, 10, 8, 16, 59, tzinfo=timezone.utc)).isoformat() == "2026-10-08"
    assert rules.local_day(datetime(2026, 10, 8, 17, 0, tzinfo=timezone.utc)).isoformat() == "2026-10-09"
    assert rules.local_day(at(2026, 10, 9, 0, 5)).isoformat() == "2026-10-09"
    with pytest.raises(ValueError):
        rules.local_day(datetime(2026, 10, 8, 12, 0))


def test_labels():
    assert rules.label("1", 23) == "1023"
    assert rules.label("A", 7) == "A007"
    assert rules.label("2", 1234) == "21234"  # past 999 a day the number simply grows
    with pytest.raises(ValueError):
        rules.label("1", 0)


@pytest.mark.parametrize("action, state, target", [
    ("call", State.WAITING, State.CALLED), ("recall", State.CALLED, State.CALLED),
    ("start", State.CALLED, State.SERVING), ("hold", State.SERVING, State.ON_HOLD),
    ("resume", State.ON_HOLD, State.SERVING), ("finish", State.SERVING, State.DONE),
    ("no_show", State.CALLED, State.NO_SHOW), ("transfer", State.SERVING, State.WAITING),
    ("cancel", State.WAITING, State.CANCELLED), ("expire", State.ON_HOLD, State.EXPIRED),
])
def test_moves(action, state, target):
    assert rules.move_for(action, state).target == target


@pytest.mark.parametrize("action, state", [
    ("finish", State.CALLED), ("call", State.DONE), ("no_show", State.SERVING), ("cancel", State.CALLED),
    ("start", State.WAITING),
])
def test_moves_refused_with_a_message(action, state):
    with pytest.raises(ValueError, match="Không thể"):
        rules.move_for(action, state)
    with pytest.raises(ValueError, match="unknown action"):
        rules.move_for("teleport", State.WAITING)


def test_final_states_allow_nothing():
    for state in State.FINAL:
        assert not [a for a, move in rules.MOVES.items() if state in move.sources]


def test_lanes_priority_then_appointment_then_normal():
    assert rules.lane_for(priority=True, appointment=True) == Lane.PRIORITY
    assert rules.lane_for(priority=False, appointment=True) == Lane.APPOINTMENT
    assert rules.lane_for(priority=False, appointment=False) == Lane.NORMAL
    assert Lane.PRIORITY < Lane.APPOINTMENT < Lane.NORMAL


def test_call_scope_per_policy():
    first = rules.call_scope(PriorityMode.FIRST, counter_is_priority=False, priority_counter_open=True)
    assert first == rules.CallScope(priority_any_service=False, include_priority=True)
    # Dedicated counter open: it takes priority people of every service; the others leave them to it.
    assert rules.call_scope(PriorityMode.DEDICATED, True, True) == rules.CallScope(True, True)
    assert rules.call_scope(PriorityMode.DEDICATED, False, True) == rules.CallScope(False, False)
    # No priority counter open: everyone serves priority people first, nobody is stranded.
    assert rules.call_scope(PriorityMode.DEDICATED, False, False) == rules.CallScope(False, True)


def test_estimated_wait():
    assert rules.estimate_wait_minutes(12, 3, 6) == 24
    assert rules.estimate_wait_minutes(5, 2, 7) == 18  # 17.5 rounds up: never promise too little
    assert rules.estimate_wait_minutes(4, 0, 10) == 40  # no counter open yet: as if one
    assert rules.estimate_wait_minutes(0, 3, 6) == 0


def test_percentile_nearest_rank():
    assert rules.percentile(range(1, 11), 0.9) == 9
    assert rules.percentile(range(1, 21), 0.9) == 18
    assert rules.percentile([7], 0.9) == 7
    assert rules.percentile([5, 1, 3], 0.5) == 3
    assert rules.percentile([], 0.9) is None


def test_slots_fit_in_the_working_periods():
    periods = parse_periods([["07:00", "11:30"], ["13:30", "17:00"]])
    starts = rules.slot_starts(periods, 30)
    assert len(starts) == 9 + 7
    assert starts[0] == time(7, 0) and starts[8] == time(11, 0)
    assert starts[9] == time(13, 30) and starts[-1] == time(16, 30)
    assert rules.slot_starts(periods, 45)[-1] == time(15, 45)  # 13:30, 14:15, 15:00, 15:45; 16:30 would end 17:15
    with pytest.raises(ValueError):
        rules.slot_starts(periods, 0)


def test_slot_capacity_and_checkin_window():
    assert rules.slot_capacity(counters=2, per_counter=1) == 2
    assert rules.slot_capacity(counters=3, per_counter=0) == 0
    opens, closes = rules.checkin_window(at(2026, 10, 8, 9, 0), 30, 15)
    assert (opens, closes) == (at(2026, 10, 8, 8, 30), at(2026, 10, 8, 9, 15))


def test_spoken_call():
    assert rules.spoken_call("1023", 3) == "Mời số 1023 đến quầy số 3"
    assert rules.spoken_clips("1023", 3) == ["moi-so", "1", "0", "2", "3", "den-quay-so", "3"]
    assert rules.spoken_clips("A007", 12) == ["moi-so", "a", "0", "0", "7", "den-quay-so", "1", "2"]
    assert set(rules.spoken_clips("A007", 12)) <= set(rules.clip_texts())
    assert rules.clip_texts()["7"] == "bảy"
