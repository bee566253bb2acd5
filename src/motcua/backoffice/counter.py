"""Counter reception (tiếp nhận tại quầy) and assisted submission (nộp thay), one transaction each.

A reception officer creates the dossier for a walk-in applicant, attaches the scanned documents,
records the completeness checklist and decides at once: receive (tiếp nhận), ask for completion
(Mẫu 02) or refuse (Mẫu 03). A digital guide (hỗ trợ viên) or postal agent (nhân viên bưu điện)
fills the same page and only submits: the dossier then waits in the reception officer's inbox.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction

from motcua.accounts.models import Role
from motcua.dossiers import services, uploads

from . import rules

ACCEPT, REQUEST_COMPLETION, REFUSE, SUBMIT = "accept", "request_completion", "refuse", "submit"


@dataclass(frozen=True)
class Mode:
    """How a role files a dossier at this page."""

    role: str
    submitted_via: str
    channel: str
    decisions: tuple[str, ...]


MODES = {  # in order of precedence when an officer holds several roles in the unit
    Role.RECEPTION: Mode(Role.RECEPTION, "counter", "direct", (ACCEPT, REQUEST_COMPLETION, REFUSE)),
    Role.DIGITAL_GUIDE: Mode(Role.DIGITAL_GUIDE, "digital_guide", "online", (SUBMIT,)),
    Role.POSTAL_AGENT: Mode(Role.POSTAL_AGENT, "postal_agent", "postal", (SUBMIT,)),
}


def mode_for(roles) -> Mode | None:
    return next((mode for role, mode in MODES.items() if role in roles), None)


def desk_modes(workplace) -> dict[int, Mode]:
    """Units where an officer may file dossiers at the reception page, with how they file them."""
    modes = {unit_id: mode_for(workplace.roles_in(unit_id)) for unit_id in workplace.unit_ids}
    return {unit_id: mode for unit_id, mode in modes.items() if mode}


@dataclass
class Intake:
    """What the officer entered for one walk-in dossier."""

    procedure: object
    unit: object
    applicant: services.Applicant
    decision: str
    documents: list[rules.Document]
    ticked: set[int]
    files: list = field(default_factory=list)  # (uploaded file, RequiredDocument or None)
    note: str = ""
    delivery: str = "counter"
    summary: str = ""
    received_at: datetime | None = None
    paper_reason: str = ""
    ticket: str = ""


def take_in(intake: Intake, user, mode: Mode):
    """Create, attach, submit and decide; returns the dossier. Raises UserFacingError or
    IllegalTransition with nothing saved."""
    missing = rules.missing_documents(intake.documents, intake.ticked)
    if intake.decision == ACCEPT:
        rules.require_complete(missing)
    # Check every file before anything is stored, so a bad fourth file leaves no orphan files.
    checked = [(uploads.check(upload.read(), upload.name), document) for upload, document in intake.files]
    data = {"checklist": {"ticked": sorted(intake.ticked), "missing": missing}}
    if intake.ticket:
        data["ticket"] = intake.ticket  # kept for the queue (issue of the ticket system)
    with transaction.atomic():
        dossier = services.create(procedure=intake.procedure, unit=intake.unit, channel=mode.channel,
                                  applicant=intake.applicant, actor=user, submitted_via=mode.submitted_via,
                                  delivery=intake.delivery, summary=intake.summary)
        for file, document in checked:
            services.attach(dossier, file.content, file.name, actor=user, document=document)
        _link_ticket(intake.ticket, dossier)
        dossier = services.perform(dossier, SUBMIT, user, as_role=mode.role, event_data=data)
        if intake.decision != SUBMIT:
            dossier = services.perform(dossier, intake.decision, user, **_decision_params(intake, missing))
    return dossier


def _link_ticket(ticket_id: str, dossier) -> None:
    """The queue ticket this walk-in came with, when it is a ticket of the receiving unit's centres."""
    from motcua.queueing.models import Ticket
    from motcua.queueing.services import link_dossier

    if not ticket_id.isdigit():
        return
    ticket = Ticket.objects.filter(pk=int(ticket_id), centre__unit=dossier.unit).select_related("centre__unit").first()
    if ticket:
        link_dossier(ticket, dossier)


def _decision_params(intake: Intake, missing: list[str]) -> dict:
    if intake.decision == REQUEST_COMPLETION:
        return {"comment": rules.completion_request_text(missing, intake.note)}
    if intake.decision == ACCEPT and intake.received_at:
        return {"comment": intake.note, "received_at": intake.received_at, "paper_reason": intake.paper_reason}
    return {"comment": intake.note}
