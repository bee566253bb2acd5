"""The performance suite (docs/performance.md): quick mode and growth, in-process.

    python bench/perf.py quick                       # seconds: 300 dossiers on a fresh SQLite
    DATABASE_URL=postgres://... python bench/perf.py quick
    DATABASE_URL=postgres://... python bench/perf.py growth --dossiers 100000 --province H90
    DATABASE_URL=postgres://... python bench/perf.py growth --reuse --province H90   # time again
    DATABASE_URL=postgres://... python bench/perf.py growth --dossiers 900000 --province H71 --time H90
        # grow the table by a second province, time the first again (docs/developers/seeding.md)

``growth`` seeds the province (bulk COPY, facts rebuilt unless --no-facts) unless --reuse, times
every scenario (lookup, inbox tabs, dossier page, dashboard home, the Decision 766 index of a unit
and of the province), and prints the plan (EXPLAIN ANALYZE, BUFFERS) of every query on the dossier
and fact tables, so a scan of every dossier shows at once; with the load average of the machine and
the number of dossiers in the table.
The HTTP load test is bench/load.py; the database-alone limit is bench/pg_limit.py.
"""

import argparse
import json
import os
import sys
import tempfile
import time


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.conf.dev")
    os.environ.setdefault("MOTCUA_DEBUG", "false")
    if "DATABASE_URL" not in os.environ:
        os.environ.setdefault("MOTCUA_DATA_DIR", tempfile.mkdtemp(prefix="motcua-bench-perf-"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)


def seed(province: str, dossiers: int, communes: int, facts: bool = False) -> float:
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("seed", "--dossiers", str(dossiers), "--province", province, "--communes", str(communes),
                 "--json", *(["--facts"] if facts else []), stdout=sys.stderr)
    return time.perf_counter() - started


def quick(province: str = "H96", dossiers: int = 300, rounds: int = 10) -> dict:
    """Seed a small province and time every scenario: the CI check that the suite still works."""
    from motcua.perf import measure

    seconds = seed(province, dossiers, communes=3)
    return {"seed_seconds": round(seconds, 1), "scenarios": measure.run(province, rounds)}


def table_size() -> dict:
    """Rows in the dossier tables (the planner's estimate on PostgreSQL: counting would scan them)."""
    from django.db import connection

    from motcua.dossiers.models import Dossier, DossierEvent

    if connection.vendor != "postgresql":
        return {"dossiers_in_table": Dossier.objects.count(), "events_in_table": DossierEvent.objects.count()}
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, reltuples::bigint FROM pg_class WHERE relname IN "
                       "('dossiers_dossier', 'dossiers_dossierevent')")
        rows = dict(cursor.fetchall())
    return {"dossiers_in_table": rows["dossiers_dossier"], "events_in_table": rows["dossiers_dossierevent"]}


def print_table(figures: dict) -> None:
    print(f"{'scenario':<32}{'n':>6}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}")
    for name, f in figures.items():
        print(f"{name:<32}{f['count']:>6}{f['per_second']:>9}{f['p50']:>9}{f['p95']:>9}{f['p99']:>9}{f['errors']:>8}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("mode", choices=["quick", "growth"])
    parser.add_argument("--province", default=None)
    parser.add_argument("--dossiers", type=int, default=None)
    parser.add_argument("--communes", type=int, default=110)
    parser.add_argument("--rounds", type=int, default=None)
    parser.add_argument("--reuse", action="store_true", help="growth: time the province a previous run seeded")
    parser.add_argument("--time", dest="timed", default=None,
                        help="growth: the province to time (default: the one seeded)")
    parser.add_argument("--no-facts", action="store_true", help="growth: seed without rebuilding the facts")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    setup_django()
    if args.mode == "quick":
        result = quick(args.province or "H96", args.dossiers or 300, args.rounds or 10)
    else:
        from motcua.perf import measure, plans

        province = args.province or "H90"
        result = {"seed_seconds": None if args.reuse else round(seed(province, args.dossiers or 100_000,
                                                                            args.communes, not args.no_facts), 1)}
        timed = args.timed or province
        result.update(table_size())
        result["load_before"] = round(os.getloadavg()[0], 1)
        result["scenarios"] = measure.run(timed, args.rounds or 50)
        result["load_after"] = round(os.getloadavg()[0], 1)
        result["plans"] = plans.explain_all(timed)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return
    print(f"seed: {result['seed_seconds']} s")
    if "dossiers_in_table" in result:
        print(f"dossiers in the table: {result['dossiers_in_table']:,}; events: {result['events_in_table']:,}; "
              f"load average {result['load_before']} before timing, {result['load_after']} after "
              f"({os.cpu_count()} CPUs)")
    print_table(result["scenarios"])
    for name, plan in result.get("plans", {}).items():
        print(f"\n-- {name}\n{plan}")


if __name__ == "__main__":
    main()
