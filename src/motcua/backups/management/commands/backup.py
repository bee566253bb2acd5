"""``motcua backup [--output PATH]`` and ``motcua backup --verify PATH`` (docs/operators/backup.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from motcua.backups import service
from motcua.backups.manifest import BackupError

from motcua.backups.report import describe


class Command(BaseCommand):
    help = ("Sao lưu cơ sở dữ liệu và mọi tệp đã lưu vào một tệp nén, hoặc kiểm tra một bản sao lưu / "
            "back up the database and every stored file into one archive, or check an archive")

    requires_system_checks = []  # no URL or template loading: quick, and usable in an emergency

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group()
        action.add_argument("--output", "-o", type=Path,
                            help="archive to write (default: MOTCUA_BACKUP_DIR/motcua-<UTC time>.tar.gz)")
        action.add_argument("--verify", type=Path, metavar="PATH", help="only check this archive; restores nothing")

    def handle(self, *args, output=None, verify=None, **options):
        try:
            if verify:
                checked = service.verify(verify)
                self.stdout.write(f"Bản sao lưu hợp lệ / archive is valid: {verify}")
                self.stdout.write(describe(checked.manifest, checked.pending_migrations))
                return
            path, manifest = service.backup(output)
        except BackupError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self.stdout.write(f"Đã sao lưu / backed up: {path} ({path.stat().st_size} bytes)")
        self.stdout.write(describe(manifest))
