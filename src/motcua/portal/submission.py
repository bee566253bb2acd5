"""Online submission from the portal: drafts (hồ sơ nháp), their files, submission and supplements.

Every state change goes through dossiers.services (create / attach / perform). Editing and
deleting a draft, which the services do not offer, are done here, on drafts only (decision 0241).

Nothing half-saved: files reach storage before the transaction commits, so each operation
records the files it wrote and removes them again if the transaction rolls back; files replaced
in a draft are removed only once the replacement has committed.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Q

from motcua.catalog.models import Channel, Procedure, RequiredDocument
from motcua.core.errors import UserFacingError
from motcua.dossiers import services
from motcua.dossiers.uploads import discard_unreferenced, files_undone_on_failure
from motcua.dossiers.models import Attachment, Dossier
from motcua.dossiers.workflow import APPLICANT, State
from motcua.organizations.models import Unit

from .wording import SUPPLEMENT_ACTION


@dataclass(frozen=True)
class Upload:
    """A file the citizen chose, for one required document (or None: another paper)."""

    document: RequiredDocument | None
    name: str
    content: bytes


@dataclass(frozen=True)
class DraftData:
    """The answers on the submission form."""

    unit: Unit
    applicant: services.Applicant
    delivery: str


def save(user, procedure: Procedure, data: DraftData, uploads: list[Upload], *, draft: Dossier | None = None,
         submit: bool = False) -> Dossier:
    """Create (or update) the citizen's draft with its files; submit it when ``submit``."""
    with files_undone_on_failure() as stored:
        if draft is None:
            dossier = services.create(procedure=procedure, unit=data.unit, channel=Channel.ONLINE,
                                      applicant=data.applicant, actor=user, owner=user, delivery=data.delivery)
        else:
            dossier = _update_draft(draft, data)
        _store(dossier, uploads, user, stored, kind=Attachment.Kind.SUBMISSION)
        if submit:
            dossier = services.perform(dossier, "submit", user, as_role=APPLICANT)
    return dossier


def supplement_action(dossier: Dossier) -> str:
    """The action that hands a supplement back in the dossier's state; refused if none is awaited."""
    action = SUPPLEMENT_ACTION.get(dossier.state)
    if action is None:
        raise UserFacingError("Hồ sơ này hiện không chờ bổ sung giấy tờ",
                              "this dossier is not waiting for documents", code="not_awaiting")
    return action


def supplement(dossier: Dossier, user, uploads: list[Upload], note: str = "") -> Dossier:
    """Hand in what the officer asked for (Mẫu 02): store the files, then give the dossier back."""
    action = supplement_action(dossier)
    if not uploads:
        raise UserFacingError("Vui lòng chọn ít nhất một tệp giấy tờ bổ sung",
                              "please choose at least one file", field="files", code="no_files")
    with files_undone_on_failure() as stored:
        _store(dossier, uploads, user, stored, kind=Attachment.Kind.SUPPLEMENT)
        return services.perform(dossier, action, user, as_role=APPLICANT, comment=note.strip())


@transaction.atomic
def delete_draft(draft: Dossier) -> None:
    """Delete a draft that was never sent (no code, no national status) with its files."""
    paths = list(Attachment.objects.filter(Q(dossier=draft) | Q(dossier__parent=draft))
                 .values_list("storage_name", flat=True))
    deleted, _ = Dossier.objects.filter(pk=draft.pk, state=State.DRAFT, version=draft.version).delete()
    if not deleted:
        raise _no_longer_a_draft()
    transaction.on_commit(lambda: discard_unreferenced(paths))


def _update_draft(draft: Dossier, data: DraftData) -> Dossier:
    applicant = data.applicant.cleaned()
    if draft.procedure.is_bundle and data.unit.pk != draft.unit_id:
        # Bundle members are routed to their units when the draft is created.
        raise UserFacingError("Hồ sơ liên thông không đổi được nơi nộp; hãy xóa bản nháp và lập hồ sơ mới",
                              "a bundle draft cannot change its unit; delete it and start again", field="unit")
    shared = dict(applicant_kind=applicant.kind, applicant_name=applicant.name,
                  applicant_id_number=applicant.id_number, applicant_phone=applicant.phone,
                  applicant_email=applicant.email, applicant_address=applicant.address, delivery=data.delivery)
    updated = Dossier.objects.filter(pk=draft.pk, state=State.DRAFT, version=draft.version).update(
        unit=data.unit, current_unit=data.unit, province_id=data.unit.province_id, version=F("version") + 1, **shared)
    if not updated:  # submitted or deleted meanwhile, from another tab
        raise _no_longer_a_draft()
    Dossier.objects.filter(parent=draft, state=State.DRAFT).update(**shared)
    return Dossier.objects.select_related("procedure").get(pk=draft.pk)


def _no_longer_a_draft() -> UserFacingError:
    return UserFacingError("Bản nháp này vừa được nộp hoặc đã bị xóa. Vui lòng mở lại danh sách hồ sơ của bạn.",
                           "this draft was submitted or deleted meanwhile; open your dossiers again",
                           code="conflict")


def _store(dossier: Dossier, uploads: list[Upload], user, stored: list[str], *, kind: str) -> None:
    """Attach each upload; in a draft, a new file for a document replaces the earlier one."""
    replaced = []
    for upload in uploads:
        if upload.document is not None and kind == Attachment.Kind.SUBMISSION:
            earlier = dossier.attachments.filter(kind=kind, document=upload.document)
            replaced += earlier.values_list("storage_name", flat=True)
            earlier.delete()
        attachment = services.attach(dossier, upload.content, upload.name, actor=user, kind=kind,
                                     document=upload.document)
        stored.append(attachment.storage_name)
    if replaced:
        transaction.on_commit(lambda: discard_unreferenced(replaced))
