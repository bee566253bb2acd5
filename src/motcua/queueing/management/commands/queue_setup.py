"""``motcua queue_setup CENTRE``: kiosk services from the catalogue fields of the centre's unit."""

from django.core.management.base import BaseCommand, CommandError

from motcua.organizations.models import Centre
from motcua.queueing.setup import groups_from_fields


class Command(BaseCommand):
    help = "Tạo nhóm dịch vụ cho máy lấy số từ lĩnh vực thủ tục / create kiosk services from procedure fields"

    def add_arguments(self, parser):
        parser.add_argument("centre", help="mã trung tâm / centre code, e.g. h15-50")

    def handle(self, *args, centre, **options):
        found = Centre.objects.select_related("unit").filter(code=centre).first()
        if found is None:
            raise CommandError(f"Không có trung tâm {centre!r} / no such centre", returncode=2)
        created = groups_from_fields(found)
        for group in created:
            self.stdout.write(f"{group.code}  {group.name}")
        self.stdout.write(f"{len(created)} nhóm dịch vụ mới / new services")
