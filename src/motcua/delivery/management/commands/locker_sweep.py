"""motcua locker_sweep — results left in a 24-hour locker too long go back to the counter.

Run it from cron (e.g. every hour). Placements older than MOTCUA_LOCKER_KEEP_DAYS stop opening
with their code, the applicant is told by SMS, and the return desk lists them under "to recall".
"""

from django.core.management.base import BaseCommand

from ...lockers import sweep


class Command(BaseCommand):
    help = "Chuyển kết quả quá hạn trong tủ 24 giờ về quầy / move overdue locker results back to the counter"

    def handle(self, *args, **options):
        moved = sweep()
        for placement in moved:
            self.stdout.write(f"{placement.dossier.code}\t{placement.slot.locker.code}\t{placement.slot}")
        self.stdout.write(self.style.SUCCESS(f"{len(moved)} kết quả chuyển về quầy / results to recall"))
