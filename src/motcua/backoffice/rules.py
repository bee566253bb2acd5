"""Counter rules of the back office (pure functions, no database).

- Completeness checklist (tiếp nhận nhanh): which required documents (thành phần hồ sơ bắt buộc)
  the officer did not tick.
- Identity of the person collecting a result (trả kết quả): the applicant in person, whose ID
  must match the dossier's, or an authorised person (người được ủy quyền), whose own ID and
  power of attorney (giấy ủy quyền) are recorded.
"""

from dataclasses import dataclass

from motcua.core.errors import UserFacingError
from motcua.dossiers import validation

APPLICANT, AUTHORISED = "applicant", "authorised"
RECEIVERS = {
    APPLICANT: ("Chủ hồ sơ", "The applicant"),
    AUTHORISED: ("Người được ủy quyền", "An authorised person"),
}


@dataclass(frozen=True)
class Document:
    """A required document as the checklist sees it."""

    id: int
    name: str
    is_required: bool = True


def missing_documents(documents: list[Document], ticked_ids: set[int]) -> list[str]:
    """Names of the required documents that were not ticked, in the procedure's order."""
    return [d.name for d in documents if d.is_required and d.id not in ticked_ids]


def completion_request_text(missing: list[str], note: str) -> str:
    """The content of the completion request (Mẫu 02): the missing documents, then the note."""
    lines = [f"- {name}" for name in missing]
    if lines:
        lines.insert(0, "Cần bổ sung các giấy tờ sau:")
    if note.strip():
        lines.append(note.strip())
    return "\n".join(lines)


def require_complete(missing: list[str]) -> None:
    """Refuse to receive a dossier with required documents missing."""
    if missing:
        names = "; ".join(missing)
        raise UserFacingError(
            f"Hồ sơ còn thiếu giấy tờ bắt buộc: {names}. Đánh dấu đủ giấy tờ, hoặc chọn 'Yêu cầu bổ sung'",
            f"required documents are missing: {names}; tick them or request completion", field="checklist")


def receiver_record(receiver: str, applicant_kind: str, applicant_id: str, id_number: str,
                    authorisation: str = "") -> dict:
    """Check who collects the result and return what the event log records about it.

    A business's result is always collected by a person acting for it, so it needs the
    authorised-person path (its tax code is not a personal ID).
    """
    id_number = (id_number or "").strip().replace(" ", "")
    if receiver == APPLICANT:
        if applicant_kind != "citizen":
            raise UserFacingError("Chủ hồ sơ là tổ chức: chọn 'Người được ủy quyền' và ghi giấy ủy quyền",
                                  "the applicant is an organisation: choose 'authorised person'", field="receiver")
        if id_number != applicant_id:
            raise UserFacingError(
                "Số giấy tờ không khớp với số định danh của chủ hồ sơ. Nếu người nhận được ủy quyền, "
                "chọn 'Người được ủy quyền'",
                "the ID number does not match the applicant's; choose 'authorised person' if they are one",
                field="received_by_id_number")
        return {"receiver": APPLICANT, "id_checked": "applicant_id"}
    if receiver != AUTHORISED:
        raise UserFacingError("Chọn người nhận kết quả", "choose who collects the result", field="receiver")
    try:
        id_number = validation.personal_id(id_number)
    except UserFacingError as err:
        raise UserFacingError(err.message_vi, err.message_en, field="received_by_id_number") from err
    authorisation = " ".join((authorisation or "").split())
    if not authorisation:
        raise UserFacingError("Ghi số, ngày của giấy ủy quyền (hoặc văn bản ủy quyền) đã kiểm tra",
                              "enter the number and date of the power of attorney checked", field="authorisation")
    return {"receiver": AUTHORISED, "id_checked": "own_id", "id_number": id_number, "authorisation": authorisation}
