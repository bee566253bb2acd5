from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from motcua.identity import demo


class Command(BaseCommand):
    help = ("Tạo công dân thử trong VNeID mô phỏng / create the simulated VNeID's demo identities "
            "(password: MOTCUA_DEMO_PASSWORD).")

    def handle(self, *args, **options):
        if not settings.MOTCUA_ENABLE_DEMO_PLUGINS:
            raise CommandError("VNeID mô phỏng đang tắt (MOTCUA_ENABLE_DEMO_PLUGINS) / the simulator is off",
                               returncode=2)
        count = demo.load(settings.MOTCUA_DEMO_PASSWORD)
        for spec in demo.IDENTITIES:
            self.stdout.write(f"{spec.personal_id}  mức {spec.level}  {spec.full_name}")
        self.stdout.write(self.style.SUCCESS(f"{count} công dân / identities ready"))
