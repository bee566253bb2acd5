"""A dossier's history (lịch sử xử lý) as a citizen reads it, built from the event log."""

from django.db.models import F, FilteredRelation, Q

from motcua.dossiers.models import Dossier, DossierEvent

from .wording import REASONED, event_text

HIDDEN = frozenset({"create"})  # creating the draft is not news to anyone


def step_at(steps_path: str, position_field: str) -> FilteredRelation:
    """The dossier's step (``steps_path`` leads to the dossier's steps) at the position held in
    ``position_field`` of the row: a LEFT JOIN, so its name comes with the row in the same query
    (cheaper for the ORM to build than a correlated subquery)."""
    return FilteredRelation(steps_path, condition=Q(**{f"{steps_path}__position": F(position_field)}))


def history(dossier: Dossier, *, reasons: bool) -> list[dict]:
    """Events oldest first as {"at", "text", "reason"}. ``reasons``: include the officer's comment
    on requests and refusals — for the owner only, since a comment may name people. One query."""
    return history_of(dossier.pk, reasons=reasons)


def history_of(dossier_id: int, *, reasons: bool) -> list[dict]:
    """``history`` of the dossier with this id."""
    rows = (DossierEvent.objects.filter(dossier_id=dossier_id).exclude(action__in=HIDDEN)
            .annotate(step=step_at("dossier__steps", "to_step")).order_by("seq")
            .values_list("at", "action", "step__name", "unit__name", "comment"))
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
