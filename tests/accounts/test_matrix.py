"""The permission matrix: for every role, allowed at home, denied in the neighbouring unit and in
another province; province-wide roles read their province and nothing beyond it."""

import pytest

from motcua.accounts.models import Role
from motcua.accounts.permissions import allows
from motcua.accounts.policy import POLICIES, Action, Scope

UNIT_ROLES = [r for r in Role if POLICIES[r].scope != Scope.PROVINCE]


def _objects(world, where):
    """Objects of unit A/B/X: the unit itself, its centre, a counter (reached via centre__unit)."""
    unit = {"A": world.a, "B": world.b, "X": world.x}[where]
    return [unit, world.centres[where], world.counters[where]]


def _assignment_kwargs(role, world):
    centre = world.centres["A"] if POLICIES[role].needs_centre else None
    return {"unit": world.a, "centre": centre}


@pytest.mark.parametrize("role", UNIT_ROLES)
def test_unit_role_acts_at_home_only(world, staff, role):
    user = staff(role, **_assignment_kwargs(role, world))
    for action in Action:
        expected_home = action in POLICIES[role].actions
        for obj in _objects(world, "A"):
            assert allows(user, action, obj) is expected_home, (role, action, obj)
        for where in ("B", "X"):
            for obj in _objects(world, where):
                assert allows(user, action, obj) is False, (role, action, where, obj)


@pytest.mark.parametrize("role", UNIT_ROLES)
def test_unit_role_is_denied_every_registered_permission_next_door(world, staff, role):
    user = staff(role, **_assignment_kwargs(role, world))
    for where in ("B", "X"):
        for obj in _objects(world, where):
            for action in Action:
                assert not user.has_perm(f"motcua.{action}_unit_object", obj)
            assert not user.has_perm("motcua.act_on_unit_object", obj)


def test_provincial_monitor_reads_the_whole_province_and_nothing_else(world, staff):
    monitor = staff(Role.PROVINCIAL_MONITOR)
    for where in ("A", "B"):
        for obj in _objects(world, where) + [world.home.dept]:
            assert allows(monitor, Action.VIEW, obj) and allows(monitor, Action.MONITOR, obj)
            assert not user_acts(monitor, obj)
    for obj in _objects(world, "X") + [world.other.dept, world.other.province]:
        assert not allows(monitor, Action.VIEW, obj)
        assert not allows(monitor, Action.MONITOR, obj)
    assert allows(monitor, Action.VIEW, world.home.province)


def test_province_admin_administers_own_province_only(world, staff):
    admin = staff(Role.ADMIN)
    for obj in _objects(world, "A") + _objects(world, "B") + [world.home.province]:
        assert allows(admin, Action.ADMINISTER, obj)
    for obj in _objects(world, "X") + [world.other.province]:
        assert not allows(admin, Action.ADMINISTER, obj) and not allows(admin, Action.VIEW, obj)


def test_unit_admin_does_not_administer_the_province(world, staff):
    admin = staff(Role.ADMIN, unit=world.a)
    assert allows(admin, Action.ADMINISTER, world.a)
    assert not allows(admin, Action.ADMINISTER, world.b)
    assert not allows(admin, Action.ADMINISTER, world.home.province)


def test_role_recorded_in_another_province_gives_nothing(world, staff):
    """Bad data (a grant in a province that is not the user's) never opens the other province."""
    user = staff(Role.PROVINCIAL_MONITOR, province=world.other.province)  # user belongs to H98 ...
    user.province = world.home.province  # ... but is moved to H97 without fixing the role
    user.save()
    for obj in _objects(world, "X") + _objects(world, "A"):
        assert not allows(user, Action.VIEW, obj)


def test_explicit_examples(world, staff):
    reception, leader = staff(Role.RECEPTION, unit=world.a), staff(Role.LEADER, unit=world.a)
    centre = world.centres["A"]
    assert allows(reception, Action.RECEIVE, centre) and not allows(reception, Action.APPROVE, centre)
    assert allows(leader, Action.APPROVE, centre) and not allows(leader, Action.RECEIVE, centre)
    guide = staff(Role.DIGITAL_GUIDE, unit=world.a)
    assert allows(guide, Action.SUBMIT_ON_BEHALF, world.a) and not allows(guide, Action.VIEW, centre)


def user_acts(user, obj):
    return user.has_perm("motcua.act_on_unit_object", obj)
