"""Who may see which dossiers: one queryset filter used by the API, the back office and exports.

Staff see dossiers received by or currently at a unit where they hold a role; province-wide roles
(provincial monitor, administrator: assignments without a unit) see their whole province; an
applicant sees the dossiers they own. Nobody sees another province's dossiers.
"""

from django.db.models import Q

from motcua.accounts.models import RoleAssignment

from .models import Dossier


def visible_dossiers(user, queryset=None):
    queryset = Dossier.objects.all() if queryset is None else queryset
    if not user or not user.is_authenticated:
        return queryset.none()
    condition = Q(owner=user)
    if user.kind == "staff" and user.province_id:
        assignments = RoleAssignment.objects.filter(user=user, province_id=user.province_id)
        if assignments.filter(unit__isnull=True).exists():
            condition |= Q(province_id=user.province_id)
        else:
            units = list(assignments.values_list("unit_id", flat=True))
            condition |= Q(province_id=user.province_id) & (Q(unit_id__in=units) | Q(current_unit_id__in=units))
    return queryset.filter(condition)


def find_visible(user, code_or_id: str) -> Dossier | None:
    """The dossier with this code (or public id) if ``user`` may see it; None otherwise, so that
    'does not exist' and 'not yours' look the same."""
    queryset = visible_dossiers(user).select_related("procedure", "unit", "current_unit")
    value = (code_or_id or "").strip()
    try:
        import uuid

        return queryset.filter(public_id=uuid.UUID(value)).first()
    except ValueError:
        return queryset.filter(code=value.upper()).first()
