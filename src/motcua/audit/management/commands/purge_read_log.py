"""motcua purge_read_log [--days N]: delete reads older than the retention period (MOTCUA_READ_LOG_DAYS)."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from motcua.audit.models import ReadRecord


class Command(BaseCommand):
    help = "Xóa nhật ký truy cập quá thời hạn lưu / delete read-log rows older than the retention period"

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None,
                            help="keep this many days (default: MOTCUA_READ_LOG_DAYS)")

    def handle(self, *args, days=None, **options):
        days = settings.MOTCUA_READ_LOG_DAYS if days is None else days
        if days < 1:
            raise CommandError(f"Số ngày lưu phải từ 1 / the retention must be at least 1 day: {days}",
                               returncode=2)
        cutoff = timezone.now() - timedelta(days=days)
        deleted, _ = ReadRecord.objects.filter(at__lt=cutoff).delete()
        self.stdout.write(f"Đã xóa {deleted} lượt truy cập trước {cutoff:%Y-%m-%d %H:%M} / "
                          f"deleted {deleted} reads older than {days} days")
