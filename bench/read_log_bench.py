"""Benchmark: what the read log (nhật ký truy cập) costs on the back-office dossier page.

    python bench/read_log_bench.py                        # fresh SQLite in a temporary directory
    DATABASE_URL=postgres://... python bench/read_log_bench.py   # an EMPTY throw-away PostgreSQL database
    python bench/read_log_bench.py --rounds 10 --per-round 20

Opens one dossier's page through Django's test client as a specialist (the read is one INSERT) and
as the unit's leader (plus the "who viewed this dossier" query), alternating rounds with the read
log middleware removed ("before") and in place ("after"). Prints the median wall-clock and CPU
milliseconds per page, the statements per page, and the load average next to them.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.conf.dev")
    os.environ.setdefault("MOTCUA_DEBUG", "false")
    os.environ.setdefault("MOTCUA_ALLOWED_HOSTS", "testserver")
    os.environ["MOTCUA_TWO_FACTOR_ROLES"] = ""  # the leader signs in with force_login
    if "DATABASE_URL" not in os.environ and "MOTCUA_DATA_DIR" not in os.environ:
        os.environ["MOTCUA_DATA_DIR"] = tempfile.mkdtemp(prefix="motcua-bench-readlog-")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)


def make_dossier():
    from motcua.accounts.models import Role, User
    from motcua.dossiers import services
    from tests.factories import make_org, make_user
    from tests.fixtures_dossiers import make_procedure

    org = make_org("H98")
    procedure = make_procedure("1.001193", "Đăng ký khai sinh", [org.commune_a])
    citizen = make_user("bench_citizen", province=org.province, kind=User.Kind.CITIZEN)
    reception = make_user("bench_reception", province=org.province, role=Role.RECEPTION, unit=org.commune_a)
    staff = {role: make_user(f"bench_{role}", province=org.province, role=role, unit=org.commune_a)
             for role in (Role.SPECIALIST, Role.LEADER)}
    dossier = services.create(procedure=procedure, unit=org.commune_a, channel="online", owner=citizen,
                              actor=citizen, submit=True, applicant=services.Applicant(
                                  name="Nguyễn Văn An", id_number="001098012345", phone="0912345678"))
    return services.perform(dossier, "accept", reception), staff


def measure(client, url, count):
    walls, cpus = [], []
    for _ in range(count):
        wall, cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
        assert response.status_code == 200, response.status_code
    return walls, cpus


def statements(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries.captured_queries)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--per-round", type=int, default=20)
    args = parser.parse_args()
    setup_django()
    from django.conf import settings
    from django.test import Client, override_settings
    from django.urls import reverse

    from motcua.audit.models import ReadRecord

    dossier, staff = make_dossier()
    url = reverse("backoffice:dossier", args=[dossier.public_id])
    without = [m for m in settings.MIDDLEWARE if not m.endswith("ReadLogMiddleware")]
    print(f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}; "
          f"{args.rounds} rounds x {args.per_round} pages per variant")
    for role, user in staff.items():
        # A client builds its middleware chain at its first request, and keeps it.
        clients = {"before": Client(), "after": Client()}
        for name, client in clients.items():
            client.force_login(user)
            with override_settings(MIDDLEWARE=without if name == "before" else settings.MIDDLEWARE):
                measure(client, url, 5)  # warm templates and caches
        results = {"before": ([], []), "after": ([], [])}
        for _ in range(args.rounds):
            for name, client in clients.items():
                walls, cpus = measure(client, url, args.per_round)
                results[name][0].extend(walls), results[name][1].extend(cpus)
        before_sql, after_sql = (statements(clients[name], url) for name in ("before", "after"))
        line = []
        for name, (walls, cpus) in results.items():
            line.append(f"{name}: p50 {statistics.median(walls) * 1000:.2f} ms wall, "
                        f"{statistics.median(cpus) * 1000:.2f} ms CPU, "
                        f"{before_sql if name == 'before' else after_sql} statements")
        extra = statistics.median(results["after"][1]) - statistics.median(results["before"][1])
        print(f"{role:>10}  " + " | ".join(line) + f" | read log adds {extra * 1000:+.2f} ms CPU"
              f"  (load {', '.join(f'{x:.2f}' for x in os.getloadavg())})")
    print(f"read-log rows written: {ReadRecord.objects.count()}")


if __name__ == "__main__":
    main()
