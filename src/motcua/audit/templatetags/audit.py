from django import template

from motcua.accounts.permissions import allows, reach
from motcua.accounts.policy import Action

from ..queries import readers_of

register = template.Library()


@register.inclusion_tag("audit/_readers_panel.html", takes_context=True)
def dossier_readers_panel(context, dossier):
    """Ai đã xem hồ sơ này: for those with the audit right over the dossier (leaders of its unit,
    the province's monitors and administrators)."""
    user = context["request"].user
    shown = allows(user, Action.AUDIT, dossier)
    return {"shown": shown, "reads": readers_of(dossier.pk) if shown else []}


@register.filter
def audits_reads(user) -> bool:
    """Whether the read-log page is open to ``user``: the audit right over a whole province."""
    return bool(reach(user, Action.AUDIT).provinces)
