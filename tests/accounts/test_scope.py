"""scope() filters querysets exactly as allows() judges single objects; owners see their own."""

from types import SimpleNamespace

from django.contrib.auth.models import AnonymousUser

from motcua.accounts.models import Role, RoleAssignment, User
from motcua.accounts.permissions import allows, forget, scope, units_for
from motcua.accounts.policy import Action
from motcua.organizations.models import Centre, Counter, Unit
from tests.factories import make_user


def test_units_for_a_unit_role_and_a_monitor(world, staff):
    reception = staff(Role.RECEPTION, unit=world.a)
    assert list(units_for(reception, Action.RECEIVE)) == [world.a]
    assert not units_for(reception, Action.APPROVE).exists()
    monitor = staff(Role.PROVINCIAL_MONITOR)
    assert set(units_for(monitor, Action.VIEW)) == set(Unit.objects.filter(province=world.home.province))


def test_scope_matches_allows_on_every_model(world, staff):
    users = [staff(Role.SPECIALIST, unit=world.a), staff(Role.PROVINCIAL_MONITOR), staff(Role.ADMIN)]
    for user in users:
        for model in (Unit, Centre, Counter, RoleAssignment, User):
            for action in (Action.VIEW, Action.PROCESS, Action.ADMINISTER):
                scoped = set(scope(model.objects.all(), user, action))
                judged = {obj for obj in model.objects.all() if allows(user, action, obj)}
                assert scoped == judged, (user.username, model.__name__, action)


def test_scope_of_a_specialist(world, staff):
    user = staff(Role.SPECIALIST, unit=world.a)
    assert list(scope(Centre.objects.all(), user)) == [world.centres["A"]]
    assert list(scope(Counter.objects.all(), user, Action.PROCESS)) == world.home.counters
    assert not scope(Centre.objects.all(), user, Action.RECEIVE).exists()


def test_province_wide_assignment_rows_are_judged_by_province(world, staff):
    monitor = staff(Role.PROVINCIAL_MONITOR)
    row = RoleAssignment.objects.get(user=monitor)
    assert row.unit is None
    assert allows(monitor, Action.VIEW, row)
    assert row in scope(RoleAssignment.objects.all(), monitor)
    specialist = staff(Role.SPECIALIST, unit=world.a)
    assert not allows(specialist, Action.VIEW, row)
    assert row not in scope(RoleAssignment.objects.all(), specialist)


def test_anonymous_inactive_and_citizens_see_nothing_by_role(world, staff):
    inactive = staff(Role.PROVINCIAL_MONITOR)
    inactive.is_active = False
    citizen = make_user("citizen", province=None, kind=User.Kind.CITIZEN)
    for user in (AnonymousUser(), inactive, citizen):
        assert not scope(Unit.objects.all(), user).exists()
        assert not allows(user, Action.VIEW, world.a)
        assert not allows(user, Action.VIEW)


class Paper(SimpleNamespace):
    """Any object with a unit (and an owner) works, not only models."""


def test_plain_objects_with_a_unit_and_an_owner(world, staff):
    citizen = make_user("citizen", province=None, kind=User.Kind.CITIZEN)
    stranger = make_user("stranger", province=None, kind=User.Kind.CITIZEN)
    paper = Paper(unit=world.a, owner=citizen)
    assert allows(citizen, Action.VIEW, paper)
    assert not allows(citizen, Action.PROCESS, paper)  # owning is reading, not handling
    assert not allows(stranger, Action.VIEW, paper)
    assert citizen.has_perm("motcua.own_object", paper) and not stranger.has_perm("motcua.own_object", paper)
    assert allows(staff(Role.SPECIALIST, unit=world.a), Action.PROCESS, paper)
    assert not allows(staff(Role.SPECIALIST, unit=world.b), Action.PROCESS, paper)


def test_objects_with_two_units_are_seen_from_either(world, staff):
    """A linked dossier lives at the receiving unit and at the unit handling it now."""

    class Dossier(SimpleNamespace):
        scope_unit_fields = ("unit", "current_unit")

    dossier = Dossier(unit=world.a, current_unit=world.home.dept)
    assert allows(staff(Role.RECEPTION, unit=world.a), Action.VIEW, dossier)
    assert allows(staff(Role.SPECIALIST, unit=world.home.dept), Action.PROCESS, dossier)
    assert not allows(staff(Role.SPECIALIST, unit=world.b), Action.VIEW, dossier)


def test_text_field_named_like_an_owner_is_ignored(world):
    """A model whose ``owner`` is not a user foreign key never matches a user id."""
    from motcua.accounts.permissions import owner_paths

    assert owner_paths(Centre) == ()
    assert owner_paths(Paper(owner="Nguyễn Văn A")) == ("owner",)


def test_permission_without_object_means_anywhere(world, staff):
    reception = staff(Role.RECEPTION, unit=world.a)
    assert reception.has_perm("motcua.receive_unit_object")
    assert not reception.has_perm("motcua.approve_unit_object")
    assert not reception.has_perm("organizations.change_unit")
    assert staff(Role.ADMIN).has_perm("organizations.change_unit")


def test_cached_grants_are_forgotten_on_request(world, staff):
    user = staff(Role.SPECIALIST, unit=world.a)
    assert not allows(user, Action.PROCESS, world.b)
    RoleAssignment.objects.create(user=user, role=Role.SPECIALIST, province=world.home.province, unit=world.b)
    assert not allows(user, Action.PROCESS, world.b)  # cached for the request
    forget(user)
    assert allows(user, Action.PROCESS, world.b)


def test_checking_many_objects_costs_two_queries(world, staff, django_assert_num_queries):
    user = staff(Role.SPECIALIST, unit=world.a)
    centres = list(Centre.objects.all())
    with django_assert_num_queries(2):  # grants, then the unit ids of the reach
        for centre in centres * 10:
            allows(user, Action.VIEW, centre)
