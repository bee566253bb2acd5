"""Panels other apps include on their dossier pages.

Back office dossier page:  {% load feedback %}{% feedback_officer_panel d %}
Portal dossier page:       {% load feedback %}{% feedback_citizen_panel dossier %}
"""

from django import template

from motcua.dossiers.workflow import State

from ..models import Rating
from ..views import counters_for

register = template.Library()


def _rating(dossier):
    return Rating.objects.filter(dossier=dossier).first()


@register.inclusion_tag("feedback/_officer_panel.html", takes_context=True)
def feedback_officer_panel(context, dossier):
    """The applicant's rating, or — once the result is returned — an invitation to rate at the counter."""
    request = context["request"]
    rating = _rating(dossier)
    counters = counters_for(request.user) if dossier.state == State.RETURNED and rating is None else []
    return {"d": dossier, "rating": rating, "counters": counters, "csrf_token": context.get("csrf_token"),
            "chosen": request.session.get("feedback_counter"), "next": request.get_full_path(),
            "petitions": dossier.petitions.count()}


@register.inclusion_tag("feedback/_citizen_panel.html")
def feedback_citizen_panel(dossier):
    """Rate the service once the result is returned; send a petition about the dossier at any time."""
    return {"d": dossier, "rating": _rating(dossier), "can_rate": dossier.state == State.RETURNED}


@register.filter
def reads_petitions(user) -> bool:
    from ..access import may_read_list

    return may_read_list(user)


@register.filter
def records_petitions(user) -> bool:
    from ..access import may_record

    return may_record(user)
