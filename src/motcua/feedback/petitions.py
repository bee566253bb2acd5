"""The functions that change petitions (PAKN). Every change is one transaction with its log row.

A petition is received (online, or recorded by staff from the suggestion box, the hotline or a
meeting), classified (766 indicator 5.1), assigned, and then refused, or answered after perhaps
asking the sender for more information. An answer may be published; the sender may say whether it
satisfied them and may reopen the petition once. A step done after its deadline marks the
petition late for good (indicator 5.2).
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from motcua.accounts.permissions import allows
from motcua.accounts.policy import Action
from motcua.core.errors import UserFacingError
from motcua.core.text import fold
from motcua.dossiers import validation
from motcua.dossiers.models import Dossier
from motcua.workdays.calendar import WORKING_DAYS
from motcua.workdays.services import calendar_for_unit

from . import access, notify, rules
from .models import AnswerVote, Meeting, Petition, PetitionEvent

Status = Petition.Status


@dataclass
class Sender:
    """Người gửi: all optional (a suggestion-box note may be anonymous)."""

    name: str = ""
    phone: str = ""
    email: str = ""
    owner: object = None

    def cleaned(self) -> "Sender":
        email = (self.email or "").strip()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                raise UserFacingError("Địa chỉ thư điện tử không hợp lệ", "invalid e-mail address",
                                      field="sender_email") from None
        try:
            phone = validation.phone(self.phone)
        except UserFacingError as err:
            raise UserFacingError(err.message_vi, err.message_en, field="sender_phone") from err
        return Sender(" ".join((self.name or "").split())[:200], phone, email, self.owner)


def _text(value: str, field: str, minimum: int = 10) -> str:
    value = (value or "").strip()
    if len(value) < minimum:
        raise UserFacingError(f"Nội dung quá ngắn (ít nhất {minimum} ký tự)",
                              f"too short (at least {minimum} characters)", field=field)
    return value


def _log(petition: Petition, actor, action: str, note: str, now) -> None:
    PetitionEvent.objects.create(petition=petition, at=now, actor=actor if getattr(actor, "pk", None) else None,
                                 action=action, note=note)


def _require_status(petition: Petition, *statuses) -> None:
    if petition.status not in statuses:
        raise UserFacingError(f"Không thực hiện được khi phản ánh đang ở trạng thái '{petition.get_status_display()}'",
                              f"not possible while the petition is '{petition.status}'", code="bad_state")


def _locked(petition: Petition) -> Petition:
    return Petition.objects.select_for_update(of=("self",)).select_related("unit").get(pk=petition.pk)


# --- receiving ----------------------------------------------------------------------------------

@transaction.atomic
def submit(*, unit, kind: str, classification: str, content: str, source: str, sender: Sender, title: str = "",
           recorded_by=None, dossier_code: str = "", meeting: Meeting | None = None, now=None) -> Petition:
    """Receive a petition (tiếp nhận) and fix its deadlines in the unit's working calendar."""
    now = now or timezone.now()
    if kind not in Petition.Kind.values or classification not in Petition.Classification.values \
            or source not in Petition.Source.values:
        raise UserFacingError("Loại, phân loại hoặc nguồn không hợp lệ", "invalid kind, class or source")
    if unit is None or not unit.is_active:
        raise UserFacingError("Chọn cơ quan, đơn vị bị phản ánh hoặc được hỏi", "choose the unit", field="unit")
    if recorded_by is not None and not allows(recorded_by, Action.RECEIVE, unit) \
            and not any(allows(recorded_by, a, unit) for a in access.HANDLING):
        raise PermissionDenied("Bạn không ghi nhận phản ánh cho đơn vị này / not your unit")
    content = _text(content, "content")
    sender = sender.cleaned()
    dossier = Dossier.objects.filter(code=dossier_code.strip().upper(), province_id=unit.province_id).first() \
        if dossier_code.strip() else None
    due = rules.deadlines(calendar_for_unit(unit), now)
    petition = Petition.objects.create(
        province_id=unit.province_id, unit=unit, dossier=dossier, meeting=meeting, kind=kind,
        classification=classification, source=source, sender_name=sender.name, sender_phone=sender.phone,
        sender_email=sender.email, owner=sender.owner if getattr(sender.owner, "pk", None) else None,
        title=(" ".join((title or "").split()) or " ".join(content.split())[:80])[:200], content=content,
        recorded_by=recorded_by, received_at=now, refuse_due_at=due.refuse, info_due_at=due.info,
        answer_due_at=due.answer)
    _log(petition, recorded_by, "receive", petition.get_source_display(), now)
    notify.tell_sender(petition, "receive", f"Da tiep nhan phan anh, kien nghi so {petition.code}. "
                                            f"Han tra loi: {timezone.localtime(due.answer):%d/%m/%Y}.")
    return petition


@transaction.atomic
def record_meeting(*, unit, kind: str, held_on, place: str, lines: str, actor, now=None) -> list[Petition]:
    """Ghi nhận hàng loạt: every question asked at a meeting, all saved or none."""
    parsed = rules.parse_meeting_lines(lines)
    if kind not in Meeting.Kind.values:
        raise UserFacingError("Chọn hình thức buổi tiếp", "choose the kind of meeting", field="kind")
    place = " ".join((place or "").split())
    if not place:
        raise UserFacingError("Ghi địa điểm buổi tiếp", "enter where the meeting was held", field="place")
    meeting = Meeting.objects.create(unit=unit, kind=kind, held_on=held_on, place=place[:200], recorded_by=actor)
    return [submit(unit=unit, kind=Petition.Kind.QUESTION, classification=Petition.Classification.PROCEDURE,
                   content=line.content, source=Petition.Source.MEETING, sender=Sender(line.name, line.phone),
                   recorded_by=actor, meeting=meeting, now=now)
            for line in parsed]


# --- handling (staff) ---------------------------------------------------------------------------

def _handler_check(actor, petition, answer=False) -> None:
    allowed = access.may_answer(actor, petition) if answer else access.may_handle(actor, petition)
    if not allowed:
        raise PermissionDenied("Bạn không xử lý phản ánh này / you do not handle this petition")


@transaction.atomic
def classify(petition: Petition, actor, classification: str, *, now=None) -> Petition:
    petition = _locked(petition)
    _handler_check(actor, petition)
    if classification not in Petition.Classification.values:
        raise UserFacingError("Chọn phân loại", "choose a classification", field="classification")
    petition.classification = classification
    petition.save(update_fields=["classification"])
    _log(petition, actor, "classify", petition.get_classification_display(), now or timezone.now())
    return petition


@transaction.atomic
def assign(petition: Petition, actor, handler, *, now=None) -> Petition:
    petition = _locked(petition)
    _handler_check(actor, petition)
    _require_status(petition, *Petition.OPEN)
    if handler is None or not allows(handler, Action.VIEW, petition.unit):
        raise UserFacingError("Người xử lý phải là cán bộ của đơn vị", "the handler must work in the unit",
                              field="handler")
    petition.handler = handler
    if petition.status == Status.RECEIVED:
        petition.status = Status.PROCESSING
    petition.save(update_fields=["handler", "status"])
    _log(petition, actor, "assign", str(handler), now or timezone.now())
    return petition


def _late_if(petition: Petition, now, due) -> None:
    if now > due:
        petition.late = True


@transaction.atomic
def request_info(petition: Petition, actor, text: str, *, now=None) -> Petition:
    """Yêu cầu bổ sung thông tin (once, within 5 working days): the clock stops until the reply."""
    now = now or timezone.now()
    petition = _locked(petition)
    _handler_check(actor, petition, answer=True)
    _require_status(petition, Status.RECEIVED, Status.PROCESSING)
    if petition.info_requested_at:
        raise UserFacingError("Chỉ yêu cầu bổ sung thông tin một lần", "more information may be asked once only")
    if not (petition.sender_phone or petition.sender_email or petition.owner_id):
        raise UserFacingError("Người gửi không để lại cách liên hệ: không thể yêu cầu bổ sung",
                              "the sender left no contact: they cannot be asked")
    petition.info_request, petition.info_requested_at = _text(text, "text"), now
    petition.status = Status.INFO_REQUESTED
    _late_if(petition, now, petition.info_due_at)
    petition.save()
    _log(petition, actor, "request_info", petition.info_request, now)
    notify.tell_sender(petition, "info", f"Phan anh {petition.code} can bo sung thong tin: "
                                         f"{petition.info_request[:100]}")
    return petition


@transaction.atomic
def provide_info(petition: Petition, text: str, *, now=None) -> Petition:
    """The sender's reply: the answer deadline moves by the working time spent waiting for it."""
    now = now or timezone.now()
    petition = _locked(petition)
    _require_status(petition, Status.INFO_REQUESTED)
    petition.info_reply = _text(text, "text")
    calendar = calendar_for_unit(petition.unit)
    petition.answer_due_at = calendar.extend_for_pause(petition.answer_due_at, petition.info_requested_at, now)
    petition.status = Status.PROCESSING
    petition.save()
    _log(petition, None, "provide_info", petition.info_reply, now)
    return petition


@transaction.atomic
def refuse(petition: Petition, actor, reason: str, *, now=None) -> Petition:
    """Từ chối xử lý (within 2 working days of receipt), with the reason told to the sender."""
    now = now or timezone.now()
    petition = _locked(petition)
    _handler_check(actor, petition)
    _require_status(petition, *Petition.OPEN)
    petition.refusal_reason, petition.status, petition.finished_at = _text(reason, "reason"), Status.REFUSED, now
    _late_if(petition, now, petition.refuse_due_at)
    petition.save()
    _log(petition, actor, "refuse", petition.refusal_reason, now)
    notify.tell_sender(petition, "refuse", f"Phan anh {petition.code} khong duoc xu ly. Ly do: "
                                           f"{petition.refusal_reason[:100]}")
    return petition


@transaction.atomic
def answer(petition: Petition, actor, text: str, *, to_publish: bool = False, now=None) -> Petition:
    """Trả lời (within 15 working days, less the time spent waiting for information)."""
    now = now or timezone.now()
    petition = _locked(petition)
    _handler_check(actor, petition, answer=True)
    _require_status(petition, Status.RECEIVED, Status.PROCESSING)
    petition.answer, petition.answered_at, petition.answered_by = _text(text, "text"), now, actor
    petition.status, petition.finished_at = Status.ANSWERED, now
    _late_if(petition, now, petition.answer_due_at)
    petition.to_publish = to_publish
    petition.publish_due_at = rules.publish_deadline(calendar_for_unit(petition.unit), now) if to_publish else None
    petition.save()
    _log(petition, actor, "answer", petition.answer, now)
    notify.tell_sender(petition, "answer", f"Phan anh {petition.code} da duoc tra loi.")
    return petition


@transaction.atomic
def publish(petition: Petition, actor, *, now=None) -> Petition:
    """Công khai câu trả lời (within 2 working days of the answer) in the public list."""
    now = now or timezone.now()
    petition = _locked(petition)
    _handler_check(actor, petition)
    _require_status(petition, Status.ANSWERED)
    if petition.published_at:
        raise UserFacingError("Câu trả lời đã được công khai", "the answer is already published")
    if not petition.to_publish:
        petition.to_publish = True
        petition.publish_due_at = rules.publish_deadline(calendar_for_unit(petition.unit), petition.answered_at)
    petition.published_at = now
    petition.search_text = fold(f"{petition.title} {petition.content} {petition.answer}")
    _late_if(petition, now, petition.publish_due_at)
    petition.save()
    _log(petition, actor, "publish", "", now)
    return petition


# --- the sender's side --------------------------------------------------------------------------

@transaction.atomic
def reopen(petition: Petition, reason: str, *, now=None) -> Petition:
    """Phản ánh lại: not satisfied with the answer, the sender reopens the petition — once."""
    now = now or timezone.now()
    petition = _locked(petition)
    _require_status(petition, Status.ANSWERED)
    if petition.reopened_at:
        raise UserFacingError("Mỗi phản ánh chỉ được phản ánh lại một lần", "a petition can be reopened once only")
    petition.reopen_reason, petition.reopened_at = _text(reason, "reason"), now
    petition.status, petition.finished_at = Status.PROCESSING, None
    petition.answer_due_at = calendar_for_unit(petition.unit).due(now, rules.HANDLE_DAYS, WORKING_DAYS)
    petition.save()
    _log(petition, None, "reopen", petition.reopen_reason, now)
    return petition


@transaction.atomic
def vote(petition: Petition, voter: str, verdict: str, *, now=None) -> AnswerVote:
    """Like or dislike an answer; a second vote by the same voter replaces the first."""
    petition = _locked(petition)
    if petition.status != Status.ANSWERED or (voter != "sender" and not petition.published_at):
        raise UserFacingError("Chỉ đánh giá được câu trả lời đã có", "only a given answer can be rated")
    if verdict not in ("like", "dislike"):
        raise UserFacingError("Chọn hài lòng hoặc không hài lòng", "choose like or dislike", field="verdict")
    row, _ = AnswerVote.objects.update_or_create(petition=petition, voter=voter,
                                                 defaults={"verdict": verdict, "at": now or timezone.now()})
    return row
