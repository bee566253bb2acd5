"""The seeded province (tỉnh mẫu): units, centres with counters and queues, staff, procedures.

Small (a few thousand rows), so it goes through the ORM; the dossiers go through ``loader``.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.hashers import make_password

from motcua.accounts.models import Role, RoleAssignment, User
from motcua.catalog.models import Fee, Procedure, ProcedureChannel, UnitProcedure
from motcua.organizations.models import Centre, Counter, Province, Unit
from motcua.queueing.models import ServiceGroup

from .stories import Place

DEPARTMENTS = ["Sở Tư pháp", "Sở Xây dựng", "Sở Nông nghiệp và Môi trường", "Sở Tài chính", "Sở Y tế",
               "Sở Giáo dục và Đào tạo", "Sở Nội vụ", "Sở Công Thương", "Sở Văn hóa, Thể thao và Du lịch",
               "Sở Khoa học và Công nghệ", "Sở Dân tộc và Tôn giáo", "Thanh tra tỉnh", "Sở Ngoại vụ"]
PASSWORD = "Mat-khau-do-thu-2026!"  # the same for every seeded officer (bench sign-in)


@dataclass
class World:
    province: Province
    places: list          # Place per unit that receives dossiers
    procedures: list      # (id, working days, fee: (fee id, name, amount) or None)
    monitor: User         # the provincial monitor (dashboards)


def build(code: str, communes: int, procedure_limit: int) -> World:
    """Create province ``code`` with its departments, ``communes`` communes and wards, and staff."""
    if Province.objects.filter(code=code).exists():
        raise ValueError(f"Tỉnh {code} đã có / province {code} already exists: seed another code")
    province = Province.objects.create(code=code, name=f"Tỉnh Đo Thử {code}")
    units = [Unit(province=province, code=f"{code}.{n}", name=name, kind=Unit.Kind.DEPARTMENT)
             for n, name in enumerate(DEPARTMENTS, start=1)]
    units += [Unit(province=province, code=f"{code}.{100 + n}", name=f"{'Phường' if n % 4 == 0 else 'Xã'} Thử {n}",
                   kind=Unit.Kind.WARD if n % 4 == 0 else Unit.Kind.COMMUNE) for n in range(1, communes + 1)]
    Unit.objects.bulk_create(units)
    units = list(Unit.objects.filter(province=province).order_by("pk"))
    centres = _centres(code, units)
    staff = _staff(code, province, units)
    procedures = _procedures(procedure_limit)
    UnitProcedure.objects.bulk_create([UnitProcedure(unit=u, procedure_id=p) for u in units for p, *_ in procedures],
                                      ignore_conflicts=True)
    places = [Place(u.pk, u.code, province.pk, centres.get(u.pk, (None,))[0], *staff[u.pk],
                    *centres.get(u.pk, (None,))[1:]) for u in units]
    monitor = User.objects.create(username=f"{code.lower()}-giamsat", password=make_password(PASSWORD),
                                  kind=User.Kind.STAFF, province=province, first_name="Giám sát")
    RoleAssignment.objects.create(user=monitor, role=Role.PROVINCIAL_MONITOR, province=province)
    return World(province, places, procedures, monitor)


def _centres(code, units) -> dict:
    """One centre per commune or ward (three counters, one queue service group serving them all);
    unit id → (centre id, group id, group code, counter ids)."""
    local = [u for u in units if u.kind != Unit.Kind.DEPARTMENT]
    Centre.objects.bulk_create([Centre(unit=u, code=f"{u.code.lower().replace('.', '-')}", name=f"Bộ phận một cửa {u.name}")
                                for u in local])
    centres = list(Centre.objects.filter(unit__in=local))
    Counter.objects.bulk_create([Counter(centre=c, number=n, name=f"Quầy {n}") for c in centres for n in (1, 2, 3)])
    ServiceGroup.objects.bulk_create([ServiceGroup(centre=c, code="1", name="Thủ tục chung") for c in centres])
    counters = {}
    for counter in Counter.objects.filter(centre__in=centres).order_by("number"):
        counters.setdefault(counter.centre_id, []).append(counter.pk)
    groups = {g.centre_id: g for g in ServiceGroup.objects.filter(centre__in=centres)}
    for c in centres:
        groups[c.pk].counters.set(counters[c.pk])
    return {c.unit_id: (c.pk, groups[c.pk].pk, groups[c.pk].code, tuple(counters[c.pk])) for c in centres}


def _staff(code, province, units) -> dict:
    """Reception, specialist and leader in every unit; unit id → their user ids."""
    password = make_password(PASSWORD)
    roles = (Role.RECEPTION, Role.SPECIALIST, Role.LEADER)
    users = [User(username=f"{u.code.lower()}-{role}", password=password, kind=User.Kind.STAFF, province=province,
                  first_name=role) for u in units for role in roles]
    User.objects.bulk_create(users)
    by_name = dict(User.objects.filter(username__startswith=f"{code.lower()}.").values_list("username", "pk"))
    RoleAssignment.objects.bulk_create([
        RoleAssignment(user_id=by_name[f"{u.code.lower()}-{role}"], role=role, province=province, unit=u)
        for u in units for role in roles])
    return {u.pk: tuple(by_name[f"{u.code.lower()}-{role}"] for role in roles) for u in units}


def _procedures(limit: int) -> list:
    """The catalogue's active single procedures with a time limit in working days (first by code),
    or, on an empty catalogue, five stand-in procedures (quick mode, two of them with a fee); each
    with its first fee in đồng, if it has one."""
    rows = list(ProcedureChannel.objects.filter(
        procedure__is_active=True, procedure__is_bundle=False, duration__gt=0, duration_unit="working-days",
    ).order_by("procedure__code", "position").values_list("procedure_id", "duration"))
    chosen = {}
    for pk, days in rows:
        chosen.setdefault(pk, max(1, int(days)))
    if not chosen:
        for n in range(1, 6):
            p = Procedure.objects.create(code=f"DO-THU.{n}", name=f"Thủ tục đo thử {n}", levels="commune",
                                         online_level="full")
            for pos, channel in enumerate(("direct", "online")):
                ProcedureChannel.objects.create(procedure=p, channel=channel, duration=Decimal(3 * n),
                                                duration_unit="working-days", position=pos)
            if n % 2 == 0:
                Fee.objects.create(procedure=p, name=f"Lệ phí đo thử {n}", amount=10_000 * n)
            chosen[p.pk] = 3 * n
    picked = sorted(chosen.items())[:limit]
    fees = {}
    for fee_id, procedure_id, name, amount in (Fee.objects.filter(procedure_id__in=[p for p, _ in picked], amount__gt=0)
                                               .order_by("-position", "-pk")
                                               .values_list("pk", "procedure_id", "name", "amount")):
        fees[procedure_id] = (fee_id, " ".join(name.replace("\\", "/").split())[:500], amount)  # ordered last first: the first fee wins
    return [(pk, days, fees.get(pk)) for pk, days in picked]
