"""``motcua reconcile``: the daily reconciliation of one unit, printed or saved as Excel.

    motcua reconcile --unit H99.50 --day 2026-03-02
    motcua reconcile --unit H99.50 --day 2026-03-02 --centre h99-50 --xlsx doi-soat.xlsx

An unknown unit or centre, or a day not written YYYY-MM-DD, exits with status 2.
"""

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from motcua.organizations.models import Centre, Unit
from motcua.payments.reconciliation import daily_report, to_excel
from motcua.payments.templatetags.payments import vnd


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"Ngày phải viết YYYY-MM-DD: {text!r} / the day must be YYYY-MM-DD", returncode=2) from None


class Command(BaseCommand):
    help = "Đối soát thu phí, lệ phí trong ngày / daily fee reconciliation of a unit (docs/operators/payments.md)"

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="mã đơn vị / unit code, e.g. H99.50")
        parser.add_argument("--day", type=_day, default=None, help="YYYY-MM-DD (mặc định hôm nay / default today)")
        parser.add_argument("--centre", help="mã trung tâm / centre code (default: all centres of the unit)")
        parser.add_argument("--xlsx", metavar="FILE", help="lưu Excel / also write the report as .xlsx")

    def handle(self, *args, unit, day, centre, xlsx, **options):
        found = Unit.objects.filter(code=unit.strip().upper()).first()
        if found is None:
            raise CommandError(f"Không có đơn vị {unit!r} / unknown unit", returncode=2)
        centre_row = None
        if centre:
            centre_row = Centre.objects.filter(unit=found, code=centre.strip().lower()).first()
            if centre_row is None:
                raise CommandError(f"Đơn vị {found.code} không có trung tâm {centre!r} / unknown centre", returncode=2)
        report = daily_report(found, day or timezone.localdate(), centre_row)
        for label, amount, count in (("Thông báo trong ngày / notices issued", report.expected_total, len(report.issued)),
                                     ("Đã nộp / paid", report.confirmed_total, len(report.payments)),
                                     ("Còn chờ nộp / outstanding", report.outstanding_total, len(report.outstanding)),
                                     ("Chưa khớp / unmatched", report.unmatched_total, len(report.unmatched)),
                                     ("Đã hoàn / refunded", report.refunded_total, len(report.refunds))):
            self.stdout.write(f"{label:<40} {count:>5}  {vnd(amount):>18}")
        for channel, count, amount in report.by_channel():
            self.stdout.write(f"  {channel:<38} {count:>5}  {vnd(amount):>18}")
        if xlsx:
            Path(xlsx).write_bytes(to_excel(report))
            self.stdout.write(f"Đã lưu / saved {xlsx}")
