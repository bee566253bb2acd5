"""motcua load_demo: what it creates, that a second run creates nothing, and that it is all-or-nothing."""

from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.management import CommandError, call_command

from motcua.accounts.models import Role, RoleAssignment, User
from motcua.catalog.models import BundleMember, DurationUnit, Procedure, UnitProcedure
from motcua.organizations.models import COMMUNE_KINDS, Centre, Province, Unit
from motcua.organizations.routing import handling_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def _counts():
    return {m.__name__: m.objects.count() for m in (Province, Unit, Centre, User, RoleAssignment, Procedure,
                                                       BundleMember, UnitProcedure)}


def test_organisation(demo):
    province = Province.objects.get(code="H99")
    communes = Unit.objects.filter(province=province, kind__in=COMMUNE_KINDS)
    assert 4 <= communes.count() <= 6
    assert Unit.objects.get(code="H99.10").kind == Unit.Kind.DEPARTMENT
    for unit in communes:
        centre = unit.centres.get(parent=None)
        assert 3 <= centre.counters.count() <= 5
        assert centre.counters.filter(is_priority=True).count() == 1
    assert Centre.objects.filter(parent__isnull=False).count() == 1
    assert Unit.objects.get(code="H99.53").working_periods == [["07:30", "11:30"], ["13:00", "17:00"]]
    assert Unit.objects.get(code="H99.50").working_periods == [["07:00", "11:30"], ["13:30", "17:00"]]


def test_staff_for_every_role_and_applicants(demo):
    assert set(RoleAssignment.objects.values_list("role", flat=True)) == set(Role.values)
    assert set(User.objects.exclude(kind=User.Kind.STAFF).values_list("kind", flat=True)) == {"citizen", "business"}
    for unit in Unit.objects.filter(kind__in=COMMUNE_KINDS):
        held = set(RoleAssignment.objects.filter(unit=unit).values_list("role", flat=True))
        assert {Role.RECEPTION, Role.SPECIALIST, Role.LEADER, Role.CENTRE_MANAGER} <= held


def test_demo_password_passes_the_validators_and_signs_in(demo, settings, client):
    for user in User.objects.all():
        validate_password(settings.MOTCUA_DEMO_PASSWORD, user)
    assert client.login(username="tiepnhan.hosen", password=settings.MOTCUA_DEMO_PASSWORD)
    assert User.objects.get(username="quantri.tinh").is_staff


def test_catalogue(demo):
    procedures = Procedure.objects.prefetch_related("channels", "fees", "documents", "process_steps")
    assert procedures.count() >= 30
    for p in procedures:
        assert p.channels.exists() and p.fees.exists() and p.documents.exists(), p.code
        steps = list(p.process_steps.all())
        assert [s.position for s in steps] == list(range(1, len(steps) + 1))
        assert {s.role for s in steps} <= set(Role.values)
        for channel in p.channels.all():
            per_day = 8 if channel.duration_unit == DurationUnit.WORKING_DAYS else 1
            assert channel.duration_unit in (DurationUnit.WORKING_DAYS, DurationUnit.WORKING_HOURS)
            assert sum(s.working_hours for s in steps) == channel.duration * per_day, p.code
        assert p.documents.filter(originals__gt=0).exists() or p.documents.filter(copies__gt=0).exists()


def test_realistic_fees(demo):
    assert Procedure.objects.get(code="2.000815").fees.get().amount == 2000  # certified copy, per page
    assert Procedure.objects.get(code="1.000894").fees.get().amount == 0     # marriage: free
    land_fees = Procedure.objects.get(code="1.013978").fees
    assert land_fees.filter(amount__isnull=True).exists()                    # set by the province: left empty
    residence = {f.channel: f.amount for f in Procedure.objects.get(code="1.004222").fees.all()}
    assert residence == {"direct": 20000, "online": 10000}


def test_linked_bundle_is_routed_by_unit_kind(demo):
    bundle = Procedure.objects.get(code="2.000986")
    assert bundle.is_bundle
    members = list(bundle.bundle_members.select_related("member"))
    assert [m.member.code for m in members] == ["1.001193", "1.004222", "1.001939"]
    ward = Unit.objects.get(code="H99.50")
    handlers = [handling_unit(ward, m.unit_kind).code for m in members]
    assert handlers == ["H99.50", "H99.20", "H99.30"]
    for step in bundle.process_steps.all():
        handling_unit(ward, step.unit_kind)  # every step finds its unit
    assert sum(s.working_hours for s in bundle.process_steps.all()) == Decimal(80)


def test_procedures_enabled_at_the_units(demo):
    for unit in Unit.objects.filter(kind__in=COMMUNE_KINDS):
        enabled = set(UnitProcedure.objects.filter(unit=unit).values_list("procedure__code", flat=True))
        assert {"1.001193", "2.000815", "2.000986", "1.013225"} <= enabled
    assert set(UnitProcedure.objects.filter(unit__code="H99.10").values_list("procedure__code", flat=True)) == {
        "3.000333", "1.005136"}


def test_second_run_creates_nothing(demo, settings):
    assert "Đã tạo / created:" in demo and "35  thủ tục hành chính" in demo
    before = _counts()
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert _counts() == before
    assert "không tạo thêm gì" in out.getvalue()


def test_existing_procedure_is_kept_and_enabled(settings):
    settings.DEBUG = True
    Procedure.objects.create(code="1.001193", name="Thủ tục đăng ký khai sinh (nhập từ CSDL quốc gia)")
    call_command("load_demo", stdout=StringIO())
    kept = Procedure.objects.get(code="1.001193")
    assert kept.name == "Thủ tục đăng ký khai sinh (nhập từ CSDL quốc gia)" and not kept.process_steps.exists()
    assert UnitProcedure.objects.filter(procedure=kept).count() == 5
    assert BundleMember.objects.filter(member=kept).exists()


def test_refuses_production_without_force(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="mật khẩu công khai") as caught:
        call_command("load_demo")
    assert caught.value.returncode == 2 and not Province.objects.exists()
    call_command("load_demo", "--force", stdout=StringIO())
    assert Province.objects.filter(code="H99").exists()


def test_invalid_demo_password_saves_nothing(settings):
    settings.DEBUG = True
    settings.MOTCUA_DEMO_PASSWORD = "ngan"
    with pytest.raises(CommandError, match="không lưu gì") as caught:
        call_command("load_demo")
    assert caught.value.returncode == 2
    assert not Province.objects.exists() and not Unit.objects.exists()  # created first, rolled back


def test_demo_accounts_table(demo, settings):
    out = StringIO()
    call_command("demo_accounts", stdout=out)
    text = out.getvalue()
    assert settings.MOTCUA_DEMO_PASSWORD in text
    for label in Role.labels:
        assert str(label) in text
    assert "tiepnhan.hosen" in text and "Phường Hồ Sen (H99.50)" in text and "congdan.demo" in text


def test_demo_accounts_before_loading():
    with pytest.raises(CommandError, match="Chưa có dữ liệu mẫu"):
        call_command("demo_accounts")


def test_standard_process_follows_the_catalogue_split_and_routes_the_middle_steps(demo):
    """Catalogue decision 0123: 0.5 h reception and return, the rest 70/30 specialist/leader."""
    residence = Procedure.objects.get(code="1.004222")  # 7 working days = 56 h, handled by the police
    steps = [(s.role, s.unit_kind, s.working_hours) for s in residence.process_steps.all()]
    assert steps == [("reception", "", Decimal("0.5")), ("specialist", "police", Decimal("38.5")),
                     ("leader", "police", Decimal("16.5")), ("reception", "", Decimal("0.5"))]
    copies = Procedure.objects.get(code="2.000815")  # 4 working hours, at the commune itself
    assert [s.working_hours for s in copies.process_steps.all()] == [Decimal(h) for h in ("0.5", "2.1", "0.9", "0.5")]
    assert {s.unit_kind for s in copies.process_steps.all()} == {""}


def test_every_demo_centre_has_kiosk_services(demo):
    from motcua.organizations.models import Centre
    from motcua.queueing.models import ServiceGroup

    receiving = Centre.objects.filter(unit__procedures__is_enabled=True).distinct()
    assert receiving.count() >= 5
    for centre in receiving:
        assert ServiceGroup.objects.filter(centre=centre).exists(), centre.code
