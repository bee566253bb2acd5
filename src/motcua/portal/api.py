"""Public dossier lookup over the API: the same rule and limits as the /tra-cuu/ page."""

from datetime import datetime

from django.conf import settings
from django.http import HttpResponse
from ninja import Field, Router, Schema
from ninja.responses import Status

from motcua.core import ratelimit

from .lookup import RateLimited, checked_lookup

router = Router(tags=["lookup"])


class LookupIn(Schema):
    code: str = Field(max_length=60, description="Mã hồ sơ, e.g. H15.50-261008-0975")
    factor: str = Field(max_length=10, description="Last 4 digits of the applicant's phone or ID number")


class HistoryOut(Schema):
    at: datetime
    text: str


class LookupOut(Schema):
    code: str
    procedure_code: str
    procedure: str
    applicant: str
    state: str
    status: str
    national_status: int | None
    national_status_label: str
    receiving_unit: str
    current_unit: str
    current_step: str
    is_paused: bool
    submitted_at: datetime | None
    received_at: datetime | None
    due_at: datetime | None
    finished_at: datetime | None
    returned_at: datetime | None
    history: list[HistoryOut]


class MessageOut(Schema):
    code: str
    field: str | None = None
    message: str
    message_en: str


NOT_FOUND = {"code": "not_found", "field": None,
             "message": "Không tìm thấy hồ sơ với mã và 4 số cuối đã nhập",
             "message_en": "no dossier matches this code and these 4 digits"}


@router.post("/lookup", auth=None, response={200: LookupOut, 404: MessageOut, 429: MessageOut},
             summary="Tra cứu hồ sơ (mã hồ sơ + 4 số cuối điện thoại hoặc số định danh)")
def lookup(request, body: LookupIn):
    client = ratelimit.client_ip(request.META.get("REMOTE_ADDR", ""), request.META.get("HTTP_X_FORWARDED_FOR", ""),
                                 settings.MOTCUA_TRUSTED_PROXY_HOPS)
    try:
        result = checked_lookup(body.code, body.factor, client)
    except RateLimited as exc:
        return Status(429, {"code": "rate_limited", "field": None, "message": exc.message_vi,
                            "message_en": exc.message_en})
    # Both answers are built here to their documented schema (tests check them against it), so
    # they are rendered as they are: Ninja's validation of the answer cost an eighth of the lookup.
    return _rendered(request, result or NOT_FOUND, status=200 if result else 404)


def _rendered(request, data: dict, status: int) -> HttpResponse:
    """``data`` written by the API's renderer, without validating it against the schema."""
    from motcua.api.urls import api  # the API imports this router

    return api.create_response(request, data, status=status)
