"""Sổ theo dõi hồ sơ: the dossiers a unit received in a period, as Excel (openpyxl) and as PDF.

One row per dossier received at the unit (a bundle counts once: its member dossiers are papers of
the same set). The set, and so the form number (06 in 2018, 07 in 2025), is the one in force on
the last day of the period (decision 0220).
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from io import BytesIO

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from motcua.accounts.models import Role
from motcua.audit.reads import note
from motcua.core.errors import UserFacingError

from ..models import Dossier, DossierEvent, DossierStep
from ..workflow import State
from .context import desk_header, local, page
from .registry import form_set_for, spec
from .render import html_to_pdf, in_vietnamese
from .wording import short_date, short_moment

MAX_DAYS = 366
MAX_PDF_ROWS = 3000  # about 150 A4 pages; beyond that the Excel register is the usable one

COLUMNS = [  # (heading, width: characters in Excel, and the share of the PDF's width)
    ("STT", 6), ("Mã hồ sơ", 26), ("Tên thủ tục hành chính", 34), ("Số lượng hồ sơ (bộ)", 7),
    ("Tên cá nhân, tổ chức", 22), ("Địa chỉ, số điện thoại", 24), ("Cơ quan chủ trì giải quyết", 18),
    ("Nhận hồ sơ", 16), ("Hẹn trả kết quả", 16), ("Chuyển hồ sơ đến cơ quan giải quyết", 16),
    ("Nhận kết quả từ cơ quan giải quyết", 16), ("Trả kết quả", 16), ("Người nhận kết quả", 16), ("Ghi chú", 22),
]


@dataclass(frozen=True)
class RegisterRow:
    """One line of the register; moments are local (Asia/Ho_Chi_Minh) or None."""

    number: int
    code: str
    procedure: str
    applicant: str
    contact: str
    handling_unit: str
    received_at: datetime
    due_at: datetime | None
    forwarded_at: datetime | None
    finished_at: datetime | None
    returned_at: datetime | None
    received_by: str
    notes: str

    @property
    def moments(self) -> list[datetime | None]:
        return [self.received_at, self.due_at, self.forwarded_at, self.finished_at, self.returned_at]


def _check_period(start: date, end: date) -> None:
    if not isinstance(start, date) or not isinstance(end, date):
        raise UserFacingError("Cần ngày bắt đầu và ngày kết thúc", "start and end dates are required", field="start")
    if start > end:
        raise UserFacingError(f"Ngày bắt đầu ({start:%d/%m/%Y}) sau ngày kết thúc ({end:%d/%m/%Y})",
                              "the start date is after the end date", field="start")
    if (end - start).days + 1 > MAX_DAYS:
        raise UserFacingError(f"Sổ theo dõi lập tối đa cho {MAX_DAYS} ngày mỗi lần",
                              f"a register covers at most {MAX_DAYS} days", field="end")


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time()))


def register_rows(unit, start: date, end: date) -> list[RegisterRow]:
    """The dossiers ``unit`` received from ``start`` to ``end`` (local dates, both included)."""
    _check_period(start, end)
    first_forward = DossierEvent.objects.filter(dossier=OuterRef("pk"), action="forward").order_by("seq")
    # The leading unit: the one of the specialist's step (thụ lý), the receiving unit otherwise.
    lead_step = DossierStep.objects.filter(dossier=OuterRef("pk"), role=Role.SPECIALIST).order_by("position")
    dossiers = (
        Dossier.objects.filter(unit=unit, parent__isnull=True, received_at__gte=_local_midnight(start),
                               received_at__lt=_local_midnight(end + timedelta(days=1)))
        .select_related("procedure")
        .annotate(forwarded_at=Subquery(first_forward.values("at")[:1]),
                  lead_unit=Subquery(lead_step.values("unit__name")[:1]))
        .order_by("received_at", "code")
    )
    return [_row(n, d, unit) for n, d in enumerate(dossiers, start=1)]


def _row(number: int, d: Dossier, unit) -> RegisterRow:
    note(d)  # the register lists the applicant: a read when a staff request exports it (audit/reads.py)
    contact = "; ".join(filter(None, [d.applicant_address, d.applicant_phone]))
    return RegisterRow(
        number=number, code=d.code or "", procedure=d.procedure.name, applicant=d.applicant_name, contact=contact,
        handling_unit=d.lead_unit or unit.name, received_at=local(d.received_at), due_at=local(d.due_at),
        forwarded_at=local(d.forwarded_at), finished_at=local(d.finished_at), returned_at=local(d.returned_at),
        received_by=d.received_by_name, notes=_notes(d),
    )


def _notes(d: Dossier) -> str:
    """The dossier's state, and how it ended against its due date when it has ended."""
    parts = [State.LABELS[d.state]]
    if d.timeliness:
        parts.append(str(d.get_timeliness_display()))
    if d.extension_count:
        parts.append(f"xin lỗi, hẹn lại {d.extension_count} lần")
    return "; ".join(parts)


def _register_spec(end: date):
    return spec("register", form_set_for(end))


def _unit_header(unit):
    return desk_header(unit, unit.centres.exists())


def _period_line(unit, start: date, end: date) -> str:
    return f"Đơn vị: {unit.name} ({unit.code}) — từ ngày {short_date(start)} đến ngày {short_date(end)}"


# --- Excel -----------------------------------------------------------------------------------------

@in_vietnamese
def register_xlsx(unit, start: date, end: date) -> bytes:
    """The register as an .xlsx workbook: real dates (dd/mm/yyyy hh:mm), header frozen, A4 landscape."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    rows, form, header = register_rows(unit, start, end), _register_spec(end), _unit_header(unit)
    book = Workbook()
    sheet = book.active
    sheet.title = "Sổ theo dõi hồ sơ"
    last = get_column_letter(len(COLUMNS))
    for line, text in enumerate(header.lines, start=1):
        sheet.cell(line, 1, text).font = Font(bold=line == len(header.lines))
    sheet.cell(3, len(COLUMNS), f"Mẫu số {form.number} — {form.form_set.circular}").alignment = Alignment(
        horizontal="right")
    for line, text, font in ((4, form.title.upper(), Font(bold=True, size=14)),
                             (5, _period_line(unit, start, end), Font(italic=True))):
        sheet.merge_cells(f"A{line}:{last}{line}")
        cell = sheet.cell(line, 1, text)
        cell.font, cell.alignment = font, Alignment(horizontal="center")

    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    head, numbers = 7, 8
    for column, (title, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
        for row, text in ((head, title), (numbers, f"({column})")):
            cell = sheet.cell(row, column, text)
            cell.font, cell.border = Font(bold=row == head), box
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for r, item in enumerate(rows, start=numbers + 1):
        values = [item.number, item.code, item.procedure, 1, item.applicant, item.contact, item.handling_unit,
                  *[m.replace(tzinfo=None) if m else None for m in item.moments], item.received_by, item.notes]
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(r, column, value)
            cell.border, cell.alignment = box, Alignment(vertical="top", wrap_text=True)
            if isinstance(value, datetime):
                cell.number_format = "dd/mm/yyyy hh:mm"
    sheet.freeze_panes = sheet.cell(numbers + 1, 3)
    sheet.auto_filter.ref = f"A{numbers}:{last}{numbers + len(rows)}"
    sheet.print_title_rows = f"{head}:{numbers}"
    sheet.page_setup.orientation, sheet.page_setup.paperSize = "landscape", sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    out = BytesIO()
    book.save(out)
    return out.getvalue()


# --- PDF -------------------------------------------------------------------------------------------

@in_vietnamese
def register_pdf(unit, start: date, end: date, *, now: datetime | None = None) -> bytes:
    """The register on A4 landscape, the column headings repeated on every page; ``now`` dates it."""
    rows = register_rows(unit, start, end)
    if len(rows) > MAX_PDF_ROWS:
        raise UserFacingError(
            f"Kỳ này có {len(rows)} hồ sơ, quá {MAX_PDF_ROWS} dòng để in PDF: hãy chọn kỳ ngắn hơn hoặc tải bản Excel",
            f"{len(rows)} dossiers is more than {MAX_PDF_ROWS} rows for a PDF: choose a shorter period or use Excel",
            field="end")
    form, header = _register_spec(end), _unit_header(unit)
    context = page(form, header, now or timezone.now(), number=None)
    total = sum(width for _, width in COLUMNS)
    context.update(
        columns=[(title, f"{100 * width / total:.2f}%") for title, width in COLUMNS],  # not localised: CSS
        period=_period_line(unit, start, end),
        rows=[{"item": r, "moments": [short_moment(m) for m in r.moments]} for r in rows],
    )
    return html_to_pdf("dossiers/forms/register.html", context)
