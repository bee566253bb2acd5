"""``POST /api/v1/assistant/ask`` — the assistant for any client; no sign-in needed."""

from django.conf import settings
from ninja import Router, Schema, Status

from motcua.core import ratelimit

from . import service

router = Router(tags=["assistant"])


class AskIn(Schema):
    question: str
    token: str = ""  # the conversation token returned by the previous answer
    unit_code: str = ""  # the receiving unit, e.g. H15.50 (where to submit, which level)


class FactOut(Schema):
    aspect: str
    label: str
    lines: list[str]
    source: str


class AskOut(Schema):
    kind: str
    text: str
    procedure: dict | None
    choices: list[dict]
    facts: list[FactOut]
    status: dict | None
    token: str
    candidates: list[dict]


class ErrorOut(Schema):
    code: str
    field: str | None
    message: str
    message_en: str


@router.post("/assistant/ask", response={200: AskOut, 422: ErrorOut, 429: ErrorOut},
             summary="Hỏi trợ lý ảo / ask the virtual assistant")
def ask(request, payload: AskIn):
    """One message of a conversation: send back the ``token`` of the previous answer to go on with it.

    ``kind`` says what came back: answer (facts of one procedure, each with its source field),
    clarify or choose (``choices`` to pick from), status / need_factor (a dossier code: its status
    only with the last 4 digits of the applicant's phone or ID number), not_found, empty.
    """
    client = ratelimit.client_ip(request.META.get("REMOTE_ADDR", ""), request.META.get("HTTP_X_FORWARDED_FOR", ""),
                                 settings.MOTCUA_TRUSTED_PROXY_HOPS)
    try:
        return service.ask(payload.question, payload.token, payload.unit_code, client)
    except service.TooManyQuestions as limited:
        return Status(429, limited.as_dict())
