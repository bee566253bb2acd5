"""Panels other apps include on their dossier pages.

Back office dossier page:  {% load delivery %}{% delivery_officer_panel d %}
Portal dossier page:       {% load delivery %}{% delivery_citizen_panel dossier %}
"""

from django import template

from motcua.dossiers.services import actor_roles
from motcua.dossiers.workflow import State

from ..access import RETURN_ROLES
from ..models import StoredResult
from ..rules import desk_bucket

register = template.Library()


def _latest(dossier):
    """The dossier's latest shipment and latest locker placement (None when there is none)."""
    return (dossier.shipments.order_by("-pk").first(),
            dossier.placements.select_related("slot__locker").order_by("-pk").first())


@register.inclusion_tag("delivery/_officer_panel.html", takes_context=True)
def delivery_officer_panel(context, dossier):
    """How the result goes back to the applicant, and the return desk's actions for it."""
    shipment, placement = _latest(dossier)
    user = context["request"].user
    can_act = dossier.state == State.COMPLETED and bool(actor_roles(user, dossier) & RETURN_ROLES)
    bucket = desk_bucket(dossier.delivery, shipment.status if shipment else None,
                         placement.status if placement else None, has_result_file=True) if can_act else None
    return {"d": dossier, "shipment": shipment, "placement": placement, "bucket": bucket,
            "csrf_token": context.get("csrf_token")}


@register.inclusion_tag("delivery/_citizen_panel.html")
def delivery_citizen_panel(dossier):
    """Where the applicant's result is: on its way by post, in the locker, or to download."""
    if dossier.state not in (State.COMPLETED, State.RETURNED):
        return {"show": False}
    shipment, placement = _latest(dossier)
    stored = StoredResult.objects.filter(dossier=dossier).select_related("attachment")
    return {"show": True, "d": dossier, "shipment": shipment, "placement": placement, "stored": stored}
