"""Linked procedures: the unit of another kind that handles part of a dossier."""

import pytest

from motcua.organizations.models import Province, Unit
from motcua.organizations.routing import RoutingError, choose_unit, handling_unit
from tests.factories import make_org

P = Province(pk=1, code="H99")


def _unit(pk, kind, parent=None, code=None):
    return Unit(pk=pk, province=P, kind=kind, parent_id=parent, code=code or f"H99.{pk}")


WARD = _unit(50, Unit.Kind.WARD)


def test_empty_or_same_level_kind_is_the_receiving_unit():
    assert choose_unit(WARD, "", []) is WARD
    assert choose_unit(WARD, "ward", []) is WARD
    assert choose_unit(WARD, "commune", []) is WARD  # commune and ward are the same level


def test_local_unit_beats_the_provincial_one():
    provincial, local = _unit(20, "police"), _unit(21, "police", parent=50)
    assert choose_unit(WARD, "police", [provincial, local]) is local
    assert choose_unit(WARD, "police", [provincial]) is provincial


def test_unit_under_another_commune_is_not_chosen():
    with pytest.raises(RoutingError, match="Không có đơn vị loại police"):
        choose_unit(WARD, "police", [_unit(22, "police", parent=51)])


def test_two_provincial_candidates_are_ambiguous():
    with pytest.raises(RoutingError, match=r"Có nhiều đơn vị loại police \(H99.20, H99.21\)"):
        choose_unit(WARD, "police", [_unit(20, "police"), _unit(21, "police")])


def test_handling_unit_stays_in_the_province(db):
    home, other = make_org(), make_org("H98", "Tỉnh Khác")
    Unit.objects.create(province=other.province, code="H98.20", name="Công an tỉnh Khác", kind=Unit.Kind.POLICE)
    with pytest.raises(RoutingError):
        handling_unit(home.commune_a, Unit.Kind.POLICE)
    police = Unit.objects.create(province=home.province, code="H99.20", name="Công an tỉnh", kind=Unit.Kind.POLICE)
    assert handling_unit(home.commune_a, Unit.Kind.POLICE) == police
    assert handling_unit(home.commune_a, "") == home.commune_a
