"""Periodic reports (báo cáo định kỳ): per unit, subtotals per level (communes, provincial
departments and agencies) and the province total, as Excel (openpyxl) or PDF (WeasyPrint).

``run_job`` is what the task executes: it marks the job running, reports progress on the job row
(the reports page polls it), writes the file under MEDIA_ROOT/reports/ and marks it done — or
failed with the reason. ``schedule_month`` queues the monthly reports (``motcua reports monthly``).
"""

from __future__ import annotations

import logging
import unicodedata
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from motcua.organizations.models import COMMUNE_KINDS, Province, Unit

from . import board as boards
from . import external, periods
from .models import ReportJob

log = logging.getLogger(__name__)

COLUMNS = [  # (key, heading, kind)
    ("accepted", "Tiếp nhận", "int"), ("online", "Trong đó trực tuyến", "int"), ("finished", "Đã giải quyết", "int"),
    ("on_time", "Trước hạn, đúng hạn", "int"), ("late", "Trễ hạn", "int"), ("on_time_pct", "Tỷ lệ đúng hạn", "pct"),
    ("paid_online", "Thanh toán trực tuyến", "int"), ("paid_pct", "Tỷ lệ TTTT", "pct"),
    ("digitised", "Có thành phần số hóa", "int"), ("satisfaction_pct", "Hài lòng (5.4)", "pct"),
    ("score", "Điểm 766", "score"),
]
LEVELS = (("commune", "Cấp xã, phường, đặc khu"), ("province", "Sở, ngành và cơ quan cấp tỉnh"))


@dataclass(frozen=True)
class Row:
    label: str
    code: str
    kind: str  # unit | subtotal | total
    values: dict


def _ratio(num, den):
    return 100 * num / den if den else None


def row_values(s: boards.Scored) -> dict:
    """The report's columns for one unit or a group of units. Pure."""
    f, src = s.flows, s.sources
    on_time = (f.get("finished_early") or 0) + (f.get("finished_on_time") or 0)
    late = f.get("finished_late") or 0
    sat = s.result.indicators["5.4"]
    return {"accepted": f.get("accepted") or 0, "online": f.get("accepted_online") or 0, "finished": on_time + late,
            "on_time": on_time, "late": late, "on_time_pct": _ratio(on_time, on_time + late),
            "paid_online": src.get("paid_online") or 0,
            "paid_pct": _ratio(src.get("paid_online") or 0, src.get("fee_dossiers") or 0),
            "digitised": src.get("digitised_dossiers") or 0,
            "satisfaction_pct": float(sat.ratio * 100) if sat.ratio is not None else None,
            "score": s.result.total}


def build_rows(province_id: int, period: periods.Period, units: list[Unit]) -> list[Row]:
    """Units grouped by level with a subtotal each, then the total (aggregated upward)."""
    board = boards.scoreboard(province_id, period, units)
    entries = external.for_province(external.entries_for(province_id, period.key))
    rows = []
    for level, label in LEVELS:
        members = sorted((s for s in board.units if (s.unit.kind in COMMUNE_KINDS) == (level == "commune")),
                         key=lambda s: s.unit.code)
        if not members:
            continue
        rows += [Row(s.unit.name, s.unit.code, "unit", row_values(s)) for s in members]
        rows.append(Row(f"Cộng {label.lower()}", "", "subtotal",
                        row_values(boards.combine(members, entries, None, board.live))))
    rows.append(Row("Toàn tỉnh" if len(units) > 1 else "Tổng cộng", "", "total", row_values(board.total)))
    return rows


def _title(job: ReportJob, province: Province) -> str:
    return f"Báo cáo kết quả giải quyết thủ tục hành chính — {periods.parse(job.period).label} — {province.name}"


def to_xlsx(title: str, rows: list[Row], generated: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    book = Workbook()
    sheet = book.active
    sheet.title = "Báo cáo"
    sheet.append([title])
    sheet.append([f"Lập lúc {generated}"])
    sheet.append([])
    sheet.append(["Đơn vị", "Mã", *(heading for _, heading, _ in COLUMNS)])
    for cell in sheet[4]:
        cell.font, cell.alignment = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    sheet["A1"].font = Font(bold=True, size=13)
    formats = {"int": "#,##0", "pct": "0.0", "score": "0.00"}
    for row in rows:
        values = [None if row.values[key] is None else float(row.values[key]) if kind != "int" else row.values[key]
                  for key, _, kind in COLUMNS]
        sheet.append([row.label, row.code, *values])
        for (key, _, kind), cell in zip(COLUMNS, sheet[sheet.max_row][2:]):
            cell.number_format = formats[kind]
        if row.kind != "unit":
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
                cell.fill = PatternFill("solid", fgColor="E8EEF7" if row.kind == "subtotal" else "D0DCF0")
    sheet.column_dimensions["A"].width = 42
    sheet.column_dimensions["B"].width = 14
    for letter in "CDEFGHIJKLM":
        sheet.column_dimensions[letter].width = 13
    sheet.freeze_panes = "C5"
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def to_pdf(title: str, rows: list[Row], generated: str) -> bytes:
    from weasyprint import HTML

    html = render_to_string("monitoring/report_pdf.html", {"title": title, "rows": rows, "columns": COLUMNS,
                                                           "generated": generated})
    return HTML(string=unicodedata.normalize("NFC", html)).write_pdf()


def _progress(job: ReportJob, percent: int, status: str = ReportJob.Status.RUNNING, **fields) -> None:
    """Write progress at once (outside any transaction) so the polling page sees it."""
    ReportJob.objects.filter(pk=job.pk).update(status=status, progress=percent, **fields)


def run_job(job_id: int) -> str:
    job = ReportJob.objects.select_related("province").get(pk=job_id)
    _progress(job, 5)
    try:
        units = Unit.objects.filter(province=job.province, is_active=True)
        if job.unit_ids:
            units = units.filter(pk__in=job.unit_ids)
        period = periods.parse(job.period)
        rows = build_rows(job.province_id, period, list(units))
        _progress(job, 60)
        generated = timezone.localtime().strftime("%H:%M %d/%m/%Y")
        title = _title(job, job.province)
        content = (to_xlsx if job.format == ReportJob.Format.XLSX else to_pdf)(title, rows, generated)
        _progress(job, 90)
        name = f"reports/{job.province.code}/{job.pk}-{job.file_name}"
        path = Path(settings.MEDIA_ROOT) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    except Exception as exc:  # the job row must say what went wrong; the worker log has the trace
        log.exception("monitoring: report %s failed", job.pk)
        _progress(job, 0, ReportJob.Status.FAILED, message=f"Không tạo được báo cáo / report failed: {exc}"[:500],
                  finished_at=timezone.now())
        return "failed"
    _progress(job, 100, ReportJob.Status.DONE, storage_name=name, finished_at=timezone.now())
    return name


def request(province_id: int, period: periods.Period, fmt: str, *, unit_ids=(), user=None) -> ReportJob:
    """Queue one report; the task starts once the job row is committed."""
    from .tasks import build_report

    if fmt not in ReportJob.Format.values:
        raise ValueError(f"Định dạng không hợp lệ / unknown format: {fmt!r}")
    with transaction.atomic():
        job = ReportJob.objects.create(province_id=province_id, period=period.key, format=fmt,
                                       unit_ids=sorted(unit_ids), requested_by=user)
        transaction.on_commit(lambda: build_report.enqueue(job.pk))
    return job


def schedule_month(period: periods.Period, provinces=None) -> list[ReportJob]:
    """The monthly reports of each province (Excel and PDF) for ``period``."""
    provinces = provinces or Province.objects.all()
    return [request(p.pk, period, fmt) for p in provinces for fmt in ReportJob.Format.values]
