import time

from django.core.management.base import BaseCommand

from motcua.notifications import services


class Command(BaseCommand):
    help = "Gửi các thư trong hộp thư đi / deliver due outbox messages (with --loop: keep doing it)"

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="keep running, checking every --interval seconds")
        parser.add_argument("--interval", type=float, default=1.0)

    def handle(self, *args, loop=False, interval=1.0, **options):
        while True:
            sent = services.deliver_due()
            if not loop:
                self.stdout.write(f"sent {sent}")
                return
            if not sent:
                time.sleep(interval)
