"""``motcua reports monthly [--month 2025-10] [--province H15]`` — queue the monthly reports.

Without --month, the month before today. Queues one Excel and one PDF report per province; a task
worker (``motcua worker``) builds them, and they appear on the reports page (/giam-sat/bao-cao/).
Run it from cron on the first day of each month (docs/operators/reports.md).
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from motcua.organizations.models import Province

from ... import periods, reports


class Command(BaseCommand):
    help = "Lập báo cáo định kỳ hằng tháng / queue the monthly reports"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        monthly = sub.add_parser("monthly", help="báo cáo tháng (Excel và PDF) / monthly reports")
        monthly.add_argument("--month", help="tháng YYYY-MM, mặc định tháng trước / default: last month")
        monthly.add_argument("--province", metavar="MÃ", help="chỉ một tỉnh / one province only")

    def handle(self, *args, action, month, province, **options):
        try:
            period = periods.parse(month) if month else periods.containing(timezone.localdate()).previous()
        except periods.PeriodError as exc:
            raise CommandError(str(exc), returncode=2) from None
        if period.kind != periods.MONTH:
            raise CommandError("--month cần dạng YYYY-MM / --month needs YYYY-MM", returncode=2)
        provinces = Province.objects.all()
        if province:
            provinces = provinces.filter(code=province.upper())
            if not provinces:
                raise CommandError(f"Không có tỉnh mã {province} / no province {province}", returncode=2)
        jobs = reports.schedule_month(period, list(provinces))
        for job in jobs:
            job.refresh_from_db()  # an immediate task backend has already built it
            self.stdout.write(f"#{job.pk} {job.province.code} {job.period} {job.format}: {job.get_status_display()}")
        self.stdout.write(f"Đã xếp {len(jobs)} báo cáo {period.label} / {len(jobs)} reports queued")
