"""Two provinces: units A and B in the home province, unit X in another, each with a centre."""

from types import SimpleNamespace

import pytest

from motcua.accounts.models import Role, RoleAssignment, User
from motcua.organizations.models import Centre, Counter
from tests.factories import make_org, make_user


def _centre_with_counter(unit, code):
    centre = Centre.objects.create(unit=unit, code=code, name=f"Trung tâm {unit.name}")
    return centre, Counter.objects.create(centre=centre, number=1)


@pytest.fixture
def world(db):
    home, other = make_org("H97", "Tỉnh Nhà"), make_org("H98", "Tỉnh Bên")
    a, b, x = home.commune_a, home.commune_b, other.commune_a
    centre_b, counter_b = _centre_with_counter(b, "h97-51")
    return SimpleNamespace(
        home=home, other=other, a=a, b=b, x=x,
        centres={"A": home.centre, "B": centre_b, "X": other.centre},
        counters={"A": home.counters[0], "B": counter_b, "X": other.counters[0]},
    )


@pytest.fixture
def staff(world):
    """staff(role, unit=None): a staff member of the home province holding ``role`` there."""
    made = []

    def make(role, unit=None, centre=None, province=None):
        province = province or world.home.province
        user = make_user(f"u{len(made)}-{role}", province=province)
        RoleAssignment.objects.create(user=user, role=role, province=province, unit=unit, centre=centre)
        made.append(user)
        return User.objects.get(pk=user.pk)  # fresh: no cached grants

    return make


ROLES = list(Role)
