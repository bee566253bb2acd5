"""Benchmark: the monitoring dashboard over a province of 120 units and a year of dossiers.

    python bench/dashboard_bench.py                               # fresh SQLite in a temporary directory
    DATABASE_URL=postgres://... python bench/dashboard_bench.py   # an EMPTY throw-away PostgreSQL database
    python bench/dashboard_bench.py --units 120 --days 365 --per-day 8 --rounds 20
    MOTCUA_DATA_DIR=/tmp/motcua-bench-dashboard-XXXX python bench/dashboard_bench.py --reuse  # pages again
    … --reuse --sums --rounds 30       # the year's per-unit sums from the roll-ups and from the month rows

Creates one province with UNITS units (five in six communes, the rest departments), 20 procedures
in 5 fields enabled everywhere, a centre per ten units, then bulk-inserts PER-DAY dossiers per unit
and day over the last DAYS days, with their events (submit, accept, complete, return): most
finished early or on time, a share late that differs by unit, the recent ones still open. Then:

1. ``facts.rebuild()`` builds the fact table from the event log, and ``rebuild(check=True)``
   proves it matches (both timed);
2. the other apps' daily figures (payments, results, digitisation, queue, ratings) are
   bulk-inserted directly at the facts' grain — a row per (unit, day, procedure, channel) that has
   dossiers, plus one without procedure for the queue tickets — and summed into the month and
   unit-month rows; the feedback figures of this month and last likewise (per unit and per
   procedure) — the apps' own tables stay empty. ``--reuse --refill-sources`` replaces the source
   rows of a database made before with such rows;
3. every dashboard page is timed through Django's test client as the provincial monitor (the
   whole view, templates included), in three states:

   - **cold**: the first request of a new Python process (URL modules imported before, as gunicorn
     ``--preload`` does; the page's templates compiled by that request) on a new database
     connection, with the cache empty; on PostgreSQL the server is restarted first
     when ``MOTCUA_PG_DIR`` names it (``scripts/pg-start``), so its shared buffers are empty. The
     operating system's page cache is NOT dropped (that needs root and would slow every other
     process of a shared machine): the database files are read from memory, not from disk;
   - **recomputed**: the same process again, cache cleared before each request — every figure
     read from the facts again, as a request does once the one-minute cache has expired;
   - **cached**: the open counts and catalogue counts served from the cache (≤ one minute old).

   Prints p50 / p95 wall-clock milliseconds per state, the p50 CPU time of the web process (SQLite
   runs inside it, PostgreSQL does not), the number of SQL statements of a recomputed request, and
   the load average: on a shared machine wall time includes waiting for a core.
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, time as dtime, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

PROCEDURES, FIELDS = 20, 5


def setup_django(migrate: bool = True) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.conf.dev")
    os.environ.setdefault("MOTCUA_DEBUG", "false")
    os.environ.setdefault("MOTCUA_ALLOWED_HOSTS", "testserver")
    if "DATABASE_URL" not in os.environ and "MOTCUA_DATA_DIR" not in os.environ:
        os.environ["MOTCUA_DATA_DIR"] = tempfile.mkdtemp(prefix="motcua-bench-dashboard-")
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        call_command("createcachetable", verbosity=0)


def make_world(units: int):
    from motcua.accounts.models import Role
    from motcua.catalog.models import Field, Procedure, ProcedureChannel, UnitProcedure
    from motcua.organizations.models import Centre, Province, Unit
    from tests.factories import make_user

    province = Province.objects.create(code="H96", name="Tỉnh Đo Thử")
    made = []
    for n in range(1, units + 1):
        commune = n % 6 != 0
        made.append(Unit(province=province, code=f"H96.{n}", kind="commune" if commune else "department",
                         name=f"{'Xã' if commune else 'Sở'} Đo Thử {n}"))
    made = Unit.objects.bulk_create(made)
    fields = [Field.objects.create(name=f"Lĩnh vực {n}") for n in range(1, FIELDS + 1)]
    procedures = Procedure.objects.bulk_create([
        Procedure(code=f"1.{n:06d}", name=f"Thủ tục đo thử {n}", field=fields[n % FIELDS], levels="commune",
                  online_level=["full", "partial", "none"][n % 3]) for n in range(1, PROCEDURES + 1)])
    ProcedureChannel.objects.bulk_create([ProcedureChannel(procedure=p, channel="direct", duration=Decimal(5),
                                                           duration_unit="working-days") for p in procedures])
    UnitProcedure.objects.bulk_create([UnitProcedure(unit=u, procedure=p) for u in made for p in procedures])
    Centre.objects.bulk_create([Centre(unit=u, code=f"h96-{u.pk}", name=f"Trung tâm {u.name}") for u in made[::10]])
    monitor = make_user("bench_giamsat", province=province, role=Role.PROVINCIAL_MONITOR)
    return province, made, procedures, monitor


def fill(province, units, procedures, days: int, per_day: int, batch: int = 20000) -> int:
    """Bulk-insert dossiers and their events (hash chains are not computed: bench data only)."""
    from django.utils import timezone

    from motcua.dossiers.models import Dossier, DossierEvent
    from motcua.dossiers.workflow import NATIONAL_STATUS, State
    from motcua.monitoring.measures import LOCAL

    rng = random.Random(766)
    today = timezone.localdate()
    late_share = {u.pk: rng.choice([0.01, 0.03, 0.08, 0.2]) for u in units}
    dossiers, total = [], 0

    def flush():
        nonlocal dossiers, total
        created = Dossier.objects.bulk_create(dossiers, batch_size=5000)
        events = []
        for d in created:
            steps = [("submit", d.submitted_at, "draft", "submitted"), ("accept", d.received_at, "submitted", "received")]
            if d.finished_at:
                steps.append(("complete", d.finished_at, "processing", "completed"))
            if d.returned_at:
                steps.append(("return_result", d.returned_at, "completed", "returned"))
            events += [DossierEvent(dossier=d, seq=i, at=at, action=a, from_state=f, to_state=t, unit_id=d.unit_id,
                                    hash="bench") for i, (a, at, f, t) in enumerate(steps, start=1)]
        DossierEvent.objects.bulk_create(events, batch_size=5000)
        total += len(created)
        print(f"\r  {total:,} dossiers", end="", flush=True)
        dossiers = []

    for back in range(days - 1, -1, -1):
        day = today - timedelta(days=back)
        for unit in units:
            for _ in range(per_day):
                received = datetime.combine(day, dtime(7, 30), tzinfo=LOCAL) + timedelta(minutes=rng.randrange(540))
                due = received + timedelta(days=7)
                procedure = rng.choice(procedures)
                finished = None if back < rng.randrange(1, 12) else received + timedelta(
                    days=rng.randrange(8, 12) if rng.random() < late_share[unit.pk] else rng.randrange(1, 8))
                if finished and finished > timezone.now():
                    finished = None
                state = State.RETURNED if finished else State.PROCESSING
                timeliness = "" if not finished else "late" if finished > due else (
                    "early" if finished.date() < due.date() else "on_time")
                dossiers.append(Dossier(
                    procedure=procedure, province=province, unit=unit, current_unit=unit,
                    channel="online" if rng.random() < 0.4 else "direct", applicant_name="Nguyễn Văn An",
                    applicant_id_number="001098012345", state=state, national_status=NATIONAL_STATUS[state],
                    submitted_at=received, received_at=received, due_at=due, original_due_at=due,
                    badly_overdue_at=due + timedelta(days=7), finished_at=finished, returned_at=finished,
                    timeliness=timeliness, code=f"{unit.code}-{received:%y%m%d}-{total + len(dossiers):07d}",
                    step_position=4 if finished else 2))
                if len(dossiers) >= batch:
                    flush()
    if dossiers:
        flush()
    print()
    return total


def fill_sources(province, days: int) -> None:
    """The other apps' figures at the facts' grain, inserted directly (their own tables stay empty in
    this bench): one source row per day row of the dossier facts, bounded by its accepted dossiers,
    and a queue row without procedure per unit and day."""
    from django.db.models import Sum
    from django.utils import timezone

    from motcua.monitoring import periods, sources
    from motcua.monitoring.models import NO_CHANNEL, DailyFact, PeriodFact, SourceFact

    rng = random.Random(42)
    today = timezone.localdate()
    start = today - timedelta(days=days - 1)
    day_rows = DailyFact.objects.filter(province=province, day__gte=start).values_list(
        "unit_id", "day", "procedure_id", "channel", "accepted").iterator(chunk_size=20000)
    rows, queue_days = [], set()
    for unit_id, day, procedure_id, channel, accepted in day_rows:
        if not accepted:
            continue
        fee, done = rng.randrange(accepted + 1), rng.randrange(accepted + 1)
        liked = rng.randrange(done + 1)
        rows.append(SourceFact(province=province, unit_id=unit_id, day=day, procedure_id=procedure_id, channel=channel,
                               fee_dossiers=fee, paid_online=rng.randrange(fee + 1), results_completed=done,
                               electronic_results=rng.randrange(done + 1), results_received=accepted,
                               reusing_results=rng.randrange(accepted + 1), digitised_dossiers=rng.randrange(accepted + 1),
                               rating_overall_like=liked, rating_overall_dislike=rng.randrange(done - liked + 1)))
        queue_days.add((unit_id, day))
    rows += [SourceFact(province=province, unit_id=unit_id, day=day, procedure=None, channel=NO_CHANNEL, queue_tickets=30,
                        queue_called=28, queue_wait_seconds=28 * rng.randrange(300, 2400))
             for unit_id, day in sorted(queue_days)]
    SourceFact.objects.bulk_create(rows, batch_size=5000)
    for first in sorted({row.day.replace(day=1) for row in rows}):
        sources.sum_month(province.pk, first)
    month = periods.containing(today)
    feedback = {"5.1": [2, 5], "5.2": [4, 5], "5.3": [3, 5], "petitions": 5}
    PeriodFact.objects.bulk_create([
        PeriodFact(province=province, unit_id=unit_id, procedure_id=procedure_id, period=p.key, source="feedback",
                   collected_at=timezone.now(), data={**feedback, "5.4": [rng.randrange(150, 240), 240]})
        for p in (month, month.previous())
        for unit_id, procedure_id in [(u, None) for u in sorted({u for u, _ in queue_days})] + list(
            DailyFact.objects.filter(province=province, day__gte=p.start, day__lt=p.end)
            .values_list("unit_id", "procedure_id").distinct())])
    print(f"source facts: {len(rows):,} day rows; accepted in them: "
          f"{SourceFact.objects.aggregate(n=Sum('results_received'))['n']:,}")


def refill_sources(province, days: int) -> None:
    """Replace the source and feedback rows of a bench database with rows at the facts' grain."""
    from motcua.monitoring.models import PeriodFact, SourceFact, SourceMonthFact, SourceUnitMonthFact

    for model in (SourceFact, SourceMonthFact, SourceUnitMonthFact, PeriodFact):
        model.objects.filter(province=province).delete()
    fill_sources(province, days)


def timed(client, url: str, rounds: int, *, clear: bool) -> tuple[list[float], list[float]]:
    """Sorted wall-clock and CPU milliseconds of ``rounds`` requests (``clear``: cache emptied first)."""
    from django.core.cache import cache

    wall, cpu = [], []
    for _ in range(rounds):
        if clear:
            cache.clear()
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        if response.status_code != 200:
            sys.exit(f"GET {url} → {response.status_code}")
    return sorted(wall), sorted(cpu)


def restart_postgres() -> bool:
    """Restart the server of ``scripts/pg-start`` (MOTCUA_PG_DIR) so its buffers start empty."""
    folder = os.environ.get("MOTCUA_PG_DIR")
    if not folder or not os.environ.get("DATABASE_URL"):
        return False
    owner = ["runuser", "-u", "motcuapg", "--"] if os.getuid() == 0 else []
    subprocess.run([*owner, "/usr/lib/postgresql/15/bin/pg_ctl", "-D", f"{folder}/data", "-m", "fast", "-w",
                    "restart"], check=True, stdout=subprocess.DEVNULL)
    return True


def cold_request(url: str, gc_freeze: bool = False) -> dict:
    """One cold request, in a new process (see the module docstring): {"wall": ms, "cpu": ms}."""
    from django.db import connection

    connection.close()
    restart_postgres()
    found = subprocess.run([sys.executable, __file__, "--cold-one", url, *(["--child-gc-freeze"] if gc_freeze else [])],
                           check=True, capture_output=True, text=True, env=os.environ)
    return json.loads(found.stdout.strip().splitlines()[-1])


def cold_one(url: str, gc_freeze: bool = False) -> None:
    """The child of ``cold_request``: sign in, empty the cache, close the connection, time one GET."""
    setup_django(migrate=False)
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.urls import get_resolver

    from motcua.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="bench_giamsat"))
    if gc_freeze:  # what the WSGI module does at start-up (decision 0574)
        from motcua.wsgi import warm_up

        warm_up()
    else:
        get_resolver().url_patterns  # noqa: B018 — URL modules imported, as under gunicorn --preload
    cache.clear()
    connection.close()
    start, start_cpu = time.perf_counter(), time.process_time()
    response = client.get(url)
    wall, cpu = (time.perf_counter() - start) * 1000, (time.process_time() - start_cpu) * 1000
    if response.status_code != 200:
        sys.exit(f"GET {url} → {response.status_code}")
    print(json.dumps({"wall": wall, "cpu": cpu}))


def existing_world():
    from motcua.accounts.models import User
    from motcua.catalog.models import Procedure
    from motcua.organizations.models import Province, Unit

    province = Province.objects.get(code="H96")
    return (province, list(Unit.objects.filter(province=province).order_by("pk")),
            list(Procedure.objects.order_by("pk")), User.objects.get(username="bench_giamsat"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--units", type=int, default=120)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--per-day", type=int, default=8, help="dossiers per unit and day")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--cold-rounds", type=int, default=5, help="new processes per page (cold requests)")
    parser.add_argument("--reuse", action="store_true",
                        help="time the pages of a bench database made before (MOTCUA_DATA_DIR or DATABASE_URL)")
    parser.add_argument("--only", help="time only the pages whose name contains this text")
    parser.add_argument("--refill-sources", action="store_true",
                        help="with --reuse: replace the source rows by rows per unit, day, procedure and channel "
                             "(a database made before decision 0610)")
    parser.add_argument("--no-gc-freeze", dest="gc_freeze", action="store_false",
                        help="skip motcua.wsgi.warm_up's gc.freeze() (measures the process without it, decision 0574)")
    parser.add_argument("--sums", action="store_true",
                        help="with --reuse: time only the province's per-unit sums of this year, from the unit × month "
                             "roll-ups and from the per-procedure month rows (decision 0611)")
    parser.add_argument("--cold-one", metavar="URL", help=argparse.SUPPRESS)  # the child of a cold request
    parser.add_argument("--child-gc-freeze", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.cold_one:
        return cold_one(args.cold_one, args.child_gc_freeze)
    if args.reuse and not (os.environ.get("MOTCUA_DATA_DIR") or os.environ.get("DATABASE_URL")):
        sys.exit("--reuse needs MOTCUA_DATA_DIR or DATABASE_URL naming the bench database")
    setup_django()
    from django.db import connection

    from motcua.dossiers.models import Dossier
    from motcua.monitoring.models import DailyFact, MonthFact, SourceFact, SourceMonthFact, UnitMonthFact

    if args.reuse:
        province, units, procedures, monitor = existing_world()
        if args.refill_sources:
            refill_sources(province, args.days)
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
    elif Dossier.objects.exists():
        sys.exit("The database already has dossiers: use an empty throw-away database.")
    else:
        province, units, procedures, monitor = build(args)
    print(f"{Dossier.objects.count():,} dossiers, {DailyFact.objects.count():,} day, {MonthFact.objects.count():,} month, "
          f"{UnitMonthFact.objects.count():,} unit-month fact rows; {SourceFact.objects.count():,} source day, "
          f"{SourceMonthFact.objects.count():,} source month rows ({connection.vendor}, "
          f"{os.environ.get('MOTCUA_DATA_DIR', 'DATABASE_URL')})")
    if args.sums:
        return time_sums(province, args.rounds)
    time_writes(province, units, procedures)
    time_pages(units, procedures, monitor, args)


def time_sums(province, rounds: int) -> None:
    """What the unit × month roll-ups buy: the year's per-unit flow and source sums the index of a
    province runs, read from UnitMonthFact / SourceUnitMonthFact and, as before decision 0611, from
    MonthFact / SourceMonthFact (the same functions with the roll-ups switched off)."""
    from unittest import mock

    from django.utils import timezone

    from motcua.monitoring import figures, periods

    year = periods.containing(timezone.localdate(), periods.YEAR)
    span = (province.pk, year.start, year.end)
    for label, groups in (("unit × month roll-ups", figures.UNIT_GROUPS), ("per-procedure month rows", set())):
        with mock.patch.object(figures, "UNIT_GROUPS", groups):
            for name, read in (("flows", figures.flows), ("sources", figures.sources)):
                read(*span)  # warm: buffers and plans
                wall = []
                for _ in range(rounds):
                    started = time.perf_counter()
                    read(*span)
                    wall.append((time.perf_counter() - started) * 1000)
                wall.sort()
                print(f"{name:<8} of {year.key} per unit from the {label:<25} p50 {statistics.median(wall):6.1f} ms, "
                      f"max {wall[-1]:6.1f} ms ({rounds} rounds, load {os.getloadavg()[0]:.1f})")


def time_writes(province, units, procedures, count: int = 2000) -> None:
    """What the dossier_changed receiver adds to a change: the day, month and unit-month upserts of
    one event (timed inside a transaction that is rolled back, so the facts still match the log)."""
    from django.db import transaction
    from django.utils import timezone

    from motcua.monitoring import facts

    today = timezone.localdate()
    started, started_cpu = time.perf_counter(), time.process_time()
    with transaction.atomic():
        for n in range(count):
            facts.add((province.pk, units[n % len(units)].pk, today, procedures[n % len(procedures)].pk, "online"),
                      {"accepted": 1})
        transaction.set_rollback(True)
    print(f"receiver upserts: {(time.perf_counter() - started) * 1000 / count:.3f} ms wall, "
          f"{(time.process_time() - started_cpu) * 1000 / count:.3f} ms CPU per event (day, month and unit-month rows)")


def build(args):
    from django.db import connection

    from motcua.monitoring import facts

    province, units, procedures, monitor = make_world(args.units)
    started = time.perf_counter()
    count = fill(province, units, procedures, args.days, args.per_day)
    print(f"{count:,} dossiers in {args.units} units over {args.days} days ({connection.vendor}), "
          f"inserted in {time.perf_counter() - started:.0f} s")
    started = time.perf_counter()
    outcome = facts.rebuild()
    print(f"facts rebuild: {outcome.events:,} events → {outcome.rows:,} fact rows in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    check = facts.rebuild(check=True)
    print(f"facts rebuild --check: {len(check.differences)} differences in {time.perf_counter() - started:.1f} s")
    fill_sources(province, args.days)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return province, units, procedures, monitor


def time_pages(units, procedures, monitor, args) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    client = Client()
    client.force_login(monitor)
    unit = units[1]
    field_id = procedures[0].field_id
    year = timezone.localdate().year
    pages = [
        ("overview, this month", "/giam-sat/"),
        ("overview, this year", f"/giam-sat/?ky={year}"),
        ("overview, 30-day heat map", "/giam-sat/?ngay=30"),
        ("unit, this month", f"/giam-sat/don-vi/{unit.pk}/"),
        ("unit, this year", f"/giam-sat/don-vi/{unit.pk}/?ky={year}"),
        ("field → procedures", f"/giam-sat/don-vi/{unit.pk}/linh-vuc/{field_id}/"),
        ("ranking, this year", f"/giam-sat/xep-hang/?ky={year}"),
        ("compare 4 units", "/giam-sat/so-sanh/?" + "&".join(f"don-vi={u.pk}" for u in units[:4])),
        ("wall screen", "/giam-sat/man-hinh/"),
        ("centre", f"/giam-sat/trung-tam/{units[0].centres.first().pk}/"),
        ("reports", "/giam-sat/bao-cao/"),
    ]
    pages = [(name, url) for name, url in pages if not args.only or args.only in name]
    if args.gc_freeze:  # as the WSGI module does at start-up (decision 0574)
        from motcua.wsgi import warm_up

        warm_up()
    restarted = restart_postgres()
    print(f"\ncold: a new process and connection per request, cache empty, "
          f"{'PostgreSQL restarted (empty buffers)' if restarted else 'no server restart'}; OS page cache not dropped")
    print(f"{'page':<27}{'cold p50':>9}{'p95':>6}{'cpu':>5}{'recomp p50':>11}{'p95':>6}{'cpu':>5}"
          f"{'cached p50':>11}{'p95':>6}{'cpu':>5}{'SQL':>5}{'load':>6}   (ms)")
    p95 = lambda values: values[min(len(values) - 1, int(len(values) * 0.95))]  # noqa: E731
    for name, url in pages:
        colds = [cold_request(url, args.gc_freeze) for _ in range(args.cold_rounds)]
        cold, cold_cpu = sorted(c["wall"] for c in colds), sorted(c["cpu"] for c in colds)
        client.get(url)  # this process's first request of the page: templates compiled
        fresh, fresh_cpu = timed(client, url, args.rounds, clear=True)
        cached, cached_cpu = timed(client, url, args.rounds, clear=False)
        with CaptureQueriesContext(connection) as queries:
            from django.core.cache import cache

            cache.clear()
            client.get(url)
        print(f"{name:<27}{statistics.median(cold):>9.0f}{p95(cold):>6.0f}{statistics.median(cold_cpu):>5.0f}"
              f"{statistics.median(fresh):>11.0f}{p95(fresh):>6.0f}{statistics.median(fresh_cpu):>5.0f}"
              f"{statistics.median(cached):>11.0f}{p95(cached):>6.0f}{statistics.median(cached_cpu):>5.0f}"
              f"{len(queries) - 1:>5}{os.getloadavg()[0]:>6.1f}")


if __name__ == "__main__":
    main()
