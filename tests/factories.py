"""Plain factory functions for tests: explicit, no magic."""

from types import SimpleNamespace

from motcua.accounts.models import Role, RoleAssignment, User
from motcua.organizations.models import Centre, Counter, Province, Unit


def make_user(username, *, province, role=None, unit=None, kind=User.Kind.STAFF, **extra):
    user = User.objects.create_user(username=username, password="Mat-khau-2026!", kind=kind,
                                    province=province if kind == User.Kind.STAFF else None, **extra)
    if role:
        RoleAssignment.objects.create(user=user, role=role, province=province, unit=unit)
    return user


def make_org(code="H99", name="Tỉnh Thử Nghiệm"):
    province = Province.objects.create(code=code, name=name)
    dept = Unit.objects.create(province=province, code=f"{code}.10", name="Sở Tư pháp", kind=Unit.Kind.DEPARTMENT)
    commune_a = Unit.objects.create(province=province, code=f"{code}.50", name="Phường An Bình", kind=Unit.Kind.WARD)
    commune_b = Unit.objects.create(province=province, code=f"{code}.51", name="Xã Hòa Lạc", kind=Unit.Kind.COMMUNE)
    centre = Centre.objects.create(unit=commune_a, code=f"{code.lower()}-50", name="Trung tâm PVHCC phường An Bình")
    counters = [Counter.objects.create(centre=centre, number=n, name=f"Quầy {n}") for n in (1, 2, 3)]
    return SimpleNamespace(province=province, dept=dept, commune_a=commune_a, commune_b=commune_b,
                           centre=centre, counters=counters, Role=Role)
