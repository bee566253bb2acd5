"""REST endpoints for dossiers (thin: everything goes through services, access and idempotency)."""

import base64
import binascii
from datetime import datetime
from typing import Literal

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.responses import Status

from motcua.api.auth import AUTH
from motcua.catalog.models import Procedure, RequiredDocument, UnitProcedure
from motcua.core.errors import UserFacingError
from motcua.organizations.models import Unit

from . import idempotency, services, uploads
from .access import find_visible
from .workflow import NATIONAL_STATUS_LABELS, State

router = Router(tags=["dossiers"], auth=AUTH)


class ApplicantIn(Schema):
    kind: Literal["citizen", "business"] = "citizen"
    name: str = Field(max_length=200)
    id_number: str = Field(max_length=20, description="12-digit personal ID, or tax code for businesses")
    phone: str = Field("", max_length=20)
    email: str = Field("", max_length=200)
    address: str = Field("", max_length=300)


class AttachmentIn(Schema):
    name: str = Field(max_length=200)
    content_base64: str = Field(max_length=15_000_000)
    document_id: int | None = None


class DossierIn(Schema):
    procedure_code: str = Field(max_length=40)
    unit_code: str = Field(max_length=40)
    channel: Literal["online", "direct", "postal"] = "online"
    applicant: ApplicantIn
    delivery: Literal["counter", "post", "locker", "electronic"] = "counter"
    summary: str = Field("", max_length=500)
    submit: bool = True
    attachments: list[AttachmentIn] = Field(default_factory=list, max_length=30)


class DossierOut(Schema):
    public_id: str
    code: str | None
    procedure_code: str
    procedure_name: str
    unit_code: str
    current_unit_code: str
    channel: str
    state: str
    state_label: str
    national_status: int | None
    national_status_label: str | None
    submitted_at: datetime | None
    received_at: datetime | None
    due_at: datetime | None
    finished_at: datetime | None
    timeliness: str
    version: int


class EventOut(Schema):
    seq: int
    at: datetime
    action: str
    actor_name: str
    actor_role: str
    from_state: str
    to_state: str
    comment: str


class ActionIn(Schema):
    expected_version: int | None = None
    comment: str = Field("", max_length=4000)
    new_due_at: datetime | None = None
    to_unit_code: str | None = Field(None, max_length=40)
    result_summary: str = Field("", max_length=4000)
    received_by_name: str = Field("", max_length=200)
    received_by_id_number: str = Field("", max_length=20)


class ErrorOut(Schema):
    code: str
    field: str | None = None
    message: str
    message_en: str


def dossier_out(d) -> dict:
    return dict(public_id=str(d.public_id), code=d.code, procedure_code=d.procedure.code,
                procedure_name=d.procedure.name, unit_code=d.unit.code, current_unit_code=d.current_unit.code,
                channel=d.channel, state=d.state, state_label=State.LABELS[d.state],
                national_status=d.national_status,
                national_status_label=NATIONAL_STATUS_LABELS.get(d.national_status),
                submitted_at=d.submitted_at, received_at=d.received_at, due_at=d.due_at,
                finished_at=d.finished_at, timeliness=d.timeliness, version=d.version)


def _decode(attachment: AttachmentIn) -> bytes:
    try:
        return base64.b64decode(attachment.content_base64, validate=True)
    except (binascii.Error, ValueError):
        raise UserFacingError(f"Tệp '{attachment.name}' không đúng mã hóa base64",
                              f"attachment '{attachment.name}' is not valid base64", field="attachments") from None


def _receiving(procedure_code: str, unit_code: str) -> tuple[Procedure, Unit]:
    """The active procedure and unit, read with the unit's enabled row for the procedure in one
    query; only a refusal reads more, to say which of the three is missing."""
    row = (UnitProcedure.objects.select_related("procedure__field", "unit")
           .filter(procedure__code=procedure_code, procedure__is_active=True, unit__code=unit_code,
                   unit__is_active=True, is_enabled=True).first())
    if row is not None:
        return row.procedure, row.unit
    procedure = Procedure.objects.filter(code=procedure_code, is_active=True).first()
    unit = Unit.objects.filter(code=unit_code, is_active=True).first()
    if procedure is None:
        raise UserFacingError("Không tìm thấy thủ tục", "unknown procedure", field="procedure_code", code="not_found")
    if unit is None:
        raise UserFacingError("Không tìm thấy đơn vị tiếp nhận", "unknown unit", field="unit_code", code="not_found")
    raise services.NotReceivedHere(unit)


VIA = {"digital_guide": "digital_guide", "postal_agent": "postal_agent"}  # staff roles that submit for others


def _create(request, body: DossierIn, stored: list[str]):
    """Create, attach and submit in the caller's transaction (``idempotency.once``); the names of
    the files written are appended to ``stored`` so that the caller can take them back."""
    procedure, unit = _receiving(body.procedure_code, body.unit_code)
    files = [(_decode(a), a) for a in body.attachments]
    user = request.user
    # Only staff hold roles (services.actor_roles ignores anyone else's): no query for citizens.
    roles = user.roles.filter(unit=unit).values_list("role", flat=True) if user.kind == "staff" else []
    role = next((r for r in roles if r in VIA), None)
    dossier = services.create(
        procedure=procedure, unit=unit, channel=body.channel, applicant=services.Applicant(**body.applicant.dict()),
        actor=user, owner=user if user.kind != "staff" else None, submitted_via=VIA.get(role, "self"),
        delivery=body.delivery, summary=body.summary, submit=False, enabled_checked=True)
    for content, a in files:
        document = RequiredDocument.objects.filter(pk=a.document_id, procedure=procedure).first() if a.document_id else None
        stored.append(services.attach(dossier, content, a.name, actor=user, document=document).storage_name)
    if body.submit:
        dossier = services.perform(dossier, "submit", user, as_role=role or "applicant", current=True)
    return dossier


@router.post("/dossiers", response={201: DossierOut, 200: DossierOut, 422: ErrorOut},
             summary="Nộp hồ sơ (idempotent with the Idempotency-Key header)")
def create_dossier(request, body: DossierIn):
    key = request.headers.get("Idempotency-Key", "")
    fingerprint = idempotency.request_fingerprint(body.dict())
    stored: list[str] = []
    try:
        dossier, created = idempotency.once(key, f"user:{request.user.pk}", fingerprint,
                                            lambda: _create(request, body, stored))
    except BaseException:
        uploads.discard_unreferenced(stored)  # the transaction rolled back: its files go too
        raise
    if not created:
        uploads.discard_unreferenced(stored)  # a parallel retry with the same key won; ours rolled back
    return Status(201 if created else 200, dossier_out(dossier))


@router.get("/dossiers/{code}", response={200: DossierOut, 404: ErrorOut}, summary="Xem hồ sơ")
def get_dossier(request, code: str):
    return dossier_out(_visible_or_404(request, code))


@router.get("/dossiers/{code}/events", response={200: list[EventOut], 404: ErrorOut}, summary="Nhật ký xử lý")
def dossier_events(request, code: str):
    return list(_visible_or_404(request, code).events.order_by("seq"))


@router.post("/dossiers/{code}/actions/{action}", response={200: DossierOut, 404: ErrorOut, 409: ErrorOut,
                                                             422: ErrorOut}, summary="Thực hiện thao tác")
def dossier_action(request, code: str, action: str, body: ActionIn):
    dossier = _visible_or_404(request, code)
    params = {k: v for k, v in body.dict().items() if v not in (None, "") and k not in ("comment", "expected_version")}
    if "to_unit_code" in params:
        params["to_unit"] = get_object_or_404(Unit, code=params.pop("to_unit_code"), province_id=dossier.province_id)
    dossier = services.perform(dossier, action, request.user, comment=body.comment,
                               expected_version=body.expected_version, **params)
    return dossier_out(dossier)


def _visible_or_404(request, code):
    dossier = find_visible(request.user, code)
    if dossier is None:
        raise UserFacingError("Không tìm thấy hồ sơ", "dossier not found", code="not_found")
    return dossier
