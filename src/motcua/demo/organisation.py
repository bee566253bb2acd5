"""The demo province, Tỉnh Sen Vàng (H99): fictional, and named so nobody mistakes it for a real one.

Units: the provincial People's Committee (whose centre, with one branch, receives the provincial
department's dossiers), Sở Tư pháp, the provincial police and social insurance (they handle their
part of linked procedures), and five communes/wards, each with its own centre.
"""

from typing import NamedTuple

from motcua.accounts.models import Role
from motcua.organizations.models import COMMUNE_KINDS, Unit

PROVINCE_CODE, PROVINCE_NAME = "H99", "Tỉnh Sen Vàng"


class UnitSpec(NamedTuple):
    code: str
    name: str
    kind: str
    slug: str  # used in usernames
    working_periods: list | None = None  # None: the default 07:00–11:30, 13:30–17:00


class CounterSpec(NamedTuple):
    number: int
    name: str
    is_priority: bool = False


class CentreSpec(NamedTuple):
    code: str
    name: str
    unit: str
    address: str
    counters: tuple[CounterSpec, ...]
    parent: str = ""


class StaffSpec(NamedTuple):
    username: str
    full_name: str
    role: str
    unit: str = ""    # empty: the whole province
    centre: str = ""


class ApplicantSpec(NamedTuple):
    username: str
    full_name: str
    kind: str
    personal_id: str


K = Unit.Kind
UNITS = (
    UnitSpec("H99", "Ủy ban nhân dân tỉnh Sen Vàng", K.PROVINCE, "tinh"),
    UnitSpec("H99.10", "Sở Tư pháp tỉnh Sen Vàng", K.DEPARTMENT, "sotuphap"),
    UnitSpec("H99.20", "Công an tỉnh Sen Vàng", K.POLICE, "congan"),
    UnitSpec("H99.30", "Bảo hiểm xã hội tỉnh Sen Vàng", K.SOCIAL_INSURANCE, "bhxh"),
    UnitSpec("H99.50", "Phường Hồ Sen", K.WARD, "hosen"),
    UnitSpec("H99.51", "Phường Đồi Thông", K.WARD, "doithong"),
    UnitSpec("H99.52", "Xã Suối Ngọc", K.COMMUNE, "suoingoc"),
    # An island commune keeps different hours: the working-hours setting is per unit.
    UnitSpec("H99.53", "Xã Cù Lao Xanh", K.COMMUNE, "culaoxanh", [["07:30", "11:30"], ["13:00", "17:00"]]),
    UnitSpec("H99.54", "Xã Đồng Lúa", K.COMMUNE, "donglua"),
)
del K
COMMUNE_UNITS = tuple(u for u in UNITS if u.kind in COMMUNE_KINDS)
DEPARTMENT_UNITS = tuple(u for u in UNITS if u.kind == Unit.Kind.DEPARTMENT)
# Units that process dossiers without receiving them at their own centre.
HANDLING_KINDS = frozenset({Unit.Kind.DEPARTMENT, Unit.Kind.POLICE, Unit.Kind.SOCIAL_INSURANCE})


def commune_centre_code(unit: UnitSpec) -> str:
    return f"h99-{unit.code.rsplit('.', 1)[-1]}"


def _commune_counters(count: int) -> tuple[CounterSpec, ...]:
    names = ["Quầy ưu tiên", "Hộ tịch – Chứng thực", "Đất đai – Xây dựng – Kinh doanh", "Cư trú – Bảo hiểm"]
    return tuple(CounterSpec(n, names[n - 1], is_priority=(n == 1)) for n in range(1, count + 1))


CENTRES = (
    CentreSpec("h99-tinh", "Trung tâm Phục vụ hành chính công tỉnh Sen Vàng", "H99",
               "Số 1 đường Hoa Sen, phường Hồ Sen, tỉnh Sen Vàng", (
                   CounterSpec(1, "Quầy ưu tiên", True), CounterSpec(2, "Sở Tư pháp"),
                   CounterSpec(3, "Sở Tư pháp – Lý lịch tư pháp"), CounterSpec(4, "Công an tỉnh"),
                   CounterSpec(5, "Trả kết quả"))),
    CentreSpec("h99-tinh-cn1", "Chi nhánh Trung tâm PVHCC tỉnh tại Cù Lao Xanh", "H99",
               "Bến tàu Cù Lao Xanh, xã Cù Lao Xanh", (
                   CounterSpec(1, "Quầy ưu tiên", True), CounterSpec(2, "Tiếp nhận chung"),
                   CounterSpec(3, "Trả kết quả")), parent="h99-tinh"),
    *(CentreSpec(commune_centre_code(u), f"Trung tâm Phục vụ hành chính công {u.name[0].lower()}{u.name[1:]}",
                 u.code, f"Trụ sở UBND {u.name[0].lower()}{u.name[1:]}, tỉnh Sen Vàng",
                 _commune_counters(4 if u.kind == Unit.Kind.WARD else 3))
      for u in COMMUNE_UNITS),
)

# Fictional names, handed out in order to the generated staff (alternately women and men).
_FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lý", "Hồ"]
_WOMEN = (["Thị", "Thu", "Ngọc", "Thanh"],
          ["An", "Chi", "Hà", "Hạnh", "Lan", "Mai", "Nga", "Thảo", "Uyên", "Vy", "Yến", "Linh", "Loan", "Nhung",
           "Trang", "Xuân"])
_MEN = (["Văn", "Minh", "Quốc", "Hữu"],
        ["Bình", "Dũng", "Giang", "Khoa", "Long", "Nam", "Phúc", "Quân", "Sơn", "Trung", "Tuấn", "Hiếu", "Khánh",
         "Phong", "Thắng", "Vinh"])


def _name(i: int) -> str:
    middles, givens = _WOMEN if i % 2 == 0 else _MEN
    return f"{_FAMILY[i % len(_FAMILY)]} {middles[i // 2 % len(middles)]} {givens[i // 2 % len(givens)]}"


def _staff() -> tuple[StaffSpec, ...]:
    R = Role
    rows = [
        ("giamsat.tinh", R.PROVINCIAL_MONITOR, "", ""),
        ("quantri.tinh", R.ADMIN, "", ""),
        ("quanly.tinh", R.CENTRE_MANAGER, "H99", "h99-tinh"),
        ("tiepnhan.tinh", R.RECEPTION, "H99.10", "h99-tinh"),  # Sở Tư pháp's desk at the provincial centre
    ]
    for unit in UNITS:
        if unit.kind in HANDLING_KINDS:
            rows += [(f"chuyenvien.{unit.slug}", R.SPECIALIST, unit.code, ""),
                     (f"lanhdao.{unit.slug}", R.LEADER, unit.code, "")]
    rows += [("hotro.hosen", R.DIGITAL_GUIDE, "H99.50", ""),  # Youth Union digital guide
             ("buudien.hosen", R.POSTAL_AGENT, "H99.50", "h99-50")]
    for unit in COMMUNE_UNITS:
        centre = commune_centre_code(unit)
        rows += [(f"tiepnhan.{unit.slug}", R.RECEPTION, unit.code, centre),
                 (f"chuyenvien.{unit.slug}", R.SPECIALIST, unit.code, ""),
                 (f"lanhdao.{unit.slug}", R.LEADER, unit.code, ""),
                 (f"quanly.{unit.slug}", R.CENTRE_MANAGER, unit.code, centre)]
    return tuple(StaffSpec(username, _name(i), role, unit, centre)
                 for i, (username, role, unit, centre) in enumerate(rows))


STAFF = _staff()
APPLICANTS = (
    ApplicantSpec("congdan.demo", "Trần Thị Mẫu", "citizen", "099200000001"),
    ApplicantSpec("doanhnghiep.demo", "Hộ kinh doanh Tiệm bánh Sen Vàng", "business", "9900000001"),
)
