"""Codes, hierarchy and working hours of units and centres are validated with clear messages."""

import pytest
from django.core.exceptions import ValidationError

from motcua.accounts.models import Role, RoleAssignment
from motcua.organizations.models import (
    Centre, Unit, unit_code_problem, validate_province_code, validate_unit_code)
from tests.factories import make_org, make_user


@pytest.mark.parametrize("code", ["H15", "H99", "G03", "H100"])
def test_good_province_codes(code):
    validate_province_code(code)


@pytest.mark.parametrize("code", ["h15", "H1", "15", "H15.50", ""])
def test_bad_province_codes(code):
    with pytest.raises(ValidationError, match="Mã tỉnh không hợp lệ / invalid province code"):
        validate_province_code(code)


@pytest.mark.parametrize("code", ["H15.50", "H15.50.05.13", "000.17.22.H56", "H99"])
def test_good_unit_codes(code):
    validate_unit_code(code)


@pytest.mark.parametrize("code", ["H15-50", "H15 50", "h15.50", "H15..50", ".H15", ""])
def test_bad_unit_codes_cannot_break_dossier_codes(code):
    with pytest.raises(ValidationError, match="Mã định danh đơn vị không hợp lệ / invalid unit code"):
        validate_unit_code(code)


def test_unit_code_must_name_its_province():
    assert unit_code_problem("H15.50", "H15") is None
    assert unit_code_problem("000.17.22.H56", "H56") is None
    assert "phải chứa mã tỉnh H15" in unit_code_problem("H16.50", "H15")
    assert unit_code_problem("H150.1", "H15") is not None  # a prefix is not a segment


def test_unit_clean_reports_code_and_parent(db):
    org, other = make_org(), make_org("H98", "Tỉnh Khác")
    unit = Unit(province=org.province, code="H98.70", name="Xã Lạ", kind=Unit.Kind.COMMUNE, parent=other.dept)
    with pytest.raises(ValidationError) as caught:
        unit.full_clean()
    assert set(caught.value.message_dict) == {"code", "parent"}


def test_working_hours_are_validated_by_parse_periods(db):
    org = make_org()
    org.commune_a.working_periods = [["11:30", "07:00"]]
    with pytest.raises(ValidationError, match="Giờ bắt đầu phải trước giờ kết thúc"):
        org.commune_a.full_clean()
    org.commune_a.working_periods = [["07:30", "11:30"], ["13:00", "17:00"]]
    org.commune_a.full_clean()


def test_default_working_hours(db):
    assert make_org().commune_b.working_periods == [["07:00", "11:30"], ["13:30", "17:00"]]


def test_branch_of_a_branch_is_refused(db):
    org = make_org()
    branch = Centre.objects.create(unit=org.commune_a, parent=org.centre, code="h99-50-cn1", name="Chi nhánh 1")
    nested = Centre(unit=org.commune_a, parent=branch, code="h99-50-cn2", name="Chi nhánh của chi nhánh")
    with pytest.raises(ValidationError, match="Chi nhánh phải thuộc một trung tâm chính"):
        nested.full_clean()


def test_unit_levels():
    assert Unit(kind=Unit.Kind.WARD).level == "commune"
    assert Unit(kind=Unit.Kind.SPECIAL_ZONE).level == "commune"
    assert Unit(kind=Unit.Kind.DEPARTMENT).level == "province"
    assert Unit(kind=Unit.Kind.POLICE).level == "province"


def test_role_assignment_clean_fills_province_and_checks_the_role(db):
    org = make_org()
    user = make_user("cb1", province=org.province)
    assignment = RoleAssignment(user=user, role=Role.RECEPTION, unit=org.commune_a)
    assignment.full_clean()
    assert assignment.province == org.province
    with pytest.raises(ValidationError, match="cần chọn đơn vị"):
        RoleAssignment(user=user, role=Role.LEADER).full_clean()
    with pytest.raises(ValidationError, match="cần chọn trung tâm"):
        RoleAssignment(user=user, role=Role.CENTRE_MANAGER, unit=org.commune_a).full_clean()


def test_province_wide_role_is_held_once(db):
    from django.db import IntegrityError, transaction

    org = make_org()
    user = make_user("gs1", province=org.province, role=Role.PROVINCIAL_MONITOR)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=user, role=Role.PROVINCIAL_MONITOR, province=org.province)
