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
from .timeline import aware, history_of


class RateLimited(Exception):
    """Too many tries from one address, or too many wrong factors for one code."""

    message_vi = "Bạn đã thử quá nhiều lần. Vui lòng thử lại sau ít phút."
    message_en = "Too many tries. Please try again in a few minutes."


# The columns the public view shows (and the two the factor is checked against), in hand-written
# SQL (decision 0559): through the ORM this one query cost more CPU than the rest of the lookup.
DOSSIER_SQL = """
SELECT d.id, d.code, d.applicant_phone, d.applicant_id_number, d.applicant_name, d.state, d.national_status,
       p.code, p.name, u.name, cu.name, d.paused_at, d.submitted_at, d.received_at, d.due_at, d.finished_at,
       d.returned_at, s.name
  FROM dossiers_dossier d
  JOIN catalog_procedure p ON p.id = d.procedure_id
  JOIN organizations_unit u ON u.id = d.unit_id
  JOIN organizations_unit cu ON cu.id = d.current_unit_id
  LEFT JOIN dossiers_dossierstep s ON s.dossier_id = d.id AND s.position = d.step_position
 WHERE d.code = %s"""
COLUMNS = ("pk", "code", "applicant_phone", "applicant_id_number", "applicant_name", "state", "national_status",
           "procedure_code", "procedure_name", "unit_name", "current_unit_name", "paused_at", "submitted_at",
           "received_at", "due_at", "finished_at", "returned_at", "current_step_name")


def lookup(code: str, factor: str) -> dict | None:
    """The public view of the dossier with this code, or None if the code is unknown or the factor
    does not match (the caller cannot tell which)."""
    code = normalise_code(code)
    if parse_code(code) is None:  # not a dossier code at all (also keeps NUL bytes away from the database)
        return None
    # One query reads the dossier with everything its public view shows; the history is the other.
    with connection.cursor() as cursor:
        cursor.execute(DOSSIER_SQL, [code])
        found = cursor.fetchone()
    row = dict(zip(COLUMNS, found)) if found else {"applicant_phone": "", "applicant_id_number": ""}
    if not factor_matches(factor, row["applicant_phone"], row["applicant_id_number"]) or not found:
        return None
    return public_view(row)


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


def public_view(row: dict) -> dict:
    """What anyone holding the code and factor may see, from a row of ``lookup``'s query. Times are
    aware datetimes (the API's encoder writes them as ISO 8601)."""
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
        "history": [{"at": item["at"], "text": item["text"]} for item in history_of(row["pk"], reasons=False)],
    }
