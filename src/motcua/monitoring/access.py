"""Who sees which units on the dashboard (phạm vi giám sát).

The provincial monitor (giám sát cấp tỉnh) sees every unit of the province; a centre manager
(quản lý trung tâm) and a unit leader (lãnh đạo đơn vị) see the units where they hold that role.
The rule reads the one role → action table (``Action.MONITOR``) and adds leaders, whose role is
about their own unit's dossiers (decision 0366). Nobody sees another province.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from motcua.accounts.models import Role
from motcua.accounts.permissions import grants_of, reach
from motcua.accounts.policy import Action
from motcua.organizations.models import Centre, Unit


@dataclass(frozen=True)
class Scope:
    province_id: int
    unit_ids: frozenset[int]
    whole_province: bool

    def units(self):
        units = Unit.objects.filter(province_id=self.province_id, is_active=True)
        return units if self.whole_province else units.filter(pk__in=self.unit_ids)

    def allows_unit(self, unit: Unit) -> bool:
        return unit.province_id == self.province_id and (self.whole_province or unit.pk in self.unit_ids)

    def centres(self):
        return Centre.objects.filter(unit__in=self.units()).select_related("unit")


def scope_of(user) -> Scope | None:
    """The user's monitoring scope, or None when they may not use the dashboard."""
    home = getattr(user, "province_id", None)
    if not (user.is_authenticated and user.is_active) or home is None:
        return None
    where = reach(user, Action.MONITOR)
    leaders = {g.unit_id for g in grants_of(user)
               if g.role == Role.LEADER and g.unit_id and g.province_id == home and g.unit_province_id == home}
    whole = home in where.provinces
    units = frozenset(where.units | leaders)
    if not whole and not units:
        return None
    return Scope(home, units, whole)


def monitoring_required(view):
    """Signed-in staff with a monitoring scope; the scope is passed on as ``request.monitoring``."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        found = scope_of(request.user)
        if found is None:
            raise PermissionDenied("Trang dành cho cán bộ giám sát / monitoring staff only")
        request.monitoring = found
        return view(request, *args, **kwargs)

    return wrapper
