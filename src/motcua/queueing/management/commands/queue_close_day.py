"""``motcua queue_close_day``: end of the day at every centre (or one): clear or carry over the
queue per the centre's policy, and record appointments nobody came to. Run it after closing time
(e.g. cron 30 17 * * *); calling is already safe without it under the "clear" policy."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from motcua.organizations.models import Centre
from motcua.queueing import appointments, services
from motcua.queueing.rules import local_day


class Command(BaseCommand):
    help = "Chốt hàng chờ cuối ngày / close the day's queues"

    def add_arguments(self, parser):
        parser.add_argument("--centre", help="mã trung tâm / centre code (default: all)")
        parser.add_argument("--day", help="ngày, YYYY-MM-DD (default: today in Asia/Ho_Chi_Minh)")

    def handle(self, *args, centre, day, **options):
        try:
            closing = date.fromisoformat(day) if day else local_day(timezone.now())
        except ValueError as exc:
            raise CommandError(f"Ngày không hợp lệ / invalid day: {day!r} (YYYY-MM-DD)", returncode=2) from exc
        centres = Centre.objects.all()
        if centre:
            centres = centres.filter(code=centre)
            if not centres.exists():
                raise CommandError(f"Không có trung tâm {centre!r} / no such centre", returncode=2)
        for each in centres:
            changed = services.close_day(each, closing)
            self.stdout.write(f"{each.code}: {changed} vé / tickets ({services.settings_for(each).close_policy})")
        self.stdout.write(f"{appointments.mark_no_shows()} lịch hẹn vắng mặt / appointments not kept")
