"""Statements and in-process CPU per request of the two hot paths: submission and lookup (API).

    python bench/hotpaths.py                          # fresh SQLite in a temporary directory
    eval "$(scripts/pg-start)"; python bench/hotpaths.py --rounds 200 --sql
    python bench/hotpaths.py --reuse --province H96   # a province seeded before (DATABASE_URL)

Seeds a small province (300 dossiers, 3 communes) unless --reuse, then sends each request through
Django's test client (middleware, ninja, views; no HTTP server): statements per request counted
with CaptureQueriesContext, CPU ms per request (this process: Python plus, on SQLite, the database
engine; on PostgreSQL the server's CPU is not included) and wall ms. --sql prints the statements
of one request of each kind; --profile the functions that cost most (cProfile, own time).
"""

import argparse
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from perf import seed, setup_django  # noqa: E402  (bench/perf.py, next to this file)


def requests(province_code: str) -> dict:
    """name → request(i): the API submission (one PDF) and the API lookup of a received dossier."""
    import uuid

    from django.test import Client

    from motcua.accounts.models import User
    from motcua.api.models import ApiToken
    from motcua.dossiers.models import Dossier
    from motcua.perf.measure import submission_body

    sample = (Dossier.objects.filter(province__code=province_code, state="processing", code__isnull=False)
              .select_related("unit", "procedure").order_by("pk").first())
    citizen, _ = User.objects.get_or_create(username=f"{province_code.lower()}-congdan", defaults={"kind": "citizen"})
    _, token = ApiToken.issue(citizen, f"hotpaths-{uuid.uuid4().hex[:8]}")
    api, run = Client(), uuid.uuid4().hex[:8]
    factor = sample.applicant_phone[-4:]
    return {
        "submission": lambda i: api.post(
            "/api/v1/dossiers", submission_body(sample.procedure.code, sample.unit.code, i),
            content_type="application/json", headers={"Authorization": f"Bearer {token}",
                                                      "Idempotency-Key": f"{run}-{i}"}),
        "lookup": lambda i: api.post("/api/v1/lookup", {"code": sample.code, "factor": factor},
                                     content_type="application/json"),
        "lookup, wrong digits": lambda i: api.post("/api/v1/lookup", {"code": sample.code, "factor": "0000"},
                                                   content_type="application/json"),
    }


def measure(request, rounds: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    statements, cpu, wall, statuses = [], [], [], set()
    for i in range(rounds):
        with CaptureQueriesContext(connection) as queries:
            c0, w0 = time.process_time(), time.perf_counter()
            response = request(i)
            cpu.append(1000 * (time.process_time() - c0))
            wall.append(1000 * (time.perf_counter() - w0))
        statements.append(len(queries))
        statuses.add(response.status_code)
    return {"statements": max(statements), "cpu_ms": round(statistics.median(cpu), 2),
            "wall_ms": round(statistics.median(wall), 2), "statuses": sorted(statuses),
            "last": [q["sql"] for q in queries.captured_queries]}


def profile(request, rounds: int, top: int) -> None:
    """The ``top`` functions by own time over ``rounds`` requests, and by time including callees."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.runcall(lambda: [request(i) for i in range(2 * 10**6, 2 * 10**6 + rounds)])
    stats = pstats.Stats(profiler)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--province", default="H96")
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--sql", action="store_true", help="print the statements of one request of each kind")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="print the N costliest functions")
    args = parser.parse_args()
    os.environ.update(MOTCUA_LOOKUP_RATE_PER_IP="100000000/60", MOTCUA_LOOKUP_RATE_PER_CODE="100000000/60")
    setup_django()
    import logging

    from django.db import connection
    from django.test.utils import override_settings

    logging.getLogger("django.request").setLevel(logging.ERROR)  # the wrong-digits 404s are the point
    if not args.reuse:
        seed(args.province, 300, communes=3)
    with override_settings(ALLOWED_HOSTS=["*"]):
        for name, request in requests(args.province).items():
            request(10**6)  # warm-up: imports, first connection, caches
            r = measure(request, args.rounds)
            print(f"{connection.vendor:<10} {name:<22} statements {r['statements']:>3}  CPU {r['cpu_ms']:>6} ms/req  "
                  f"wall p50 {r['wall_ms']:>6} ms  HTTP {r['statuses']}  ({args.rounds} rounds, "
                  f"load average {os.getloadavg()[0]:.1f})", flush=True)
            if args.sql:
                print("\n".join(f"    {n:>2}. {sql[:200]}" for n, sql in enumerate(r["last"], 1)))
            if args.profile:
                profile(request, args.rounds, args.profile)


if __name__ == "__main__":
    main()
