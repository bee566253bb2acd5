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

from motcua.core import ratelimit
from motcua.dossiers.codes import parse_code
from motcua.dossiers.models import Dossier
from motcua.dossiers.workflow import NATIONAL_STATUS_LABELS, State

from .rules import factor_matches, mask_name, normalise_code
from .timeline import history, step_name


class RateLimited(Exception):
    """Too many tries from one address, or too many wrong factors for one code."""

    message_vi = "Bạn đã thử quá nhiều lần. Vui lòng thử lại sau ít phút."
    message_en = "Too many tries. Please try again in a few minutes."


def lookup(code: str, factor: str) -> dict | None:
    """The public view of the dossier with this code, or None if the code is unknown or the factor
    does not match (the caller cannot tell which)."""
    code = normalise_code(code)
    if parse_code(code) is None:  # not a dossier code at all (also keeps NUL bytes away from the database)
        return None
    # One query reads the dossier with everything its public view shows; the history is the other.
    found = (Dossier.objects.filter(code=code).select_related("procedure", "unit", "current_unit")
             .annotate(current_step_name=step_name("pk", "step_position")).first())
    phone, id_number = (found.applicant_phone, found.applicant_id_number) if found else ("", "")
    if not factor_matches(factor, phone, id_number) or found is None:
        return None
    return public_view(found)


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


def public_view(dossier: Dossier) -> dict:
    """What anyone holding the code and factor may see. Times are aware datetimes (the API's
    encoder writes them as ISO 8601). ``dossier`` comes from ``lookup``'s query (with its
    procedure, units and ``current_step_name``)."""
    return {
        "code": dossier.code,
        "procedure_code": dossier.procedure.code,
        "procedure": dossier.procedure.name,
        "applicant": mask_name(dossier.applicant_name),
        "state": dossier.state,
        "status": State.LABELS[dossier.state],
        "national_status": dossier.national_status,
        "national_status_label": NATIONAL_STATUS_LABELS.get(dossier.national_status, ""),
        "receiving_unit": dossier.unit.name,
        "current_unit": dossier.current_unit.name,
        "current_step": (dossier.current_step_name or "") if dossier.state in State.OPEN else "",
        "is_paused": dossier.is_paused,
        "submitted_at": dossier.submitted_at,
        "received_at": dossier.received_at,
        "due_at": dossier.due_at,
        "finished_at": dossier.finished_at,
        "returned_at": dossier.returned_at,
        "history": [{"at": item["at"], "text": item["text"]} for item in history(dossier, reasons=False)],
    }
