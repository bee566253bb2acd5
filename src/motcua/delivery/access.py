"""Who may hand out results: the roles of the dossier's ``return_result`` action, in its unit."""

from django.core.exceptions import PermissionDenied

from motcua.accounts.models import User
from motcua.accounts.permissions import allows, units_for
from motcua.accounts.policy import Action
from motcua.dossiers.services import actor_roles
from motcua.dossiers.workflow import ACTIONS

RETURN_ROLES = ACTIONS["return_result"].actors - {"system"}


def return_units(user):
    """Units where ``user`` works at the return desk (lazy queryset)."""
    return units_for(user, Action.RETURN_RESULT)


def is_return_desk(user) -> bool:
    return user.is_authenticated and user.kind == User.Kind.STAFF and allows(user, Action.RETURN_RESULT)


def require_return_role(user, dossier) -> None:
    """Refuse anyone who may not hand out this dossier's result (the same rule as the workflow's)."""
    if user is None or not actor_roles(user, dossier) & RETURN_ROLES:
        raise PermissionDenied("Bạn không trả kết quả của hồ sơ này / you may not return this dossier's result")
