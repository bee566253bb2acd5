"""The role table and its pure rules: reach from grants, validity of an assignment (no database)."""

from types import SimpleNamespace

import pytest

from motcua.accounts.models import Role, User
from motcua.accounts.policy import (
    ACTING_ACTIONS, POLICIES, Action, Grant, Reach, assignment_problems, reach_from_grants)

HOME, OTHER = 1, 2


def test_every_role_has_a_policy():
    assert set(POLICIES) == set(Role.values)


@pytest.mark.parametrize("role, allowed", [
    (Role.RECEPTION, {"view", "receive", "return_result"}),
    (Role.SPECIALIST, {"view", "process"}),
    (Role.LEADER, {"view", "process", "approve", "audit"}),
    (Role.CENTRE_MANAGER, {"view", "manage_centre", "monitor"}),
    (Role.PROVINCIAL_MONITOR, {"view", "monitor", "audit"}),
    (Role.ADMIN, {"view", "administer", "audit"}),
    (Role.DIGITAL_GUIDE, {"submit_on_behalf"}),
    (Role.POSTAL_AGENT, {"submit_on_behalf", "return_result"}),
])
def test_role_actions_table(role, allowed):
    assert {str(a) for a in POLICIES[role].actions} == allowed


def test_acting_actions_exclude_reading():
    assert Action.VIEW not in ACTING_ACTIONS and Action.MONITOR not in ACTING_ACTIONS
    assert Action.AUDIT not in ACTING_ACTIONS  # reading the read log changes nothing
    assert Action.RECEIVE in ACTING_ACTIONS and Action.APPROVE in ACTING_ACTIONS


def test_unit_role_reaches_its_unit_only():
    grants = [Grant(Role.RECEPTION, HOME, 10, HOME)]
    assert reach_from_grants(grants, Action.RECEIVE, HOME) == Reach(frozenset(), frozenset({10}))
    assert reach_from_grants(grants, Action.APPROVE, HOME).is_empty


def test_several_units_add_up():
    grants = [Grant(Role.SPECIALIST, HOME, 10, HOME), Grant(Role.LEADER, HOME, 11, HOME)]
    assert reach_from_grants(grants, Action.PROCESS, HOME).units == {10, 11}
    assert reach_from_grants(grants, Action.APPROVE, HOME).units == {11}


def test_province_wide_role_reaches_the_province():
    grants = [Grant(Role.PROVINCIAL_MONITOR, HOME)]
    assert reach_from_grants(grants, Action.VIEW, HOME) == Reach(frozenset({HOME}), frozenset())
    assert reach_from_grants(grants, Action.PROCESS, HOME).is_empty


def test_grants_of_another_province_count_for_nothing():
    assert reach_from_grants([Grant(Role.PROVINCIAL_MONITOR, OTHER)], Action.VIEW, HOME).is_empty
    assert reach_from_grants([Grant(Role.RECEPTION, HOME, 10, OTHER)], Action.VIEW, HOME).is_empty
    assert reach_from_grants([Grant(Role.ADMIN, HOME)], Action.VIEW, None).is_empty


def test_unit_role_without_unit_grants_nothing():
    assert reach_from_grants([Grant(Role.RECEPTION, HOME)], Action.RECEIVE, HOME).is_empty


def test_unknown_role_grants_nothing():
    assert reach_from_grants([Grant("janitor", HOME)], Action.VIEW, HOME).is_empty


def _unit(pk, province_id):
    return SimpleNamespace(pk=pk, province_id=province_id)


def _centre(unit):
    return SimpleNamespace(unit=unit, unit_id=unit.pk)


def _user(kind=User.Kind.STAFF, province_id=HOME):
    return SimpleNamespace(kind=kind, province_id=province_id)


def test_valid_assignments_have_no_problems():
    unit = _unit(10, HOME)
    assert assignment_problems(Role.RECEPTION, HOME, user=_user(), unit=unit) == {}
    assert assignment_problems(Role.PROVINCIAL_MONITOR, HOME, user=_user()) == {}
    assert assignment_problems(Role.ADMIN, HOME, unit=unit) == {}
    assert assignment_problems(Role.ADMIN, HOME) == {}
    assert assignment_problems(Role.CENTRE_MANAGER, HOME, unit=unit, centre=_centre(unit)) == {}


@pytest.mark.parametrize("role, kwargs, field, words", [
    (Role.SPECIALIST, {}, "unit", "cần chọn đơn vị"),
    (Role.PROVINCIAL_MONITOR, {"unit": _unit(10, HOME)}, "unit", "không gắn với đơn vị"),
    (Role.LEADER, {"unit": _unit(10, OTHER)}, "unit", "tỉnh khác"),
    (Role.CENTRE_MANAGER, {"unit": _unit(10, HOME)}, "centre", "cần chọn trung tâm"),
    (Role.CENTRE_MANAGER, {"unit": _unit(10, HOME), "centre": _centre(_unit(11, HOME))}, "centre",
     "không thuộc đơn vị"),
    (Role.RECEPTION, {"unit": _unit(10, HOME), "centre": _centre(_unit(20, OTHER))}, "centre", "tỉnh khác"),
    (Role.RECEPTION, {"unit": _unit(10, HOME), "user": _user(kind=User.Kind.CITIZEN)}, "user", "cán bộ"),
    (Role.RECEPTION, {"unit": _unit(10, HOME), "user": _user(province_id=OTHER)}, "user", "tỉnh khác"),
    ("janitor", {}, "role", "không hợp lệ"),
])
def test_assignment_problems_name_field_in_vietnamese_then_english(role, kwargs, field, words):
    problems = assignment_problems(role, HOME, **kwargs)
    assert field in problems
    vietnamese, english = problems[field].split(" / ")
    assert words in vietnamese.lower() and english.isascii()
