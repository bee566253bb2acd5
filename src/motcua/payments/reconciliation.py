"""Đối soát: the daily report of a unit's fees, its Excel export, and the counts for the indicators.

For one unit (optionally one centre) and one local day:
- expected: fee notices issued that day (what the unit asked for);
- confirmed: payments received that day, by channel (cash, each gateway);
- outstanding: notices still unpaid at the end of the day;
- unmatched: gateway transactions received that day that paid no notice (wrong note or amount),
  with those not attributed to any unit (note names no dossier, account not a unit's own);
- refunds made that day.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from io import BytesIO

from django.db.models import Count, Q
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from .models import FeeNotice, GatewayTransaction, Payment, Refund

OPEN_TX = (GatewayTransaction.Status.UNMATCHED, GatewayTransaction.Status.MISMATCH)


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """[start, end) of a local calendar day, as aware datetimes."""
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


@dataclass
class DailyReport:
    unit: object
    day: date
    centre: object = None
    issued: list = field(default_factory=list)
    payments: list = field(default_factory=list)
    outstanding: list = field(default_factory=list)
    unmatched: list = field(default_factory=list)
    refunds: list = field(default_factory=list)

    @property
    def expected_total(self) -> int:
        return sum(n.total for n in self.issued)

    @property
    def confirmed_total(self) -> int:
        return sum(p.amount for p in self.payments)

    @property
    def outstanding_total(self) -> int:
        return sum(n.total for n in self.outstanding)

    @property
    def unmatched_total(self) -> int:
        return sum(t.amount for t in self.unmatched)

    @property
    def refunded_total(self) -> int:
        return sum(r.amount for r in self.refunds)

    def by_channel(self) -> list[tuple[str, int, int]]:
        """(channel label, count, total) of the day's payments: cash, then each gateway."""
        rows: dict[str, list[int]] = {}
        for p in self.payments:
            label = p.get_method_display() + (f" ({p.plugin_id})" if p.plugin_id else "")
            count_total = rows.setdefault(label, [0, 0])
            count_total[0] += 1
            count_total[1] += p.amount
        return [(label, c, t) for label, (c, t) in sorted(rows.items())]


def daily_report(unit, day: date, centre=None) -> DailyReport:
    start, end = day_bounds(day)
    where = Q(dossier__unit=unit) & (Q(dossier__centre=centre) if centre else Q())
    notices = FeeNotice.objects.filter(where).select_related("dossier__procedure").order_by("issued_at")
    report = DailyReport(unit=unit, day=day, centre=centre)
    report.issued = list(notices.filter(issued_at__gte=start, issued_at__lt=end))
    report.outstanding = list(notices.filter(issued_at__lt=end).filter(
        Q(closed_at__isnull=True) | Q(closed_at__gte=end)).exclude(status=FeeNotice.Status.CANCELLED))
    report.payments = list(Payment.objects.filter(where, paid_at__gte=start, paid_at__lt=end)
                           .select_related("dossier__procedure", "receipt").order_by("paid_at"))
    unit_or_unknown = Q(unit=unit) | Q(unit__isnull=True)
    report.unmatched = list(GatewayTransaction.objects.filter(unit_or_unknown, received_at__gte=start, received_at__lt=end)
                            .exclude(status=GatewayTransaction.Status.MATCHED).order_by("received_at"))
    report.refunds = list(Refund.objects.filter(unit_or_unknown, at__gte=start, at__lt=end).order_by("at"))
    return report


# --- Excel --------------------------------------------------------------------------------------

def _sheet(book, title, header, rows):
    sheet = book.create_sheet(title)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for column, width in zip("ABCDEFGHIJ", (22, 22, 40, 14, 14, 18, 24, 30, 16, 16)):
        sheet.column_dimensions[column].width = width
    return sheet


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M") if moment else ""


def to_excel(report: DailyReport) -> bytes:
    """The report as an .xlsx workbook: a summary sheet, then one sheet per list. Amounts are
    numbers (đồng), so the accountant can sum and filter them."""
    book = Workbook()
    summary = book.active
    summary.title = "Tổng hợp"
    summary.append(["Đối soát thu phí, lệ phí", f"{report.unit.code} {report.unit.name}"])
    summary.append(["Ngày", report.day.strftime("%d/%m/%Y")])
    summary.append([])
    for label, value in (("Số tiền thông báo trong ngày", report.expected_total),
                         ("Số tiền đã nộp trong ngày", report.confirmed_total),
                         ("Còn chờ nộp cuối ngày", report.outstanding_total),
                         ("Giao dịch chưa khớp", report.unmatched_total),
                         ("Đã hoàn trả", report.refunded_total)):
        summary.append([label, value])
    summary.append([])
    summary.append(["Kênh nộp", "Số khoản", "Số tiền"])
    for row in report.by_channel():
        summary.append(list(row))
    summary.column_dimensions["A"].width = 36
    summary.column_dimensions["B"].width = 30
    _sheet(book, "Đã nộp", ["Thời điểm", "Mã hồ sơ", "Thủ tục", "Số tiền", "Biên lai", "Hình thức", "Mã giao dịch"],
           [[_local(p.paid_at), p.dossier.code, p.dossier.procedure.name, p.amount,
             f"{p.receipt.series}/{p.receipt.number:07d}", p.get_method_display(), p.transaction_id]
            for p in report.payments])
    _sheet(book, "Chờ nộp", ["Thông báo lúc", "Mã hồ sơ", "Thủ tục", "Số tiền"],
           [[_local(n.issued_at), n.dossier.code, n.dossier.procedure.name, n.total] for n in report.outstanding])
    _sheet(book, "Giao dịch chưa khớp", ["Thời điểm", "Mã giao dịch", "Nội dung chuyển khoản", "Số tiền", "Trạng thái",
                                         "Mã hồ sơ đọc được", "Lý do"],
           [[_local(t.paid_at), t.transaction_id, t.note, t.amount, t.get_status_display(), t.reference, t.reason]
            for t in report.unmatched])
    _sheet(book, "Hoàn tiền", ["Thời điểm", "Mã giao dịch", "Lý do", "Số tiền", "Trạng thái"],
           [[_local(r.at), r.refund_id, r.reason, r.amount, r.status] for r in report.refunds])
    out = BytesIO()
    book.save(out)
    return out.getvalue()


# --- counts for the monitoring indicators (766: 3.5, 3.5b, 3.6) ---------------------------------

@dataclass(frozen=True)
class PaymentCounts:
    """Per unit, over the dossiers whose fee notice was issued in the period.

    3.6 = paid_online / with_fee; 3.5b = procedures_paid_online / procedures_with_fee.
    """

    with_fee: int = 0              # hồ sơ có nghĩa vụ tài chính (a notice > 0 đồng, not cancelled)
    paid: int = 0                  # of those, paid (any channel)
    paid_online: int = 0           # DuocThanhToanTrucTuyen ∈ {1, 2}
    national_platform: int = 0     # DuocThanhToanTrucTuyen = 1
    procedures_with_fee: int = 0   # distinct procedures among with_fee
    procedures_paid_online: int = 0


# Grouping of the counts: per receiving unit, or per unit, procedure and channel (the monitoring grain).
BY_UNIT = ("dossier__unit_id",)
BY_PROCEDURE = ("dossier__unit_id", "dossier__procedure_id", "dossier__channel")


def online_payment_counts(start: datetime, end: datetime, unit_ids=None, *,
                          by_procedure: bool = False) -> dict[object, PaymentCounts]:
    """{unit id: PaymentCounts} for fee notices issued in [start, end), by the dossier's receiving unit;
    ``by_procedure``: {(unit id, procedure id, channel): PaymentCounts}. One grouped query either way."""
    notices = FeeNotice.objects.filter(issued_at__gte=start, issued_at__lt=end).exclude(status=FeeNotice.Status.CANCELLED)
    if unit_ids is not None:
        notices = notices.filter(dossier__unit_id__in=unit_ids)
    online = Q(payment__paid_online=True)
    group = BY_PROCEDURE if by_procedure else BY_UNIT
    rows = notices.values(*group).order_by().annotate(
        with_fee=Count("dossier", distinct=True),
        paid=Count("dossier", filter=Q(payment__isnull=False), distinct=True),
        paid_online=Count("dossier", filter=online, distinct=True),
        national_platform=Count("dossier", filter=Q(payment__platform_flag=1), distinct=True),
        procedures_with_fee=Count("dossier__procedure", distinct=True),
        procedures_paid_online=Count("dossier__procedure", filter=online, distinct=True))
    return {_key(row, group): PaymentCounts(**row) for row in rows}


def _key(row: dict, group: tuple[str, ...]):
    """Take the grouping columns out of ``row``: one value, or a tuple of several."""
    values = tuple(row.pop(g) for g in group)
    return values if len(values) > 1 else values[0]
