"""Public dossier lookup (tra cứu hồ sơ): dossier code + the last 4 digits of the applicant's phone
or ID number. Shared by the web page and the API; no HTTP here.

Two rules keep it from leaking:
- no personal data in the answer: the name is masked, and there is no ID, phone, address or
  comment (a comment may name people);
- an unknown code and a wrong second factor are the same answer (None) reached the same way (one
  query, both comparisons), and both count against the code's limit, so a caller cannot learn
  which codes exist.
"""

from django.conf import settings
from django.db import connection

from motcua.core import ratelimit
from motcua.dossiers.codes import parse_code
from motcua.dossiers.workflow import NATIONAL_STATUS_LABELS, State

from .rules import factor_matches, mask_name, normalise_code
from .timeline import HIDDEN, aware, history_items


class RateLimited(Exception):
    """Too many tries from one address, or too many wrong factors for one code."""

    message_vi = "Bạn đã thử quá nhiều lần. Vui lòng thử lại sau ít phút."
    message_en = "Too many tries. Please try again in a few minutes."


# The dossier with the columns its public view shows (and the two the factor is checked against),
# then its history, in one hand-written statement (decisions 0559, 0640): through the ORM the
# dossier query alone cost more CPU than the rest of the lookup, and a second round trip for the
# history cost as much as its rows. The first branch gives one row (part 0) with the dossier's
# columns and NULL event columns; the second, one row per event (part 1) the other way round,
# with an empty comment: a comment may name people and is never read here.
# Plain SQL that PostgreSQL and SQLite read alike: a NULL takes its type from the other branch.
LOOKUP_SQL = """
SELECT 0, d.id, d.code, d.applicant_phone, d.applicant_id_number, d.applicant_name, d.state, d.national_status,
       p.code, p.name, u.name, cu.name, d.paused_at, d.submitted_at, d.received_at, d.due_at, d.finished_at,
       d.returned_at, s.name, NULL, NULL, NULL, NULL, NULL, NULL
  FROM dossiers_dossier d
  JOIN catalog_procedure p ON p.id = d.procedure_id
  JOIN organizations_unit u ON u.id = d.unit_id
  JOIN organizations_unit cu ON cu.id = d.current_unit_id
  LEFT JOIN dossiers_dossierstep s ON s.dossier_id = d.id AND s.position = d.step_position
 WHERE d.code = %s
UNION ALL
SELECT 1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       NULL, e.seq, e.at, e.action, es.name, eu.name, ''
  FROM dossiers_dossierevent e
  JOIN dossiers_dossier d ON d.id = e.dossier_id
  LEFT JOIN dossiers_dossierstep es ON es.dossier_id = e.dossier_id AND es.position = e.to_step
  LEFT JOIN organizations_unit eu ON eu.id = e.unit_id
 WHERE d.code = %s AND e.action <> %s
 ORDER BY 1, 20"""  # the part, then column 20: the event's seq
COLUMNS = ("pk", "code", "applicant_phone", "applicant_id_number", "applicant_name", "state", "national_status",
           "procedure_code", "procedure_name", "unit_name", "current_unit_name", "paused_at", "submitted_at",
           "received_at", "due_at", "finished_at", "returned_at", "current_step_name")
DOSSIER_COLUMNS = slice(1, 1 + len(COLUMNS))
EVENT_COLUMNS = slice(1 + len(COLUMNS) + 1, None)  # at, action, step, unit, '' for the comment


def lookup(code: str, factor: str) -> dict | None:
    """The public view of the dossier with this code, or None if the code is unknown or the factor
    does not match (the caller cannot tell which)."""
    code = normalise_code(code)
    if parse_code(code) is None:  # not a dossier code at all (also keeps NUL bytes away from the database)
        return None
    with connection.cursor() as cursor:
        cursor.execute(LOOKUP_SQL, [code, code, HIDDEN])
        rows = cursor.fetchall()
    found = rows and rows[0][0] == 0
    row = dict(zip(COLUMNS, rows[0][DOSSIER_COLUMNS])) if found else {"applicant_phone": "", "applicant_id_number": ""}
    if not factor_matches(factor, row["applicant_phone"], row["applicant_id_number"]) or not found:
        return None
    return public_view(row, [r[EVENT_COLUMNS] for r in rows[1:]])


def checked_lookup(code: str, factor: str, client: str) -> dict | None:
    """``lookup`` behind the rate limits (settings MOTCUA_LOOKUP_RATE_PER_IP / _PER_CODE).

    Every try counts against ``client`` (an IP address); a failed one also counts against the
    code, whether it exists or not. Raises RateLimited once either limit is used up.
    """
    per_ip = ratelimit.parse_rate(settings.MOTCUA_LOOKUP_RATE_PER_IP)
    per_code = ratelimit.parse_rate(settings.MOTCUA_LOOKUP_RATE_PER_CODE)
    code = normalise_code(code)
    # One statement counts the address's try and reads the code's counter.
    if not ratelimit.hit("lookup-ip", client, per_ip, check=("lookup-code", code, per_code)):
        raise RateLimited()
    result = lookup(code, factor)
    if result is None:
        ratelimit.hit("lookup-code", code, per_code)
    return result


def public_view(row: dict, events: list[tuple]) -> dict:
    """What anyone holding the code and factor may see, from the dossier row and the event rows
    (at, action, step, unit, comment) of ``lookup``'s query. Times are aware datetimes (the API's
    encoder writes them as ISO 8601)."""
    return {
        "code": row["code"],
        "procedure_code": row["procedure_code"],
        "procedure": row["procedure_name"],
        "applicant": mask_name(row["applicant_name"]),
        "state": row["state"],
        "status": State.LABELS[row["state"]],
        "national_status": row["national_status"],
        "national_status_label": NATIONAL_STATUS_LABELS.get(row["national_status"], ""),
        "receiving_unit": row["unit_name"],
        "current_unit": row["current_unit_name"],
        "current_step": (row["current_step_name"] or "") if row["state"] in State.OPEN else "",
        "is_paused": row["paused_at"] is not None,
        "submitted_at": aware(row["submitted_at"]),
        "received_at": aware(row["received_at"]),
        "due_at": aware(row["due_at"]),
        "finished_at": aware(row["finished_at"]),
        "returned_at": aware(row["returned_at"]),
        "history": [{"at": item["at"], "text": item["text"]} for item in history_items(events, reasons=False)],
    }
