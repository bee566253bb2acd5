"""Benchmark: the officers' inbox and dossier page over a province with many dossiers.

    python bench/backoffice_inbox.py                                # fresh SQLite in a temporary directory
    DATABASE_URL=postgres://... python bench/backoffice_inbox.py    # an EMPTY throw-away PostgreSQL database
    python bench/backoffice_inbox.py --dossiers 1000000 --units 100 --rounds 30
    python bench/backoffice_inbox.py --reuse    # time again on the dossiers a previous run inserted
    python bench/backoffice_inbox.py --seeded 20000 --data /tmp/prof/data   # the perf seed (motcua seed, H96)
    python bench/backoffice_inbox.py --reuse --profile "inbox: Quá hạn"     # cProfile of one page

Creates one province with UNITS communes and one procedure, then bulk-inserts DOSSIERS dossiers
spread evenly over the units and over the last 400 days: 8 % still open, 1 % waiting for reception,
the rest returned; every received dossier gets its four process steps. Then, as the reception
officer of the first commune, times every inbox tab (first page, counts on all tabs), the second
page of "Đã xong", a search by code and the dossier page, through Django's test client (the whole
view, templates included). Prints p50 / p95 / max milliseconds, the median CPU milliseconds of the
process per request (on SQLite that includes the database's work; on PostgreSQL it is the web
process alone), the statements and bytes of each page, the load average (page times are CPU-bound:
a busy machine inflates them; figures count with a load average below 3), and on PostgreSQL the
execution time and indexes of each tab's first-page queries, so a change that falls back to a
scan of every dossier shows at once.

``--seeded N`` times the same pages on the dataset of ``motcua seed`` (province H96, 3 communes,
N dossiers, many procedures), created in ``--data`` on the first run, as the reception officer of
the unit of the first dossier in processing (the officer of src/motcua/perf/measure.py).
"""

import argparse
import cProfile
import os
import pstats
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def setup_django(data_dir: str | None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.conf.dev")
    os.environ.setdefault("MOTCUA_DEBUG", "false")
    os.environ.setdefault("MOTCUA_ALLOWED_HOSTS", "testserver")
    if data_dir:
        os.environ["MOTCUA_DATA_DIR"] = data_dir
    if "DATABASE_URL" not in os.environ:
        os.environ.setdefault("MOTCUA_DATA_DIR", tempfile.mkdtemp(prefix="motcua-bench-inbox-"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)


def make_world(units: int):
    from motcua.accounts.models import Role
    from motcua.organizations.models import Province, Unit
    from tests.factories import make_user
    from tests.fixtures_dossiers import make_procedure

    province = Province.objects.create(code="H97", name="Tỉnh Đo Thử")
    communes = [Unit.objects.create(province=province, code=f"H97.{n}", name=f"Xã Đo Thử {n}", kind="commune")
                for n in range(1, units + 1)]
    procedure = make_procedure("1.001193", "Đăng ký khai sinh", communes)
    officer = make_user("bench_tiepnhan", province=province, role=Role.RECEPTION, unit=communes[0])
    return province, communes, procedure, officer


def fill(province, communes, procedure, count: int, batch: int = 5000) -> None:
    """Bulk-insert ``count`` dossiers (and the current step of the open ones)."""
    from django.utils import timezone

    from motcua.dossiers.models import Dossier, DossierStep
    from motcua.dossiers.workflow import NATIONAL_STATUS, State

    rng = random.Random(766)
    now = timezone.now()
    for start in range(0, count, batch):
        rows, open_rows = [], []
        for i in range(start, min(start + batch, count)):
            unit = communes[i % len(communes)]
            received = now - timedelta(minutes=rng.randrange(400 * 24 * 60))
            roll = rng.random()
            state = State.SUBMITTED if roll < 0.01 else State.PROCESSING if roll < 0.09 else State.RETURNED
            waiting = state == State.SUBMITTED
            if state == State.PROCESSING:  # open dossiers are recent, some of them late
                received = now - timedelta(minutes=rng.randrange(12 * 24 * 60))
            due = received + timedelta(days=7)
            d = Dossier(procedure=procedure, province=province, unit=unit, current_unit=unit, channel="online",
                        applicant_name="Nguyễn Văn An", applicant_id_number="001098012345", state=state,
                        national_status=NATIONAL_STATUS[state], submitted_at=received,
                        received_at=None if waiting else received, due_at=None if waiting else due,
                        badly_overdue_at=None if waiting else due + timedelta(days=7),
                        code=None if waiting else f"{unit.code}-{received:%y%m%d}-{i:07d}",
                        step_position=0 if waiting else (1 + i % 3 if state == State.PROCESSING else 4))
            rows.append(d)
        Dossier.objects.bulk_create(rows, batch_size=batch)
        open_rows = [d for d in rows if d.state == State.PROCESSING]
        DossierStep.objects.bulk_create([
            DossierStep(dossier=d, position=d.step_position, name="Bước", role=["reception", "specialist", "leader"][
                d.step_position - 1], unit_id=d.current_unit_id, working_hours=Decimal(8), started_at=d.received_at,
                due_at=d.due_at) for d in open_rows], batch_size=batch)
        print(f"\r  {min(start + batch, count):,} / {count:,} dossiers", end="", flush=True)
    print()
    add_other_steps()


STEPS_SQL = """
INSERT INTO dossiers_dossierstep (dossier_id, position, name, role, unit_id, working_hours)
SELECT d.id, p.position, 'Bước', CASE p.position WHEN 2 THEN 'specialist' WHEN 3 THEN 'leader' ELSE 'reception' END,
       d.current_unit_id, 8
FROM dossiers_dossier d
CROSS JOIN (SELECT 1 AS position UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4) p
WHERE d.received_at IS NOT NULL AND NOT (d.state = 'processing' AND d.step_position = p.position)
"""


def add_other_steps() -> None:
    """Every received dossier has its four steps, as after a real reception (one statement; the
    current step of the open ones was inserted with them)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(STEPS_SQL)
        print(f"  {cursor.rowcount:,} other steps")


def timed(client, url: str, params: dict, rounds: int) -> tuple[list[float], list[float]]:
    """Wall and process-CPU milliseconds of ``rounds`` requests."""
    times, cpu = [], []
    for _ in range(rounds):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url, params)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        if response.status_code not in (200, 302):
            sys.exit(f"GET {url} {params} → {response.status_code}")
    return times, cpu


def seeded(count: int):
    """The officer and the communes of the ``motcua seed`` dataset (created on the first run)."""
    from django.core.management import call_command

    from motcua.accounts.models import User
    from motcua.dossiers.models import Dossier
    from motcua.organizations.models import Province, Unit

    if not Province.objects.filter(code="H96").exists():
        call_command("seed", "--dossiers", str(count), "--province", "H96", "--communes", "3", stdout=sys.stderr)
    sample = Dossier.objects.filter(province__code="H96", state="processing", code__isnull=False).order_by("pk").first()
    officer = User.objects.get(username=f"{sample.unit.code.lower()}-reception")
    others = Unit.objects.filter(province__code="H96").exclude(pk=sample.unit_id).order_by("pk")
    return officer, [sample.unit, *others]


def profile(client, url: str, params: dict, rounds: int) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(rounds):
        client.get(url, params)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(50)


def explain_tabs(officer, unit) -> None:
    """Print, for each tab's first-page queries, the execution time and the indexes used (PostgreSQL)."""
    from django.utils import timezone

    from motcua.backoffice import due, inbox
    from motcua.dossiers.access import visible_dossiers
    from motcua.workdays.services import calendar_for_unit

    now = timezone.now()
    ctx = inbox.Context(officer, {unit.pk: frozenset({"reception"})}, now,
                        {unit.pk: due.soon_until(calendar_for_unit(unit), now)})
    for tab in inbox.TABS.values():
        parts = inbox.segments(tab, inbox.Filters(unit_ids=(unit.pk,), unit_chosen=True), ctx,
                               visible_dossiers(officer))
        ordering = (tab.order, "-pk" if tab.descending else "pk")
        for part in parts:
            plan = part.order_by(*ordering)[:inbox.PAGE_SIZE + 1].explain(analyze=True)
            scans = [" ".join(line.split("(")[0].split()).lstrip("-> ") for line in plan.splitlines()
                     if "Index" in line and " on " in line]
            took = plan.strip().splitlines()[-1].split(":")[-1].strip()
            print(f"  {tab.key:<9} {took:>10}  {'; '.join(scans)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dossiers", type=int, default=200_000)
    parser.add_argument("--units", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--reuse", action="store_true", help="keep the dossiers of a previous run")
    parser.add_argument("--seeded", type=int, metavar="N", help="use the `motcua seed` dataset of N dossiers instead")
    parser.add_argument("--data", help="MOTCUA_DATA_DIR to use (SQLite), e.g. to keep a seeded dataset")
    parser.add_argument("--profile", metavar="PAGE", help="print a cProfile of this page instead of timing")
    args = parser.parse_args()
    setup_django(args.data)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from motcua.accounts.models import User
    from motcua.dossiers.models import Dossier
    from motcua.organizations.models import Unit

    if args.seeded:
        officer, communes = seeded(args.seeded)
    elif args.reuse:
        officer = User.objects.get(username="bench_tiepnhan")
        communes = list(Unit.objects.filter(province__code="H97").order_by("pk"))
    elif Dossier.objects.exists():
        sys.exit("The database already has dossiers: use an empty throw-away database (or --reuse).")
    else:
        province, communes, procedure, officer = make_world(args.units)
        started = time.perf_counter()
        fill(province, communes, procedure, args.dossiers)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(f"inserted in {time.perf_counter() - started:.0f} s")
    print(f"{Dossier.objects.count():,} dossiers in {len(communes)} units ({connection.vendor})")
    client = Client()
    client.force_login(officer)
    sample = Dossier.objects.filter(unit=communes[0], state="processing", code__isnull=False).order_by("pk").first()
    done_page = client.get("/nghiep-vu/ho-so/", {"tab": "done"}).content.decode()
    after = done_page.split('rel="next"')[0].rsplit("after=", 1)[1].split('"')[0].replace("&amp;", "&")
    pages = {
        "home (4 bounded counts)": ("/nghiep-vu/", {}),
        "inbox: Việc của tôi": ("/nghiep-vu/ho-so/", {"tab": "mine"}),
        "inbox: Sắp đến hạn": ("/nghiep-vu/ho-so/", {"tab": "soon"}),
        "inbox: Quá hạn": ("/nghiep-vu/ho-so/", {"tab": "overdue"}),
        "inbox: Chờ tiếp nhận": ("/nghiep-vu/ho-so/", {"tab": "reception"}),
        "inbox: Đã xong": ("/nghiep-vu/ho-so/", {"tab": "done"}),
        "inbox: Đã xong, page 2": ("/nghiep-vu/ho-so/", {"tab": "done", "after": after}),
        "search by code": ("/nghiep-vu/ho-so/", {"q": sample.code}),
        "dossier page": (f"/nghiep-vu/ho-so/{sample.public_id}/", {}),
    }
    if args.profile:
        url, params = pages[args.profile]
        timed(client, url, params, 3)  # warm
        return profile(client, url, params, args.rounds)
    print(f"{'page':<26}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'cpu ms':>9}{'stmts':>7}{'bytes':>8}")
    for name, (url, params) in pages.items():
        timed(client, url, params, 2)  # warm: session saved, cached filter choices filled
        times, cpu = timed(client, url, params, args.rounds)
        times.sort()
        p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
        with CaptureQueriesContext(connection) as queries:
            size = len(client.get(url, params).content)
        print(f"{name:<26}{statistics.median(times):>9.1f}{p95:>9.1f}{times[-1]:>9.1f}"
              f"{statistics.median(cpu):>9.1f}{len(queries):>7}{size:>8}")
    print(f"load average while timing: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    if connection.vendor == "postgresql":
        print("first-page query of each tab (EXPLAIN ANALYZE execution time, indexes used):")
        explain_tabs(officer, communes[0])


if __name__ == "__main__":
    main()
