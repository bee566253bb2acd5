"""Template filters of the citizen portal: dates as people say them, and status colours."""

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from motcua.dossiers.workflow import State

register = template.Library()

# Badge colour by what the status means for the citizen: blue in progress, gold "your turn",
# green done, red refused or stopped, grey not sent or withdrawn.
TONE = {
    State.DRAFT: "grey", State.SUBMITTED: "blue", State.RECEIVED: "blue", State.PROCESSING: "blue",
    State.SUSPENDED: "blue", State.AWAITING_COMPLETION: "yellow", State.SUPPLEMENT_REQUESTED: "yellow",
    State.FEE_REQUESTED: "yellow", State.COMPLETED: "green", State.RETURNED: "green", State.REFUSED: "red",
    State.STOPPED: "red", State.WITHDRAWN: "grey",
}


@register.filter
def when(value) -> str:
    """An aware datetime as 'Thứ 6, 27/02/2026 lúc 16:30' (local time)."""
    if not value:
        return ""
    local = timezone.localtime(value)
    return _("%(day)s, %(date)s lúc %(time)s") % {
        "day": date_format(local, "l"), "date": local.strftime("%d/%m/%Y"), "time": local.strftime("%H:%M")}


@register.filter
def tone(state: str) -> str:
    return f"badge-{TONE.get(state, 'grey')}"
