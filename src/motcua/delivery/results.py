"""Electronic results (kết quả điện tử): the result files of a finished dossier, kept for the holder
to download and to reuse in later dossiers (kho kết quả số hóa; indicators 4.1 and 4.3).

Only the holder reaches them: the dossier's owner account, or a citizen account whose verified
personal ID is the holder's (a counter applicant who later signs in with VNeID). The first
download of a result the applicant asked to receive electronically is its return (status 10).
"""

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from motcua.core.errors import UserFacingError
from motcua.dossiers import services as dossier_services
from motcua.dossiers.models import Attachment, Delivery, Dossier
from motcua.dossiers.workflow import IllegalTransition, State

from .models import ResultReuse, StoredResult

# Where a reused result may go: a dossier its owner is still putting together.
REUSE_STATES = (State.DRAFT, State.AWAITING_COMPLETION, State.SUPPLEMENT_REQUESTED)


def store(dossier: Dossier) -> list[StoredResult]:
    """Keep every result file of ``dossier`` (called when it is completed); idempotent."""
    files = dossier.attachments.filter(kind=Attachment.Kind.RESULT, stored_result__isnull=True)
    return [StoredResult.objects.create(attachment=a, dossier=dossier, unit_id=dossier.unit_id,
                                        holder_id_number=dossier.applicant_id_number, owner_id=dossier.owner_id,
                                        name=dossier.result_summary[:300] or a.name, issued_at=dossier.finished_at
                                        or timezone.now())
            for a in files]


def held_by(user):
    """The stored results ``user`` holds (their own dossiers', or issued to their verified ID)."""
    if not (user.is_authenticated and user.kind != "staff"):
        return StoredResult.objects.none()
    held = Q(owner=user)
    if user.personal_id:
        held |= Q(holder_id_number=user.personal_id)
    return StoredResult.objects.filter(held).select_related("dossier__procedure", "attachment", "unit")


def open_file(stored: StoredResult, user, *, now=None):
    """The file to send; records the return when this download is how the applicant receives it."""
    dossier = stored.dossier
    if dossier.delivery == Delivery.ELECTRONIC and dossier.state == State.COMPLETED:
        try:
            dossier_services.perform(
                dossier, "return_result", None, now=now or timezone.now(),
                received_by_name=user.full_name or dossier.applicant_name,
                received_by_id_number=user.personal_id or "",
                event_data={"receiver": "electronic", "account": user.username})
        except (UserFacingError, IllegalTransition):
            pass  # returned some other way at this very moment: the download stands all the same
    return default_storage.open(stored.attachment.storage_name, "rb")


@transaction.atomic
def reuse(stored: StoredResult, dossier: Dossier, user, *, document=None) -> ResultReuse:
    """Add a copy of a stored result to a later dossier of the same holder, as a submitted paper."""
    if dossier.owner_id != user.pk or dossier.state not in REUSE_STATES:
        raise UserFacingError("Chỉ thêm được vào hồ sơ của bạn đang soạn hoặc đang bổ sung",
                              "only your own dossier being prepared or supplemented can take it", code="not_open")
    if dossier.reused_results.filter(stored=stored).exists():
        raise UserFacingError("Kết quả này đã có trong hồ sơ", "this result is already in the dossier",
                              code="duplicate")
    with default_storage.open(stored.attachment.storage_name, "rb") as source:
        content = source.read()
    kind = Attachment.Kind.SUBMISSION if dossier.state in (State.DRAFT, State.AWAITING_COMPLETION) \
        else Attachment.Kind.SUPPLEMENT
    copy = dossier_services.attach(dossier, content, stored.attachment.name, actor=user, kind=kind, document=document)
    return ResultReuse.objects.create(stored=stored, dossier=dossier, attachment=copy)
