"""Roles, the actions they allow and where (phân quyền): the one table, and pure rules over it.

No database here: ``reach_from_grants`` and ``assignment_problems`` work on plain values, so the
rules are tested with their own numbers. ``permissions.py`` feeds them from the database.
"""

from enum import StrEnum
from typing import NamedTuple

from .models import Role, User


class Action(StrEnum):
    """Thao tác — what a person does with an object of a unit."""

    VIEW = "view"                          # xem
    RECEIVE = "receive"                    # tiếp nhận hồ sơ
    PROCESS = "process"                    # thẩm định, xử lý
    APPROVE = "approve"                    # phê duyệt, ký
    RETURN_RESULT = "return_result"        # trả kết quả
    MANAGE_CENTRE = "manage_centre"        # quản lý trung tâm, quầy, xếp hàng
    MONITOR = "monitor"                    # giám sát, báo cáo
    ADMINISTER = "administer"              # quản trị đơn vị, tài khoản, danh mục
    SUBMIT_ON_BEHALF = "submit_on_behalf"  # nộp hồ sơ thay người dân
    AUDIT = "audit"                        # xem nhật ký truy cập dữ liệu cá nhân (decision 0523)


class Scope(StrEnum):
    """Where a role is held: in one unit, in the whole province, or either."""

    UNIT = "unit"
    PROVINCE = "province"
    EITHER = "either"


class RolePolicy(NamedTuple):
    actions: frozenset[Action]
    scope: Scope
    needs_centre: bool = False


A = Action
POLICIES: dict[str, RolePolicy] = {
    Role.RECEPTION: RolePolicy(frozenset({A.VIEW, A.RECEIVE, A.RETURN_RESULT}), Scope.UNIT),
    Role.SPECIALIST: RolePolicy(frozenset({A.VIEW, A.PROCESS}), Scope.UNIT),
    Role.LEADER: RolePolicy(frozenset({A.VIEW, A.PROCESS, A.APPROVE, A.AUDIT}), Scope.UNIT),
    Role.CENTRE_MANAGER: RolePolicy(frozenset({A.VIEW, A.MANAGE_CENTRE, A.MONITOR}), Scope.UNIT, needs_centre=True),
    Role.PROVINCIAL_MONITOR: RolePolicy(frozenset({A.VIEW, A.MONITOR, A.AUDIT}), Scope.PROVINCE),
    Role.ADMIN: RolePolicy(frozenset({A.VIEW, A.ADMINISTER, A.AUDIT}), Scope.EITHER),
    # Digital guides and postal agents act on what they bring or carry, not on a unit's files.
    Role.DIGITAL_GUIDE: RolePolicy(frozenset({A.SUBMIT_ON_BEHALF}), Scope.UNIT),
    Role.POSTAL_AGENT: RolePolicy(frozenset({A.SUBMIT_ON_BEHALF, A.RETURN_RESULT}), Scope.UNIT),
}
del A

# Actions that change something; "act on" an object means holding one of them there.
ACTING_ACTIONS = frozenset(Action) - {Action.VIEW, Action.MONITOR, Action.AUDIT}


class Grant(NamedTuple):
    """One role assignment as plain values. ``unit_id`` None: the whole province."""

    role: str
    province_id: int
    unit_id: int | None = None
    unit_province_id: int | None = None


class Reach(NamedTuple):
    """Phạm vi: provinces covered entirely and single units covered, for one action."""

    provinces: frozenset[int] = frozenset()
    units: frozenset[int] = frozenset()

    @property
    def is_empty(self) -> bool:
        return not self.provinces and not self.units


def reach_from_grants(grants, action: Action, home_province_id: int | None) -> Reach:
    """Where a staff member of ``home_province_id`` may perform ``action``.

    A grant outside the home province, or for a unit of another province, counts for nothing:
    nobody works across provinces, whatever the data says. A unit-only role recorded without a
    unit (bad data) grants nothing rather than the whole province.
    """
    provinces, units = set(), set()
    for grant in grants:
        policy = POLICIES.get(grant.role)
        if policy is None or action not in policy.actions or grant.province_id != home_province_id:
            continue
        if grant.unit_id is None:
            if policy.scope != Scope.UNIT:
                provinces.add(grant.province_id)
        elif grant.unit_province_id == home_province_id:
            units.add(grant.unit_id)
    return Reach(frozenset(provinces), frozenset(units))


def assignment_problems(role: str, province_id, *, user=None, unit=None, centre=None) -> dict[str, str]:
    """What is wrong with giving ``role`` in ``province_id`` (and ``unit``/``centre``) to ``user``.

    Returns {field: message}, empty when the assignment is valid. Reads only attributes already
    on the objects given (ids, and ``centre.unit`` when the centre has one).
    """
    policy = POLICIES.get(role)
    if policy is None:
        return {"role": f"Vai trò không hợp lệ / unknown role: {role!r}"}
    problems = {}
    if user is not None:
        if user.kind != User.Kind.STAFF:
            problems["user"] = "Chỉ tài khoản cán bộ mới được phân quyền / only staff accounts can hold roles"
        elif user.province_id != province_id:
            problems["user"] = "Cán bộ thuộc tỉnh khác / the staff member belongs to another province"
    if unit is None and policy.scope == Scope.UNIT:
        problems["unit"] = "Vai trò này cần chọn đơn vị / this role is held in a unit: choose one"
    elif unit is not None and policy.scope == Scope.PROVINCE:
        problems["unit"] = "Vai trò cấp tỉnh không gắn với đơn vị / a province-wide role has no unit"
    elif unit is not None and unit.province_id != province_id:
        problems["unit"] = "Đơn vị thuộc tỉnh khác / the unit belongs to another province"
    if centre is None and policy.needs_centre:
        problems["centre"] = "Vai trò này cần chọn trung tâm / this role needs a centre"
    elif centre is not None and centre.unit.province_id != province_id:
        problems["centre"] = "Trung tâm thuộc tỉnh khác / the centre belongs to another province"
    elif centre is not None and policy.needs_centre and unit is not None and centre.unit_id != unit.pk:
        problems["centre"] = "Trung tâm không thuộc đơn vị đã chọn / the centre does not belong to the unit"
    return problems
