"""``motcua restore PATH [--force]`` (docs/operators/backup.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from motcua.backups import service
from motcua.backups.manifest import BackupError

from motcua.backups.report import describe


class Command(BaseCommand):
    help = ("Phục hồi cơ sở dữ liệu và tệp từ một bản sao lưu (kiểm tra trước, ghi tất cả hoặc không gì) / "
            "restore the database and files from an archive (checked first, all or nothing)")

    requires_system_checks = []  # no URL or template loading: quick, and usable in an emergency

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="archive written by `motcua backup`")
        parser.add_argument("--force", action="store_true",
                            help="overwrite existing data (a backup of it is written first)")

    def handle(self, *args, path, force=False, **options):
        try:
            restored = service.restore(path, force=force)
        except BackupError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        if restored.safety_backup:
            self.stdout.write(f"Dữ liệu cũ đã được sao lưu / previous data saved in: {restored.safety_backup}")
        self.stdout.write(f"Đã phục hồi / restored: {path}")
        self.stdout.write(describe(restored.manifest, restored.pending_migrations))
        archived = restored.manifest["row_counts"]  # an older archive may count fewer tables
        if {label: restored.row_counts.get(label) for label in archived} != archived:
            raise CommandError("Số dòng sau phục hồi khác bản kê / row counts after restore differ from the manifest",
                               returncode=1)
