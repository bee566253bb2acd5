"""Who may see which dossiers: one queryset filter used by the API, the back office and exports.

The rule is the role → action table of accounts/policy.py (``scope(..., Action.VIEW)``): staff see
dossiers received by or currently at a unit where a role lets them view; province-wide roles see
their province; the applicant (owner) and whoever submitted on their behalf (created_by) see it
too. Nobody sees another province's dossiers.
"""

from motcua.accounts.permissions import scope
from motcua.accounts.policy import Action
from motcua.audit.reads import noting

from .models import Dossier


def visible_dossiers(user, queryset=None):
    queryset = Dossier.objects.all() if queryset is None else queryset
    if not user or not user.is_authenticated:
        return queryset.none()
    return scope(queryset, user, Action.VIEW)


# What most callers of find_visible show of a dossier's relations, read in the same query.
USUAL_RELATED = ("procedure", "unit", "current_unit")


@noting  # every dossier handed out is a read, logged for staff (audit/reads.py)
def find_visible(user, code_or_id: str, related=USUAL_RELATED) -> Dossier | None:
    """The dossier with this code (or public id) if ``user`` may see it; None otherwise, so that
    'does not exist' and 'not yours' look the same. ``related``: the relations read with it."""
    queryset = visible_dossiers(user).select_related(*related)
    value = (code_or_id or "").strip()
    try:
        import uuid

        return queryset.filter(public_id=uuid.UUID(value)).first()
    except ValueError:
        return queryset.filter(code=value.upper()).first()
