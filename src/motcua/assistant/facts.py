"""Facts of one procedure, each copied from a field of its catalogue record (dữ kiện có nguồn).

The answer is made of these facts and fixed template words only, so it can never state a document,
a fee or a time limit the record does not: numbers are the record's own, formatted by
``catalog.presentation``; document names, conditions and results are quoted as stored. A fact the
record does not have is left out (or said to be unknown), never guessed.
"""

from dataclasses import dataclass, field

from motcua.catalog import presentation
from motcua.catalog.models import OnlineLevel, Procedure
from motcua.catalog.services import default_process

MAX_DOCUMENTS = 8  # an answer lists at most this many; the page has the rest
MAX_QUOTE = 400  # characters of a long free-text field (conditions, result) quoted in a chat answer


@dataclass(frozen=True)
class Fact:
    """One statement and the record field it comes from."""

    aspect: str  # documents | time | fee | where | online | conditions | result | legal | steps | forms | process
    label: str  # the heading shown to the reader
    lines: tuple[str, ...]
    source: str  # the record field, e.g. "catalog.RequiredDocument" or "Procedure.conditions"


@dataclass
class ProcedureFacts:
    code: str
    name: str
    levels: list[str]
    agency: str
    can_submit_online: bool
    facts: dict[str, Fact] = field(default_factory=dict)


def _quote(text: str) -> str:
    """A free-text field, cut at a word boundary when long (the page shows it whole)."""
    text = " ".join(text.split())
    if len(text) <= MAX_QUOTE:
        return text
    return text[:MAX_QUOTE].rsplit(" ", 1)[0] + " …"


def documents_fact(documents) -> Fact | None:
    lines = []
    for doc in documents:
        copies = presentation.copies_text(doc.originals, doc.copies)
        count = f" ({copies})" if copies != presentation.UNKNOWN else ""
        case = _quote(doc.case)
        case = "" if not case else f" — {case}" if case.lower().startswith("trường hợp") else f" — trường hợp: {case}"
        lines.append(f"{' '.join(doc.name.split())}{count}{case}")
    if not lines:
        return None
    shown = lines[:MAX_DOCUMENTS]
    if len(lines) > MAX_DOCUMENTS:
        shown.append("… và các giấy tờ khác: xem trang thủ tục")
    return Fact("documents", "Hồ sơ cần nộp", tuple(shown), "catalog.RequiredDocument")


def time_and_fee_facts(channels, fees) -> list[Fact]:
    rows, orphans = presentation.channel_rows(channels, fees)
    times = tuple(f"{row.label}: {row.duration}" for row in rows)
    fee_lines = []
    for row in rows:
        for fee in row.fees:
            fee_lines.append(f"{row.label}: {fee.name} — {fee.amount}")
    fee_lines += [f"{fee.name} — {fee.amount}" for fee in orphans]
    facts = []
    if times:
        facts.append(Fact("time", "Thời hạn giải quyết", times, "catalog.ProcedureChannel"))
    if fee_lines:
        facts.append(Fact("fee", "Phí, lệ phí", tuple(dict.fromkeys(fee_lines)), "catalog.Fee"))
    elif rows:
        facts.append(Fact("fee", "Phí, lệ phí", ("Hồ sơ thủ tục không ghi phí, lệ phí",), "catalog.Fee"))
    return facts


def where_fact(procedure: Procedure, centre=None) -> Fact | None:
    lines = []
    if centre is not None:
        address = f", {centre.address}" if centre.address else ""
        lines.append(f"Tại đơn vị của bạn: {centre.name}{address}")
    for text in (procedure.receiving_address, procedure.implementing_agency or procedure.competent_agency):
        if text and text.strip() and text.strip() != "Không có thông tin":
            lines.append(_quote(text))
    return Fact("where", "Nơi nộp hồ sơ", tuple(dict.fromkeys(lines)), "Procedure.receiving_address") if lines else None


def online_fact(procedure: Procedure) -> Fact:
    badge = presentation.online_badge(procedure.online_level)
    lines = [badge.label]
    if badge.can_submit_online:
        lines.append(f"Nộp trực tuyến: /ho-so/nop/{procedure.code}/")
    if procedure.requires_verified_identity:
        lines.append("Cần tài khoản định danh điện tử mức 2 (VNeID)")
    return Fact("online", "Nộp trực tuyến", tuple(lines), "Procedure.online_level")


def text_fact(aspect: str, label: str, text: str, source: str) -> Fact | None:
    text = _quote(text or "")
    return Fact(aspect, label, (text,), source) if text else None


def legal_fact(procedure: Procedure) -> Fact | None:
    lines = []
    for item in procedure.legal_basis or []:
        parts = [item.get("number", ""), item.get("title", "")]
        line = " ".join(p for p in parts if p).strip()
        if line:
            lines.append(line)
    return Fact("legal", "Căn cứ pháp lý", tuple(lines[:6]), "Procedure.legal_basis") if lines else None


def forms_fact(documents) -> Fact | None:
    lines = [f"{doc.form_template} — cho: {' '.join(doc.name.split())}" for doc in documents if doc.form_template]
    return Fact("forms", "Mẫu đơn, tờ khai", tuple(lines), "catalog.RequiredDocument.form_template") if lines else None


def process_fact(procedure: Procedure) -> Fact:
    """The internal process (quy trình nội bộ): the procedure's own steps or the standard split."""
    steps = list(procedure.process_steps.all()) or default_process(procedure)
    source = "catalog.ProcessStep" if procedure.process_steps.exists() else "catalog.services.default_process"
    lines = tuple(f"Bước {s.position}: {s.name} — {presentation.format_number(s.working_hours)} giờ làm việc"
                  for s in steps)
    return Fact("process", "Quy trình nội bộ", lines, source)


def collect(procedure: Procedure, centre=None, staff: bool = False) -> ProcedureFacts:
    """Every fact the record holds about ``procedure`` (prefetch its children to save queries)."""
    documents = list(procedure.documents.all())
    found = [
        documents_fact(documents),
        *time_and_fee_facts(list(procedure.channels.all()), list(procedure.fees.all())),
        where_fact(procedure, centre),
        online_fact(procedure),
        text_fact("conditions", "Điều kiện", procedure.conditions, "Procedure.conditions"),
        text_fact("result", "Kết quả", procedure.result_text, "Procedure.result_text"),
        legal_fact(procedure),
        text_fact("steps", "Trình tự thực hiện", procedure.steps_text, "Procedure.steps_text"),
        forms_fact(documents),
        process_fact(procedure) if staff else None,
    ]
    return ProcedureFacts(
        code=procedure.code, name=" ".join(procedure.name.split()),
        levels=presentation.level_labels(procedure.levels),
        agency=procedure.implementing_agency or procedure.competent_agency,
        can_submit_online=procedure.online_level != OnlineLevel.NONE,
        facts={fact.aspect: fact for fact in found if fact is not None},
    )
