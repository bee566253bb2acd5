from django.core.management.base import BaseCommand, CommandError

from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.services import verify_chain


class Command(BaseCommand):
    help = "Kiểm tra chuỗi băm nhật ký hồ sơ / verify the tamper-evident dossier event logs"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])
        parser.add_argument("--code", help="only this dossier")

    def handle(self, *args, code=None, **options):
        dossiers = Dossier.objects.order_by("pk")
        if code:
            dossiers = dossiers.filter(code=code)
        checked = broken = 0
        for dossier_id in dossiers.values_list("pk", flat=True).iterator(chunk_size=2000):
            problems = verify_chain(DossierEvent.objects.filter(dossier_id=dossier_id).order_by("seq"))
            checked += 1
            if problems:
                broken += 1
                name = Dossier.objects.filter(pk=dossier_id).values_list("code", flat=True).first() or dossier_id
                for problem in problems:
                    self.stderr.write(f"{name}: {problem}")
        self.stdout.write(f"checked {checked} dossiers, {broken} with a broken event chain")
        if broken:
            raise CommandError("Nhật ký hồ sơ đã bị sửa đổi / event logs were tampered with", returncode=1)
