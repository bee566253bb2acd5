"""Which unit handles the part of a linked procedure (liên thông) done by another kind of unit.

A bundle member or process step names a unit kind (``police``, ``social_insurance``...); an empty
kind means the receiving unit itself. The choice never leaves the receiving unit's province.
"""

from .models import COMMUNE_KINDS, Unit


class RoutingError(LookupError):
    """No single unit of the requested kind can handle the dossier."""


def is_receiving_kind(receiving: Unit, unit_kind: str) -> bool:
    """Empty kind, the receiving unit's own kind, or commune vs ward: the receiving unit does it."""
    if not unit_kind or unit_kind == receiving.kind:
        return True
    return unit_kind in COMMUNE_KINDS and receiving.kind in COMMUNE_KINDS


def choose_unit(receiving: Unit, unit_kind: str, candidates: list[Unit]) -> Unit:
    """Pick the handling unit among ``candidates`` (active units of ``unit_kind`` in the province).

    A unit placed under the receiving unit (e.g. a ward's police post) is nearest and wins; otherwise
    a unit serving the whole province (no parent unit). Anything else is ambiguous.
    """
    if is_receiving_kind(receiving, unit_kind):
        return receiving
    local = [u for u in candidates if u.parent_id == receiving.pk]
    provincial = [u for u in candidates if u.parent_id is None]
    for group in (local, provincial):
        if len(group) == 1:
            return group[0]
        if len(group) > 1:
            codes = ", ".join(u.code for u in group)
            raise RoutingError(f"Có nhiều đơn vị loại {unit_kind} ({codes}) / several units of kind {unit_kind}")
    raise RoutingError(f"Không có đơn vị loại {unit_kind} trong tỉnh / no unit of kind {unit_kind} "
                       f"in the province of {receiving.code}")


def handling_unit(receiving: Unit, unit_kind: str) -> Unit:
    """The unit that handles work of ``unit_kind`` for a dossier received at ``receiving``."""
    if is_receiving_kind(receiving, unit_kind):
        return receiving
    candidates = list(Unit.objects.filter(province_id=receiving.province_id, kind=unit_kind, is_active=True))
    return choose_unit(receiving, unit_kind, candidates)
