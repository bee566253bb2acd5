"""HTTP load test: gunicorn on 127.0.0.1 + PostgreSQL, driven by locust (headless), with psutil.

    eval "$(scripts/pg-start)"                       # a throw-away PostgreSQL on loopback
    python bench/load.py --seed-dossiers 20000      # seeds province H91 once, then runs every scenario
    python bench/load.py --scenarios submission lookup --users 64 --seconds 30 --workers 3 --threads 8
    python bench/load.py --scenarios floor_wsgi floor_django floor_ninja lookup --workers 2 --threads 1

Each scenario runs for at most --seconds and --max-requests, then stops. Prints requests per
second, p50 / p95 / p99 ms, errors, and the CPU (% of one core, mean) and resident memory (MB, max
per process) of the web workers, the database and locust itself, and the load average. The floor_*
scenarios are trivial endpoints (bench/wsgi_preloaded.py): what gunicorn and locust cost, then
Django's middleware, then django-ninja, with nothing of motcua's own. The action scenario is a
dossier action as the officer's page sends it (htmx POST, CSRF token, answered with the page): the
reception officer accepts an online dossier, then forwards it to processing; --action-dossiers
are submitted for it first. The queue scenario gives each client an officer at his own counter of
one centre (bench/queue_callnext.py's set-up): call next (htmx, answered with the console panel),
start, finish. Needs `pip install -e .[bench]`.
"""

import argparse
import csv
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from procs import django_ready, free_port, start_web  # noqa: E402 — bench/procs.py: shared with multi.py and crash.py

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ["submission", "lookup", "inbox", "dossier_page", "action", "queue", "dashboard", "assistant"]
FLOOR = ["floor_wsgi", "floor_django", "floor_ninja"]


def ensure_database(url: str) -> None:
    """Create the database DATABASE_URL names when the throw-away server does not have it yet
    (scripts/pg-start starts a server with only the default databases)."""
    import psycopg
    from urllib.parse import urlparse

    name = urlparse(url).path.lstrip("/")
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def prepare(province: str, dossiers: int) -> dict:
    """Seed the province once (if missing) and collect what the scenarios send."""
    django_ready()
    from django.core.management import call_command
    from django.test import Client

    from motcua.accounts.models import User
    from motcua.api.models import ApiToken
    from motcua.dossiers.models import Dossier
    from motcua.organizations.models import Province, Unit
    from motcua.perf.measure import TINY_PDF

    if not Province.objects.filter(code=province).exists():
        call_command("seed", "--dossiers", str(dossiers), "--province", province, "--json", stdout=sys.stderr)
    sample = list(Dossier.objects.filter(province__code=province, code__isnull=False)
                  .order_by("?").values_list("code", "applicant_phone")[:500])
    officer_unit = Dossier.objects.filter(province__code=province, state="processing").first().unit
    officer = User.objects.get(username=f"{officer_unit.code.lower()}-reception")
    staff, monitor = Client(), Client()
    staff.force_login(officer)
    monitor.force_login(User.objects.get(username=f"{province.lower()}-giamsat"))
    citizen, _ = User.objects.get_or_create(username=f"{province.lower()}-congdan", defaults={"kind": "citizen"})
    procedure = Dossier.objects.filter(province__code=province).first().procedure.code
    return {
        "token": ApiToken.issue(citizen, f"load-{time.time():.0f}")[1], "procedure": procedure,
        "units": list(Unit.objects.filter(province__code=province, kind__in=["commune", "ward"])
                      .values_list("code", flat=True)),
        "lookups": [(code, phone[-4:]) for code, phone in sample], "session": staff.cookies["sessionid"].value,
        "monitor_session": monitor.cookies["sessionid"].value,
        "dossiers": [str(p) for p in Dossier.objects.filter(current_unit=officer_unit, state="processing")
                     .values_list("public_id", flat=True)[:50]],
        "questions": ["đăng ký khai sinh cần giấy tờ gì", "cấp lại căn cước", "đăng ký kết hôn"],
        "pdf_hex": TINY_PDF.hex(), "csrf": CSRF_SECRET, "officer_unit": officer_unit.pk,
    }


CSRF_SECRET = "motcuaLoadBenchCsrfSecret0123456"  # 32 letters and digits: Django's unmasked form


def waiting_for_reception(unit_id: int, count: int) -> list:
    """Online dossiers submitted to ``unit`` and not yet received, made through the dossier
    service as the API makes them: the action scenario accepts each once, then forwards it."""
    from motcua.catalog.models import Procedure
    from motcua.dossiers import services
    from motcua.dossiers.services import Applicant
    from motcua.organizations.models import Unit

    unit = Unit.objects.get(pk=unit_id)
    procedure = Procedure.objects.filter(units__unit=unit, units__is_enabled=True, is_bundle=False).first()
    made = []
    for n in range(count):
        applicant = Applicant(name="Trần Thị Bé", id_number=f"0011970{n:05d}", phone="0912345678")
        dossier = services.create(procedure=procedure, unit=unit, channel="online", applicant=applicant, submit=True)
        made.append((str(dossier.public_id), dossier.version))
    return made


def database_processes() -> list:
    pid_file = Path(os.environ.get("MOTCUA_PG_DIR", "/nonexistent")) / "data" / "postmaster.pid"
    if not pid_file.exists():
        return []
    main = psutil.Process(int(pid_file.read_text().split()[0]))
    return [main, *main.children()]


class Sampler(threading.Thread):
    """CPU and resident memory of process groups, every half second, while a scenario runs."""

    def __init__(self, groups: dict):
        super().__init__(daemon=True)
        self.groups, self.stop, self.cpu, self.rss = groups, threading.Event(), {}, {}
        self.started = time.monotonic()

    def members(self, name):
        found = self.groups[name]()
        return [p for p in found if p.is_running()]

    def run(self):
        totals = {name: {} for name in self.groups}
        while not self.stop.wait(0.5):
            for name in self.groups:
                for p in self.members(name):
                    try:
                        times = p.cpu_times()
                        totals[name][p.pid] = times.user + times.system
                        self.rss[name] = max(self.rss.get(name, 0), p.memory_info().rss)
                    except psutil.Error:
                        pass
        self.cpu = totals

    def report(self, before: dict) -> dict:
        wall = time.monotonic() - self.started
        used = {name: sum(self.cpu[name].values()) - sum(before[name].get(pid, 0) for pid in self.cpu[name])
                for name in self.groups}
        return {name: {"cpu_percent": round(100 * used[name] / wall), "cpu_seconds": round(used[name], 2),
                       "max_rss_mb": round(self.rss.get(name, 0) / 2**20)} for name in self.groups}


def cpu_now(groups) -> dict:
    out = {}
    for name, members in groups.items():
        out[name] = {}
        for p in members():
            try:
                t = p.cpu_times()
                out[name][p.pid] = t.user + t.system
            except psutil.Error:
                pass
    return out


def run_scenario(name, port, data, users, seconds, max_requests, web, user_class="FastVisitor") -> dict:
    out = Path(tempfile.mkdtemp(prefix="motcua-load-")) / name
    out.parent.joinpath("data.json").write_text(json.dumps(data))  # too long for an environment variable
    env = {**os.environ, "BENCH_SCENARIO": name, "BENCH_DATA_FILE": str(out.parent / "data.json"),
           "BENCH_MAX_REQUESTS": str(max_requests)}
    locust_box = {}
    groups = {"web": lambda: [psutil.Process(web.pid), *psutil.Process(web.pid).children()],
              "database": database_processes, "locust": lambda: [locust_box["p"]] if "p" in locust_box else []}
    before = cpu_now(groups)
    sampler = Sampler(groups)
    sampler.start()
    runner = subprocess.Popen(["locust", "-f", str(ROOT / "bench" / "locustfile.py"), "--headless", "-u", str(users),
                               "-r", str(users), "-t", f"{seconds}s", "--host", f"http://127.0.0.1:{port}",
                               "--csv", str(out), "--only-summary", "--stop-timeout", "5", user_class], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    locust_box["p"] = psutil.Process(runner.pid)
    try:
        runner.wait(timeout=seconds + 60)
    except subprocess.TimeoutExpired:
        runner.kill()
    sampler.stop.set()
    sampler.join()
    with open(f"{out}_stats.csv") as f:
        row = next(r for r in csv.DictReader(f) if r["Name"] == "Aggregated")
    processes = sampler.report(before)
    requests = max(1, int(row["Request Count"]))
    # CPU per request: what a request costs whatever else the machine runs, hence the ceiling on
    # idle cores (cores / (web + database CPU per request)), the figure to compare with the targets.
    cost = {k: round(1000 * processes[k]["cpu_seconds"] / requests, 2) for k in ("web", "database", "locust")}
    ceiling = round(psutil.cpu_count() * 1000 / max(0.01, cost["web"] + cost["database"]))
    return {"cpu_ms_per_request": cost, "idle_ceiling_per_second": ceiling, "requests": int(row["Request Count"]),
            "per_second": round(float(row["Requests/s"]), 1),
            **{p: float(row[f"{p[1:]}%"]) if row[f"{p[1:]}%"] != "N/A" else None for p in ("p50", "p95", "p99")},
            "errors": int(row["Failure Count"]), "processes": processes,
            "load_average": round(os.getloadavg()[0], 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scenarios", nargs="+", choices=SCENARIOS + FLOOR, default=SCENARIOS)
    parser.add_argument("--province", default="H91")
    parser.add_argument("--seed-dossiers", type=int, default=20_000)
    parser.add_argument("--users", type=int, default=64)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--max-requests", type=int, default=50_000)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--keep-alive", type=int, default=5, help="gunicorn --keep-alive seconds (gthread only)")
    parser.add_argument("--user-class", choices=["FastVisitor", "Visitor"], default="FastVisitor",
                        help="locust client: geventhttpclient (FastVisitor) or python-requests (Visitor)")
    parser.add_argument("--pg-limit", action="store_true",
                        help="then run bench/pg_limit.py with --users clients and give the submission's share of it")
    parser.add_argument("--action-dossiers", type=int, default=3_000,
                        help="action: online dossiers made first, each accepted and forwarded once (the "
                             "scenario stops when they run out; 3,000 outlast 30 s on 2 cores)")
    parser.add_argument("--queue-tickets", type=int, default=3_000,
                        help="queue: numbers waiting at the start, called by one officer per client at his own "
                             "counter (the scenario stops when they run out)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("DATABASE_URL must name a throw-away PostgreSQL (eval \"$(scripts/pg-start)\")")
    os.environ.update(MOTCUA_DEBUG="false", MOTCUA_ALLOWED_HOSTS="127.0.0.1",
                      MOTCUA_LOOKUP_RATE_PER_IP="100000000/60", MOTCUA_LOOKUP_RATE_PER_CODE="100000000/60",
                      MOTCUA_ASSISTANT_RATE="100000000/60")  # one address sends everything: limits off
    os.environ.setdefault("MOTCUA_DATA_DIR", tempfile.mkdtemp(prefix="motcua-load-data-"))
    ensure_database(os.environ["DATABASE_URL"].split("?")[0])
    data = prepare(args.province, args.seed_dossiers)
    if "action" in args.scenarios:
        data["to_receive"] = waiting_for_reception(data["officer_unit"], args.action_dossiers)
    if "queue" in args.scenarios:
        from queue_callnext import prepare_centre, sign_in  # bench/queue_callnext.py: the same centre

        data["desks"] = sign_in(prepare_centre(args.users, args.queue_tickets)[1])
    port = free_port()
    web = start_web(port, args.workers, args.threads, dict(os.environ), args.keep_alive)
    print(f"gunicorn {args.workers} workers × {args.threads} threads, keep-alive {args.keep_alive} s; "
          f"locust {args.users} users ({args.user_class}); load average before {os.getloadavg()[0]:.1f}", flush=True)
    results = {}
    try:
        for name in args.scenarios:
            results[name] = run_scenario(name, port, data, args.users, args.seconds, args.max_requests, web,
                                         args.user_class)
            r = results[name]
            print(f"{name:<14} {r['requests']:>7} req {r['per_second']:>8}/s  p50 {r['p50']:>6} p95 {r['p95']:>6} "
                  f"p99 {r['p99']:>6} ms  errors {r['errors']:>5}  CPU ms/req web {r['cpu_ms_per_request']['web']} "
                  f"db {r['cpu_ms_per_request']['database']} locust {r['cpu_ms_per_request']['locust']} "
                  f"(idle ceiling {r['idle_ceiling_per_second']}/s)  load {r['load_average']}  " + "  ".join(
                      f"{k} {v['cpu_percent']}% {v['max_rss_mb']} MB" for k, v in r["processes"].items()), flush=True)
    finally:
        os.killpg(web.pid, signal.SIGTERM)
        web.wait(timeout=30)
    if args.pg_limit:
        from pg_limit import measure

        tps, latency = measure(os.environ["DATABASE_URL"], args.users, args.seconds)
        results["pg_limit"] = {"per_second": tps, "mean_ms": latency, "load_average": round(os.getloadavg()[0], 1)}
        print(f"database alone (pgbench, the submission's writes, {args.users} clients): {tps:.0f}/s, mean "
              f"{latency:.1f} ms, load {results['pg_limit']['load_average']}", flush=True)
        if "submission" in results:
            r = results["submission"]
            print(f"submission: {100 * r['per_second'] / tps:.1f} % of it measured; idle ceiling on CPU "
                  f"{r['idle_ceiling_per_second']}/s = {100 * r['idle_ceiling_per_second'] / tps:.1f} %", flush=True)
    if args.json:
        print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
