"""Who handles petitions (xử lý PAKN) and who only records them.

Handling a unit's petitions is a management task: its leaders (Action.APPROVE) and the centre's
managers (Action.MANAGE_CENTRE); provincial monitors read them. Counter staff (Action.RECEIVE)
record petitions from the suggestion box, the hotline and meetings but do not read the list —
a complaint may be about them. The officer a petition is assigned to may answer it.
"""

from django.db.models import Q

from motcua.accounts.models import User
from motcua.accounts.permissions import allows, units_for
from motcua.accounts.policy import Action

HANDLING = (Action.APPROVE, Action.MANAGE_CENTRE)
RECORDING = (*HANDLING, Action.RECEIVE)


def _units(user, actions) -> Q:
    condition = Q(pk__in=[])
    for action in actions:
        condition |= Q(pk__in=units_for(user, action))
    return condition


def is_staff(user) -> bool:
    return user.is_authenticated and user.kind == User.Kind.STAFF


def recording_units(user):
    from motcua.organizations.models import Unit

    return Unit.objects.filter(_units(user, RECORDING), is_active=True).order_by("code")


def may_record(user) -> bool:
    return is_staff(user) and any(allows(user, a) for a in RECORDING)


def may_read_list(user) -> bool:
    return is_staff(user) and any(allows(user, a) for a in (*HANDLING, Action.MONITOR))


def visible(user, queryset):
    """The petitions ``user`` may read: their units' (handlers, monitors) and those assigned to them."""
    if not is_staff(user):
        return queryset.none()
    readable = Q(unit__in=units_for(user, Action.MONITOR)) | Q(handler=user)
    for action in HANDLING:
        readable |= Q(unit__in=units_for(user, action))
    return queryset.filter(readable)


def may_handle(user, petition) -> bool:
    return is_staff(user) and any(allows(user, a, petition) for a in HANDLING)


def may_answer(user, petition) -> bool:
    return may_handle(user, petition) or (is_staff(user) and petition.handler_id == user.pk)
