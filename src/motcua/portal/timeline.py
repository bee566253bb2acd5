"""A dossier's history (lịch sử xử lý) as a citizen reads it, built from the event log."""

from datetime import datetime
from datetime import timezone as dt_timezone

from django.db import connection
from django.utils import timezone

from motcua.dossiers.models import Dossier

from .wording import REASONED, event_text

HIDDEN = "create"  # creating the draft is not news to anyone

# Hand-written SQL on the public lookup's path (decision 0559): building this query through the
# ORM cost several times the query itself. Plain SQL that PostgreSQL and SQLite read alike; the
# step and unit are LEFT JOINs because an event before reception has no step and may have no unit.
HISTORY_SQL = """
SELECT e.at, e.action, s.name, u.name, e.comment
  FROM dossiers_dossierevent e
  LEFT JOIN dossiers_dossierstep s ON s.dossier_id = e.dossier_id AND s.position = e.to_step
  LEFT JOIN organizations_unit u ON u.id = e.unit_id
 WHERE e.dossier_id = %s AND e.action <> %s
 ORDER BY e.seq"""


def aware(moment):
    """A time read by hand-written SQL as Django would give it: PostgreSQL gives it aware; SQLite
    gives it naive (stored in UTC), or as text where the column has no declared type (a UNION)."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return timezone.make_aware(moment, dt_timezone.utc) if moment is not None and timezone.is_naive(moment) else moment


def history(dossier: Dossier, *, reasons: bool) -> list[dict]:
    """Events oldest first as {"at", "text", "reason"}. ``reasons``: include the officer's comment
    on requests and refusals — for the owner only, since a comment may name people. One query."""
    with connection.cursor() as cursor:
        cursor.execute(HISTORY_SQL, [dossier.pk, HIDDEN])
        return history_items(cursor.fetchall(), reasons=reasons)


def history_items(rows, *, reasons: bool) -> list[dict]:
    """``history``'s items from event rows (at, action, step name, unit name, comment), oldest first."""
    return [{
        "at": aware(at),
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
