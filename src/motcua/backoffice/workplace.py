"""Where an officer works: the units where they hold roles, and whether they see the whole province.

Built once per request from the role assignments (``accounts.permissions.grants_of``, cached on
the user). Only roles in the officer's own province count, as everywhere else.
"""

from dataclasses import dataclass, field

from motcua.accounts.models import Role
from motcua.accounts.permissions import grants_of, reach
from motcua.accounts.policy import Action

# Roles that submit on someone's behalf at the reception page, and how the dossier records it.
ASSISTED_ROLES = {Role.DIGITAL_GUIDE: ("digital_guide", "online"), Role.POSTAL_AGENT: ("postal_agent", "postal")}


@dataclass(frozen=True)
class Workplace:
    """Nơi làm việc: unit id → roles held there; ``province_id`` when the whole province is visible."""

    roles_by_unit: dict[int, frozenset[str]] = field(default_factory=dict)
    province_id: int | None = None

    @property
    def unit_ids(self) -> list[int]:
        return sorted(self.roles_by_unit)

    def roles_in(self, unit_id: int) -> frozenset[str]:
        return self.roles_by_unit.get(unit_id, frozenset())

    def units_with(self, *roles: str) -> list[int]:
        return [u for u in self.unit_ids if self.roles_by_unit[u] & set(roles)]

    @property
    def all_roles(self) -> frozenset[str]:
        return frozenset().union(*self.roles_by_unit.values()) if self.roles_by_unit else frozenset()


def workplace_of(user) -> Workplace:
    home = getattr(user, "province_id", None)
    roles: dict[int, set[str]] = {}
    for grant in grants_of(user):
        if grant.unit_id is not None and grant.province_id == home and grant.unit_province_id == home:
            roles.setdefault(grant.unit_id, set()).add(grant.role)
    province_wide = home is not None and home in reach(user, Action.VIEW).provinces
    return Workplace({u: frozenset(r) for u, r in roles.items()}, home if province_wide else None)
