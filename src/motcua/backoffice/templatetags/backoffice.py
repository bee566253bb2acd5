"""Template helpers of the back office."""

from django import template

from motcua.accounts.permissions import allows
from motcua.accounts.policy import Action

from ..counter import desk_modes
from ..workplace import workplace_of

register = template.Library()


@register.filter
def files_dossiers(user) -> bool:
    """Whether ``user`` may use the counter reception page (reception, digital guide, postal agent)."""
    return bool(desk_modes(workplace_of(user)))


@register.filter
def reads_dossiers(user) -> bool:
    """Whether ``user`` may read some unit's dossiers (every role but the submitting ones)."""
    return allows(user, Action.VIEW)


@register.filter
def filesize(size: int) -> str:
    """A byte count as people read it (kB, MB)."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} kB"
    return f"{size / (1024 * 1024):.1f} MB"
