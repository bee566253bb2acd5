"""The functions that change dossiers. Every state change goes through ``perform``.

``perform`` checks the state machine (workflow.py) and the actor's roles in the dossier's units,
takes the optimistic lock, applies the action's effects, appends the hash-chained event and sends
``dossier_changed`` inside the same transaction.
"""

import copy
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from datetime import timezone as dt_timezone

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from motcua.accounts.models import Role, RoleAssignment
from motcua.catalog.models import Procedure
from motcua.core.errors import UserFacingError
from motcua.organizations.models import Unit

from . import codes, deadlines, timeliness, validation
from .models import ApplicantKind, Dossier, DossierEvent, DossierStep, SubmittedVia
from .signals import dossier_changed
from .workflow import APPLICANT, NATIONAL_STATUS, IllegalTransition, State, check


class ConcurrentUpdate(UserFacingError):
    def __init__(self):
        super().__init__("Hồ sơ vừa được người khác cập nhật. Vui lòng tải lại trang và thực hiện lại.",
                         "the dossier was changed by someone else; reload and try again", code="conflict")


class NotReceivedHere(UserFacingError):
    def __init__(self, unit: Unit):
        super().__init__(f"{unit.name} không tiếp nhận thủ tục này", "this unit does not receive this procedure",
                         code="not_enabled")


@dataclass
class Applicant:
    """Chủ hồ sơ, as entered on the form or the API."""

    name: str
    id_number: str
    kind: str = ApplicantKind.CITIZEN
    phone: str = ""
    email: str = ""
    address: str = ""

    def cleaned(self) -> "Applicant":
        id_check = validation.personal_id if self.kind == ApplicantKind.CITIZEN else validation.tax_code
        return Applicant(name=validation.name(self.name), id_number=id_check(self.id_number), kind=self.kind,
                         phone=validation.phone(self.phone), email=(self.email or "").strip(),
                         address=" ".join((self.address or "").split()))


# --- creation -----------------------------------------------------------------------------------

def _channel_time(procedure: Procedure, channel: str):
    """The procedure's time limit for the channel (falls back to direct, then to any channel)."""
    rows = sorted(procedure.channels.all(), key=lambda c: (c.channel != channel, c.channel != "direct", c.position))
    for row in rows:
        if row.duration is not None and row.duration_unit:
            return row.duration, row.duration_unit
    raise UserFacingError(f"Thủ tục {procedure.code} chưa có thời hạn giải quyết, không thể tiếp nhận",
                          f"procedure {procedure.code} has no time limit configured", code="no_time_limit")


def _member_unit(receiving: Unit, unit_kind: str) -> Unit:
    """Route a bundle member or a process step to a unit of the given kind in the same province."""
    if not unit_kind or unit_kind == receiving.kind:
        return receiving
    unit = Unit.objects.filter(province_id=receiving.province_id, kind=unit_kind, is_active=True).order_by("code").first()
    if unit is None:
        raise UserFacingError(f"Tỉnh chưa có đơn vị loại '{unit_kind}' để xử lý liên thông",
                              f"no unit of kind {unit_kind} in this province", code="no_route")
    return unit


@transaction.atomic
def create(*, procedure: Procedure, unit: Unit, channel: str, applicant: Applicant, actor=None,
           submitted_via: str = SubmittedVia.SELF, delivery: str = "counter", summary: str = "",
           owner=None, centre=None, submit: bool = False, now: datetime | None = None,
           enabled_checked: bool = False) -> Dossier:
    """Create a dossier (and, for a bundle, one child per member procedure) as a draft, or submitted.

    ``enabled_checked``: the caller found the unit's enabled UnitProcedure row for this procedure
    (the API reads procedure, unit and that row in one query), so it is not read again."""
    if not procedure.is_active:
        raise UserFacingError("Thủ tục này không còn áp dụng", "this procedure is no longer in force")
    if not enabled_checked and not procedure.units.filter(unit=unit, is_enabled=True).exists():
        raise NotReceivedHere(unit)
    applicant = applicant.cleaned()
    fields = dict(province_id=unit.province_id, unit=unit, current_unit=unit, centre=centre, channel=channel,
                  submitted_via=submitted_via, created_by=actor if getattr(actor, "pk", None) else None,
                  owner=owner, applicant_kind=applicant.kind, applicant_name=applicant.name,
                  applicant_id_number=applicant.id_number, applicant_phone=applicant.phone,
                  applicant_email=applicant.email, applicant_address=applicant.address,
                  summary=summary[:500], delivery=delivery)
    dossier = Dossier.objects.create(procedure=procedure, **fields)
    _log(dossier, None, "create", "", State.DRAFT, now=now, tip=NEW_CHAIN)
    if procedure.is_bundle:
        for member in procedure.bundle_members.select_related("member"):
            child_unit = _member_unit(unit, member.unit_kind)
            child = Dossier.objects.create(procedure=member.member, parent=dossier,
                                           **{**fields, "unit": unit, "current_unit": child_unit})
            _log(child, None, "create", "", State.DRAFT, now=now, tip=NEW_CHAIN)
    if submit:
        dossier = perform(dossier, "submit", actor, now=now, as_role=_submitter_role(submitted_via, actor, owner),
                          current=True)
    return dossier


def _submitter_role(submitted_via, actor, owner):
    return {SubmittedVia.COUNTER: Role.RECEPTION, SubmittedVia.DIGITAL_GUIDE: Role.DIGITAL_GUIDE,
            SubmittedVia.POSTAL_AGENT: Role.POSTAL_AGENT}.get(submitted_via, APPLICANT)


# --- the one state-changing entry point ---------------------------------------------------------

def actor_roles(user, dossier: Dossier) -> set[str]:
    """Roles ``user`` holds for this dossier: staff roles in its receiving or current unit, and
    'applicant' for its owner. ``None`` is the system itself (payment confirmations, timers)."""
    if user is None:
        return {"system"}
    roles = set()
    if dossier.owner_id and dossier.owner_id == user.pk:
        roles.add(APPLICANT)
    if getattr(user, "kind", None) == "staff":
        roles |= set(RoleAssignment.objects.filter(
            user=user, province_id=dossier.province_id, unit_id__in={dossier.unit_id, dossier.current_unit_id},
        ).values_list("role", flat=True))
    return roles


def perform(dossier: Dossier, action_name: str, actor, *, comment: str = "", expected_version: int | None = None,
            as_role: str | None = None, now: datetime | None = None, current: bool = False, **params) -> Dossier:
    """Apply ``action_name`` to ``dossier`` on behalf of ``actor``; return the updated dossier.

    ``current=True``: the caller created ``dossier`` in the enclosing transaction, so no one else
    can see the row and the object is what the database holds. It is then not read again nor
    locked first, and no savepoint is taken (an error undoes the caller's whole transaction).

    Raises IllegalTransition (state or role) and UserFacingError (bad parameters, concurrent update).
    """
    with transaction.atomic(savepoint=not current):
        return _perform(dossier, action_name, actor, comment=comment, expected_version=expected_version,
                        as_role=as_role, now=now, current=current, **params)


def _perform(dossier, action_name, actor, *, comment, expected_version, as_role, now, current, **params):
    now = now or timezone.now()
    # Work on a copy so that a refused action leaves the caller's object untouched (a fresh one
    # unless the caller's is current); the caller's version is the one it saw, so acting on a
    # stale object is a conflict.
    expected_version = dossier.version if expected_version is None else expected_version
    if current:
        dossier = copy.copy(dossier)
    else:
        dossier = Dossier.objects.select_related("procedure", "unit").get(pk=dossier.pk)
    roles = actor_roles(actor, dossier)
    if as_role:
        if as_role not in roles and not (as_role == APPLICANT and actor is None):
            raise IllegalTransition("Bạn không có vai trò này đối với hồ sơ", "you do not hold that role here")
        roles = {as_role}
    action = check(action_name, dossier.state, roles)
    if dossier.version != expected_version:  # before the step check: "changed meanwhile" says more
        raise ConcurrentUpdate()
    if action_name in STEP_ACTIONS and actor is not None:
        _check_step_holder(dossier, actor)
    if action.needs_comment and not comment.strip():
        raise UserFacingError("Vui lòng ghi rõ lý do hoặc nội dung", "a reason or comment is required",
                              field="comment", code="comment_required")
    # Take the row first (the UPDATE locks it until commit) so that parallel actions queue here
    # before any effect; a row created in this transaction is invisible to others, hence current.
    if not current and not Dossier.objects.filter(pk=dossier.pk, version=expected_version).update(
            version=F("version") + 1):
        raise ConcurrentUpdate()
    before = _field_values(dossier)
    dossier.version += 1
    before_state, before_step = dossier.state, dossier.step_position
    EFFECTS[action_name](dossier, actor, now, comment=comment, **params)
    if action.target:
        dossier.state = action.target
    dossier.national_status = NATIONAL_STATUS[dossier.state]
    changed = [name for name, value in _field_values(dossier).items() if before[name] != value]
    if current:
        dossier.save(update_fields=[*changed, "updated_at"])
    else:  # the version is already written
        dossier.save(update_fields=[name for name in changed if name != "version"] + ["updated_at"])
    role = as_role or sorted(roles)[0]
    event = _log(dossier, actor, action_name, before_state, dossier.state, role=role, comment=comment,
                 from_step=before_step, now=now, tip=getattr(dossier, "_chain_tip", None) if current else None,
                 data={**(params.get("event_data") or {}), **getattr(dossier, "event_data", {})})
    dossier_changed.send(sender=Dossier, dossier=dossier, event=event)
    if dossier.parent_id and dossier.state in (State.COMPLETED, State.RETURNED):
        _maybe_complete_parent(dossier, now)
    return dossier


def _field_values(dossier: Dossier) -> dict:
    """Column values by attribute name: what ``perform`` compares to save only what changed."""
    return {f.attname: getattr(dossier, f.attname) for f in Dossier._meta.concrete_fields if not f.primary_key}


# Actions that act on the current internal step: only someone holding that step's role in that
# step's unit may take them (a specialist cannot forward a dossier still at the reception desk).
STEP_ACTIONS = frozenset({"forward", "send_back", "transfer", "request_supplement", "suspend", "complete"})


def _check_step_holder(dossier: Dossier, actor):
    step = dossier.steps.filter(position=dossier.step_position).values("role", "unit_id", "name").first()
    if step is None:
        return
    if not RoleAssignment.objects.filter(user=actor, role=step["role"], unit_id=step["unit_id"]).exists():
        raise IllegalTransition(
            f"Hồ sơ đang ở bước '{step['name']}', không thuộc vai trò của bạn tại đơn vị xử lý bước này",
            "the dossier's current step belongs to another role or unit")


# --- effects of each action (state is set by perform from the workflow table) -------------------

def _submit(d, actor, now, **_):
    if d.procedure.is_bundle or not d.parent_id:
        d.submitted_at = now
    if not d.procedure.is_bundle:  # only a bundle has children: no query for the rest
        return
    for child in d.children.order_by("pk"):
        child.submitted_at, child.state, child.national_status = now, State.SUBMITTED, NATIONAL_STATUS[State.SUBMITTED]
        child.save(update_fields=["submitted_at", "state", "national_status", "updated_at"])


def _accept(d, actor, now, received_at: datetime | None = None, paper_reason: str = "", **_):
    """Tiếp nhận: code, receipt time, statutory due moment and per-step deadlines."""
    received_at = received_at or now
    if received_at != now:
        _check_backfill(received_at, now, paper_reason)
        d.is_paper_backfill = True
    d.code = codes.allocate(d.unit, timezone.localtime(received_at).date())
    d.received_at = received_at
    if d.procedure.is_bundle:
        for child in d.children.select_related("procedure").order_by("pk"):  # codes in member order
            _accept(child, actor, now, received_at=received_at, paper_reason=paper_reason)
            child.state, child.national_status = State.RECEIVED, NATIONAL_STATUS[State.RECEIVED]
            child.version += 1
            child.save()
            _log(child, actor, "accept", State.SUBMITTED, State.RECEIVED, role=Role.RECEPTION, now=now)
        last = d.children.order_by("-due_at").first()
        d.due_at = d.original_due_at = last.due_at if last else None
        d.badly_overdue_at = last.badly_overdue_at if last else None
        return
    d.duration, d.duration_unit = _channel_time(d.procedure, d.channel)
    d.due_at, d.badly_overdue_at = deadlines.at_reception(d.unit, received_at, d.duration, d.duration_unit)
    d.original_due_at = d.due_at
    _create_steps(d, actor, received_at)


def _check_backfill(received_at, now, reason):
    if received_at > now:
        raise UserFacingError("Thời điểm tiếp nhận không được ở tương lai", "receipt time cannot be in the future",
                              field="received_at")
    if not reason.strip():
        raise UserFacingError("Nhập bù hồ sơ giấy cần ghi lý do (ví dụ: mất kết nối mạng)",
                              "a paper back-fill needs a reason", field="paper_reason")


def _process(procedure):
    """The procedure's internal process, or the standard one derived from its time limit."""
    steps = list(procedure.process_steps.all())
    if steps:
        return steps
    from motcua.catalog.services import default_process

    return default_process(procedure)


def _create_steps(d, actor, start):
    """Reception and return happen at the receiving one-stop desk; the steps between at the
    handling unit (for a bundle member, the unit it was routed to)."""
    steps = _process(d.procedure)
    desk = {steps[0].position, steps[-1].position}
    for step in steps:
        unit = d.unit if step.position in desk else _member_unit(d.current_unit, step.unit_kind)
        DossierStep.objects.create(dossier=d, position=step.position, name=step.name, role=step.role,
                                   unit=unit, working_hours=step.working_hours)
    d.step_position = steps[0].position
    _start_step(d, start, actor)


def _current_step(d) -> DossierStep | None:
    return d.steps.filter(position=d.step_position).first()


def _start_step(d, start, assignee=None):
    step = _current_step(d)
    step.started_at, step.finished_at, step.actor = start, None, assignee
    # A step with no share of the time (unknown time limit) has no personal deadline of its own.
    step.due_at = deadlines.step_due(step.unit, start, step.working_hours) if step.working_hours else None
    step.save()
    d.current_unit = step.unit
    d.assignee = assignee


def _move(d, actor, now, to_position: int, assignee=None):
    step = _current_step(d)
    if step:
        step.finished_at, step.actor = now, actor
        step.save(update_fields=["finished_at", "actor"])
    d.step_position = to_position
    _start_step(d, now, assignee)


def _processing_positions(d) -> list[int]:
    """All step positions except the final return-desk step."""
    return list(d.steps.order_by("position").values_list("position", flat=True))[:-1]


def _forward(d, actor, now, assignee=None, **_):
    positions = _processing_positions(d)
    later = [p for p in positions if p > d.step_position]
    if not later:
        raise UserFacingError("Đây là bước xử lý cuối: lãnh đạo hoàn thành hồ sơ thay vì chuyển tiếp",
                              "this is the last processing step: complete the dossier instead", code="last_step")
    _move(d, actor, now, later[0], assignee)


def _send_back(d, actor, now, **_):
    earlier = [p for p in _processing_positions(d) if p < d.step_position]
    if not earlier:
        raise UserFacingError("Không có bước trước để trả lại", "there is no previous step", code="first_step")
    _move(d, actor, now, earlier[-1])


def _transfer(d, actor, now, to_unit: Unit = None, **_):
    """Liên thông: hand the current step to another unit of the same province (and back)."""
    if to_unit is None or to_unit.province_id != d.province_id or to_unit.pk == d.current_unit_id:
        raise UserFacingError("Chọn một đơn vị khác trong tỉnh để chuyển liên thông",
                              "choose another unit of the same province", field="to_unit")
    step = _current_step(d)
    step.unit = to_unit
    step.save(update_fields=["unit"])
    d.current_unit, d.assignee = to_unit, None


def _pause(d, actor, now, **_):
    d.paused_at = now


def _request_supplement(d, actor, now, **kw):
    d.supplement_count += 1
    if d.supplement_count > 1:  # "không yêu cầu bổ sung quá 01 lần": a second request counts as late
        d.counts_as_late = True
    _pause(d, actor, now)


def _resume(d, actor, now, **_):
    paused_at, d.paused_at = d.paused_at, None
    if paused_at is None:
        return
    d.due_at = deadlines.after_pause(d.unit, d.due_at, paused_at, now)
    d.badly_overdue_at = deadlines.after_pause(d.unit, d.badly_overdue_at, paused_at, now)
    step = _current_step(d)
    if step and step.due_at:
        step.due_at = deadlines.after_pause(step.unit, step.due_at, paused_at, now)
        step.save(update_fields=["due_at"])


def _finish(d, actor, now, **_):
    d.finished_at = now
    d.paused_at = None
    if d.received_at:
        d.timeliness = timeliness.classify_finished(now, d.due_at, d.counts_as_late)


def _apologize(d, actor, now, new_due_at: datetime = None, **_):
    if new_due_at is None or new_due_at <= max(d.due_at, now):
        raise UserFacingError("Ngày hẹn trả mới phải sau ngày hẹn hiện tại và sau thời điểm này",
                              "the new date must be after the current due date and now", field="new_due_at")
    d.event_data = {"previous_due_at": timezone.localtime(d.due_at).isoformat(),
                    "new_due_at": timezone.localtime(new_due_at).isoformat()}
    d.due_at = new_due_at
    d.extension_count += 1
    d.counts_as_late = True


def _complete(d, actor, now, result_summary: str = "", **kw):
    final = d.steps.order_by("-position").first()
    if final and final.position == d.step_position:
        raise UserFacingError("Hồ sơ đã ở bước trả kết quả", "the dossier is already at the return desk")
    d.result_summary = result_summary
    _finish(d, actor, now)
    if final:
        _move(d, actor, now, final.position)
        d.current_unit = d.unit


def _return_result(d, actor, now, received_by_name: str = "", received_by_id_number: str = "", **_):
    if not received_by_name.strip():
        raise UserFacingError("Ghi rõ họ tên người nhận kết quả", "enter who received the result",
                              field="received_by_name")
    d.received_by_name = " ".join(received_by_name.split())
    d.received_by_id_number = received_by_id_number.strip()
    d.returned_at = now
    step = _current_step(d)
    if step:
        step.finished_at, step.actor = now, actor if getattr(actor, "pk", None) else None
        step.save(update_fields=["finished_at", "actor"])


def _withdraw(d, actor, now, **kw):
    if d.received_at:
        _finish(d, actor, now)


def _stop(d, actor, now, **kw):
    _finish(d, actor, now)


def _nothing(d, actor, now, **_):
    pass


EFFECTS = {
    "submit": _submit, "accept": _accept, "request_completion": _nothing, "complete_submission": _nothing,
    "refuse": _nothing, "forward": _forward, "send_back": _send_back, "transfer": _transfer,
    "request_supplement": _request_supplement, "receive_supplement": _resume, "request_fee": _pause,
    "fee_paid": _resume, "suspend": _pause, "resume": _resume, "stop": _stop, "withdraw": _withdraw,
    "apologize": _apologize, "complete": _complete, "return_result": _return_result, "bundle_complete": _finish,
}


def _maybe_complete_parent(child: Dossier, now):
    parent = Dossier.objects.select_for_update().get(pk=child.parent_id)
    pending = parent.children.exclude(state__in=[State.COMPLETED, State.RETURNED, State.STOPPED, State.WITHDRAWN])
    if parent.state in State.OPEN and not pending.exists():
        perform(parent, "bundle_complete", None, now=now)


# --- event log ----------------------------------------------------------------------------------

def event_hash(event: DossierEvent) -> str:
    """SHA-256 over the previous hash and the event's canonical fields (UTC time, ids)."""
    fields = [event.prev_hash, event.dossier_id, event.seq, event.at.astimezone(dt_timezone.utc).isoformat(),
              event.actor_id, event.actor_role, event.unit_id, event.action, event.from_state, event.to_state,
              event.from_step, event.to_step, event.comment, event.data]
    payload = json.dumps(fields, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


NEW_CHAIN = (0, "")  # the (seq, hash) before a new dossier's first event


def _log(dossier, actor, action, from_state, to_state, *, role="", comment="", from_step=None, now=None, data=None,
         tip: tuple[int, str] | None = None):
    """Append the next hash-chained event. ``tip``: the (seq, hash) of the dossier's last event when
    the caller knows it (a dossier created in this transaction), else it is read."""
    if tip is None:
        last = dossier.events.order_by("-seq").values_list("seq", "hash").first()
        tip = last or NEW_CHAIN
    seq, prev = tip[0] + 1, tip[1]
    actor_obj = actor if getattr(actor, "pk", None) else None
    event = DossierEvent(
        dossier=dossier, seq=seq, at=now or timezone.now(), actor=actor_obj, actor_name=str(actor_obj or "Hệ thống"),
        actor_role=role, unit_id=dossier.current_unit_id, action=action, from_state=from_state,
        to_state=to_state, from_step=from_step, to_step=dossier.step_position, comment=comment,
        data=data or {}, prev_hash=prev)
    event.hash = event_hash(event)
    event.save(force_insert=True)
    dossier._chain_tip = (event.seq, event.hash)  # for perform(current=True) in the same transaction
    return event


def verify_chain(events) -> list[str]:
    """Problems found in one dossier's events (ordered by seq); empty when the chain is intact."""
    problems, prev = [], ""
    for expected_seq, event in enumerate(events, start=1):
        if event.seq != expected_seq:
            problems.append(f"event {expected_seq} missing (found {event.seq})")
        if event.prev_hash != prev:
            problems.append(f"event {event.seq}: link to the previous event broken")
        if event_hash(event) != event.hash:
            problems.append(f"event {event.seq}: content changed after it was written")
        prev = event.hash
    return problems


# --- attachments --------------------------------------------------------------------------------

def attach(dossier: Dossier, content: bytes, name: str, *, actor=None, kind: str = "submission", document=None):
    """Check and store a file for the dossier (rows and file both, or neither)."""
    from . import uploads
    from .models import Attachment

    checked = uploads.check(content, name)
    if document is not None and document.procedure_id != dossier.procedure_id:
        raise UserFacingError("Giấy tờ không thuộc thủ tục của hồ sơ", "document is not part of this procedure",
                              field="document")
    path = uploads.store(dossier, checked)
    return Attachment.objects.create(dossier=dossier, kind=kind, document=document, name=checked.name,
                                     content_type=checked.content_type, size=len(checked.content),
                                     sha256=checked.sha256, storage_name=path,
                                     uploaded_by=actor if getattr(actor, "pk", None) else None)
