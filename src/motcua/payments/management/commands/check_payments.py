"""``motcua check_payments``: ask the gateways about fee notices still open (see payments/tasks.py).

    motcua check_payments          # prints e.g. "paid: 2, unknown: 5"
"""

from django.core.management.base import BaseCommand

from motcua.payments.tasks import check_open_notices


class Command(BaseCommand):
    help = "Hỏi cổng thanh toán về các thông báo phí còn chờ / ask gateways about open fee notices"

    def handle(self, *args, **options):
        results = check_open_notices()
        summary = ", ".join(f"{key}: {value}" for key, value in sorted(results.items())) or "không có gì để hỏi / nothing to ask"
        self.stdout.write(summary)
