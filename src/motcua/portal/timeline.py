"""A dossier's history (lịch sử xử lý) as a citizen reads it, built from the event log."""

from motcua.dossiers.models import Dossier

from .wording import REASONED, event_text

HIDDEN = frozenset({"create"})  # creating the draft is not news to anyone


def history(dossier: Dossier, *, reasons: bool) -> list[dict]:
    """Events oldest first as {"at", "text", "reason"}. ``reasons``: include the officer's comment
    on requests and refusals — for the owner only, since a comment may name people."""
    steps = dict(dossier.steps.values_list("position", "name"))
    events = dossier.events.exclude(action__in=HIDDEN).select_related("unit").order_by("seq")
    return [{
        "at": e.at,
        "text": event_text(e.action, step=steps.get(e.to_step, ""), unit=e.unit.name if e.unit else ""),
        "reason": e.comment if reasons and e.action in REASONED else "",
    } for e in events]


def current_step_name(dossier: Dossier) -> str:
    """The internal step the dossier is at, once received ('' before: it has no steps yet)."""
    step = dossier.steps.filter(position=dossier.step_position).values_list("name", flat=True).first()
    return step or ""


def last_reason(dossier: Dossier) -> str:
    """The comment of the latest request or refusal: what the owner is asked to fix."""
    event = dossier.events.filter(action__in=REASONED).order_by("-seq").values_list("comment", flat=True).first()
    return event or ""
