"""Benchmark: booking bank confirmations (verify, replay store, payment, receipt, dossier moves on).

    python bench/payments_webhook.py                                # fresh SQLite in a temporary directory
    DATABASE_URL=postgres://... python bench/payments_webhook.py    # an EMPTY throw-away PostgreSQL database
    python bench/payments_webhook.py --notices 500 --threads 8

Creates one commune with a procedure and NOTICES received dossiers, each with an open fee notice.
The bank simulator pays each notice's VietQR, and its signed notification is booked through
``webhooks.receive_webhook`` (what the endpoint calls: HMAC check, replay keys, matching, payment,
gapless receipt, ``fee_paid`` with its event), first one after another, then (a second set of
notices) from THREADS threads at once. A third pass re-sends every message: each must be answered
``duplicate``. Prints p50 / p95 / max milliseconds per booking, bookings per second, and checks
that the receipt numbers are 1…2×NOTICES without a gap.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.conf.dev")
    os.environ.setdefault("MOTCUA_DEBUG", "false")
    os.environ["MOTCUA_ENABLE_DEMO_PLUGINS"] = "true"
    if "DATABASE_URL" not in os.environ:
        os.environ.setdefault("MOTCUA_DATA_DIR", tempfile.mkdtemp(prefix="motcua-bench-pay-"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def make_notices(count: int, offset: int):
    from motcua.accounts.models import Role, User
    from motcua.dossiers import services as dossier_services
    from motcua.organizations.models import Unit
    from motcua.payments import services
    from motcua.payments.fees import FeeLine
    from tests.factories import make_org, make_user
    from tests.fixtures_dossiers import make_procedure

    unit = Unit.objects.filter(code="H99.50").first()
    if unit is None:
        org = make_org()
        unit = org.commune_a
        make_user("tiepnhan", province=org.province, role=Role.RECEPTION, unit=unit)
        make_procedure("1.001193", "Đăng ký khai sinh", [unit])
    officer = User.objects.get(username="tiepnhan")
    from motcua.catalog.models import Procedure

    procedure = Procedure.objects.get(code="1.001193")
    applicant = dossier_services.Applicant(name="Nguyễn Văn An", id_number="001098012345")
    notices = []
    for i in range(count):
        d = dossier_services.create(procedure=procedure, unit=unit, channel="online", applicant=applicant, submit=True)
        d = dossier_services.perform(d, "accept", officer)
        notices.append(services.issue_notice(d, officer, [FeeLine("Lệ phí", 10000 + offset + i)]))
    return notices


def messages_for(notices):
    from motcua.payments import services
    from motcua.payments.contrib.simulator.plugin import demo_bank

    bank = demo_bank()
    out = []
    for notice in notices:
        qr = next(o.qr_payload for o in services.payment_options(notice) if o.plugin_id == "simulator")
        out.append(bank.webhook(bank.pay(qr)))
    return out


def book(message):
    from motcua.payments import webhooks

    start = time.perf_counter()
    answer = webhooks.receive_webhook("simulator", message.headers, message.body)
    return answer.result, (time.perf_counter() - start) * 1000


def book_in_thread(message):
    from django.db import connection

    try:
        return book(message)
    finally:
        connection.close()


def report(label, results, wall):
    times = sorted(ms for _, ms in results)
    kinds = sorted({kind for kind, _ in results})
    p95 = times[int(0.95 * (len(times) - 1))]
    print(f"{label:<28} n={len(times):<5} p50 {statistics.median(times):6.1f} ms  p95 {p95:6.1f} ms  "
          f"max {times[-1]:6.1f} ms  {len(times) / wall:7.1f}/s  results {kinds}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notices", type=int, default=200)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    setup_django()
    from django.db import connection

    from motcua.payments.models import Receipt

    print(f"database: {connection.vendor}")
    serial = messages_for(make_notices(args.notices, 0))
    start = time.perf_counter()
    results = [book(m) for m in serial]
    report("one after another", results, time.perf_counter() - start)

    parallel = messages_for(make_notices(args.notices, args.notices))
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=args.threads) as pool:
        results = list(pool.map(book_in_thread, parallel))
    report(f"{args.threads} threads at once", results, time.perf_counter() - start)

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=args.threads) as pool:
        results = list(pool.map(book_in_thread, serial + parallel))
    report("re-sent (duplicates)", results, time.perf_counter() - start)
    numbers = sorted(Receipt.objects.values_list("number", flat=True))
    gapless = numbers == list(range(1, 2 * args.notices + 1))
    print(f"receipts: {len(numbers)}, numbered 1…{numbers[-1]} without gaps: {gapless}")
    return 0 if gapless else 1


if __name__ == "__main__":
    sys.exit(main())
