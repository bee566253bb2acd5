"""The performance suite (docs/performance.md): quick mode and growth, in-process.

    python bench/perf.py quick                       # seconds: 300 dossiers on a fresh SQLite
    DATABASE_URL=postgres://... python bench/perf.py quick
    DATABASE_URL=postgres://... python bench/perf.py growth --dossiers 100000 --province H90
    DATABASE_URL=postgres://... python bench/perf.py growth --reuse --province H90   # time again

``growth`` seeds the province (bulk COPY) unless --reuse, times every scenario, and prints the plan
(EXPLAIN ANALYZE, BUFFERS) of the lookup and inbox queries so a scan of every dossier shows at once.
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


def seed(province: str, dossiers: int, communes: int) -> float:
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("seed", "--dossiers", str(dossiers), "--province", province, "--communes", str(communes),
                 "--json", stdout=sys.stderr)
    return time.perf_counter() - started


def quick(province: str = "H96", dossiers: int = 300, rounds: int = 10) -> dict:
    """Seed a small province and time every scenario: the CI check that the suite still works."""
    from motcua.perf import measure

    seconds = seed(province, dossiers, communes=3)
    return {"seed_seconds": round(seconds, 1), "scenarios": measure.run(province, rounds)}


def print_table(figures: dict) -> None:
    print(f"{'scenario':<28}{'n':>6}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}")
    for name, f in figures.items():
        print(f"{name:<28}{f['count']:>6}{f['per_second']:>9}{f['p50']:>9}{f['p95']:>9}{f['p99']:>9}{f['errors']:>8}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("mode", choices=["quick", "growth"])
    parser.add_argument("--province", default=None)
    parser.add_argument("--dossiers", type=int, default=None)
    parser.add_argument("--communes", type=int, default=110)
    parser.add_argument("--rounds", type=int, default=None)
    parser.add_argument("--reuse", action="store_true", help="growth: time the province a previous run seeded")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    setup_django()
    if args.mode == "quick":
        result = quick(args.province or "H96", args.dossiers or 300, args.rounds or 10)
    else:
        from motcua.perf import measure, plans

        province = args.province or "H90"
        result = {"seed_seconds": None if args.reuse else round(seed(province, args.dossiers or 100_000,
                                                                            args.communes), 1)}
        result["scenarios"] = measure.run(province, args.rounds or 50)
        result["plans"] = plans.explain_all(province)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return
    print(f"seed: {result['seed_seconds']} s")
    print_table(result["scenarios"])
    for name, plan in result.get("plans", {}).items():
        print(f"\n-- {name}\n{plan}")


if __name__ == "__main__":
    main()
