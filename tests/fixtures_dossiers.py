"""Shared dossier fixtures: a commune with staff, a citizen, a procedure with its process, a bundle."""

from datetime import datetime
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from motcua.accounts.models import Role, User
from motcua.catalog.models import BundleMember, Procedure, ProcedureChannel, ProcessStep, UnitProcedure
from motcua.dossiers import services
from tests.factories import make_user

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(*args):
    return datetime(*args, tzinfo=VN)


def make_procedure(code, name, units, days=5, steps=((Role.RECEPTION, "0.5"), (Role.SPECIALIST, "28"),
                                                        (Role.LEADER, "11"), (Role.RECEPTION, "0.5"))):
    procedure = Procedure.objects.create(code=code, name=name, levels="commune", online_level="full")
    for pos, channel in enumerate(("direct", "online")):
        ProcedureChannel.objects.create(procedure=procedure, channel=channel, duration=Decimal(days),
                                        duration_unit="working-days", position=pos)
    names = ["Tiếp nhận hồ sơ", "Thẩm định", "Phê duyệt, ký", "Trả kết quả"]
    for pos, (role, hours) in enumerate(steps, start=1):
        ProcessStep.objects.create(procedure=procedure, position=pos, name=names[pos - 1], role=role,
                                   working_hours=Decimal(hours))
    for unit in units:
        UnitProcedure.objects.create(unit=unit, procedure=procedure)
    return procedure


@pytest.fixture
def world(org):
    p = org.province
    people = SimpleNamespace(
        reception=make_user("tiepnhan", province=p, role=Role.RECEPTION, unit=org.commune_a, full_name="Lê Thu"),
        specialist=make_user("chuyenvien", province=p, role=Role.SPECIALIST, unit=org.commune_a),
        leader=make_user("lanhdao", province=p, role=Role.LEADER, unit=org.commune_a),
        other_reception=make_user("tiepnhan_b", province=p, role=Role.RECEPTION, unit=org.commune_b),
        citizen=make_user("congdan", province=p, kind=User.Kind.CITIZEN, full_name="Nguyễn Văn An"),
    )
    procedure = make_procedure("1.001193", "Đăng ký khai sinh", [org.commune_a, org.commune_b])
    return SimpleNamespace(org=org, procedure=procedure, **vars(people))


@pytest.fixture
def applicant():
    return services.Applicant(name="Nguyễn Văn An", id_number="001098012345", phone="0912345678")


@pytest.fixture
def bundle(world):
    members = [make_procedure("1.004222", "Đăng ký thường trú", [world.org.commune_a]),
               make_procedure("1.002001", "Cấp thẻ bảo hiểm y tế", [world.org.dept], days=3)]
    bundle = Procedure.objects.create(code="2.000986", name="Liên thông khai sinh – thường trú – BHYT",
                                      is_bundle=True, levels="commune")
    BundleMember.objects.create(bundle=bundle, member=world.procedure, position=0)
    BundleMember.objects.create(bundle=bundle, member=members[0], position=1)
    BundleMember.objects.create(bundle=bundle, member=members[1], unit_kind="department", position=2)
    UnitProcedure.objects.create(unit=world.org.commune_a, procedure=bundle)
    return bundle
