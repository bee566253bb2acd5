"""A dossier's history (lịch sử xử lý) as a citizen reads it, built from the event log."""

from django.db.models import OuterRef, Subquery

from motcua.dossiers.models import Dossier, DossierStep

from .wording import REASONED, event_text

HIDDEN = frozenset({"create"})  # creating the draft is not news to anyone


def step_name(dossier_field: str, position_field: str) -> Subquery:
    """The name of the step of the dossier in ``dossier_field`` at the position in ``position_field``
    of the outer row (a correlated subquery: the name comes with the row, no second query)."""
    return Subquery(DossierStep.objects.filter(dossier_id=OuterRef(dossier_field), position=OuterRef(position_field))
                    .values("name")[:1])


def history(dossier: Dossier, *, reasons: bool) -> list[dict]:
    """Events oldest first as {"at", "text", "reason"}. ``reasons``: include the officer's comment
    on requests and refusals — for the owner only, since a comment may name people. One query."""
    rows = (dossier.events.exclude(action__in=HIDDEN).annotate(step=step_name("dossier_id", "to_step")).order_by("seq")
            .values_list("at", "action", "step", "unit__name", "comment"))
    return [{
        "at": at,
        "text": event_text(action, step=step or "", unit=unit or ""),
        "reason": comment if reasons and action in REASONED else "",
    } for at, action, step, unit, comment in rows]


def current_step_name(dossier: Dossier) -> str:
    """The internal step the dossier is at, once received ('' before: it has no steps yet)."""
    step = dossier.steps.filter(position=dossier.step_position).values_list("name", flat=True).first()
    return step or ""


def last_reason(dossier: Dossier) -> str:
    """The comment of the latest request or refusal: what the owner is asked to fix."""
    event = dossier.events.filter(action__in=REASONED).order_by("-seq").values_list("comment", flat=True).first()
    return event or ""
