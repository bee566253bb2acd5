"""Queue benchmark: "call next" with 50 counters calling through a real web server, and the time
from a call to its appearance on a display screen's event stream.

    eval "$(scripts/pg-start)"; python bench/queue_callnext.py [--counters 50] [--rounds 20]
        [--workers 4] [--think 1.0] [--calls-to-display 30]; scripts/pg-stop

Needs PostgreSQL (DATABASE_URL); it creates and migrates the database named in the URL if it is
empty, and adds its own centre each run (then ANALYZE, as autovacuum would on a live database).

1. One counter alone: ``services.call_next`` timed in this process (one statement and the Python
   around it), unprepared then prepared (decision 0601), split by whether the call told someone
   near the front (decision 0600); and the statement's own planning and execution time (EXPLAIN
   ANALYZE, rolled back).
2. Through HTTP: gunicorn (``--workers`` sync workers) serves the app; ``--counters`` officers,
   signed in, press "Gọi số tiếp theo" on their console (an htmx POST answered with the console
   panel, as the page does), then start and finish the ticket (plain form posts). Once with each counter calling about every ``--think`` seconds at random,
   once with every counter calling at the same instant (a barrier), ``--rounds`` times each.
   Per call these times are printed (decision 0542):
   - *call*: ``services.call_next`` inside the view (the ``action`` entry of Server-Timing);
   - *view*: the view, i.e. the call plus loading the counter, the permission check and
     rendering the console panel (``view``);
   - *server*: the whole request inside the worker process, middleware included (measured around
     the WSGI application, added to Server-Timing as ``request``): what the server spends on the
     whole request, reported beside *call*, the figure the 20 ms target is about (decision 0542);
     *cpu*: the worker's CPU time for it;
   - *client*: from sending the request to the last byte of the answer, which adds the wait for a
     free worker and for a CPU when more calls arrive at once than the cores can run.
   Then every ticket must have been called exactly once and be done. The call times are also
   split by whether the call enqueued a near-turn SMS, and by round; the number of database
   sessions the workers used shows that connections (and the prepared statement) are kept.
3. A display stream served by Django's threaded WSGI server over HTTP; each call's period id is
   looked for in the events.

Prints the figures and the load average (other work on the machine counts in the times); no
thresholds.
"""

import argparse
import functools
import http.client
import json
import multiprocessing as mp
import os
import re
import secrets
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.conf.dev")
os.environ.setdefault("MOTCUA_DATA_DIR", "/tmp/motcua-bench")
os.environ.setdefault("MOTCUA_DEBUG", "false")  # debug mode records every query: not what production runs

TICKET_FIELD = re.compile(r'name="ticket" value="(\d+)"')


def application(environ, start_response):
    """The Django application, timed: gunicorn serves this one (``queue_callnext:application``).
    The times are taken when Django hands over the response's status and headers, i.e. once the
    view has built its (non-streaming) answer: wall time, and the worker's CPU time (which the
    load of other processes on the machine hardly changes; the database's CPU is not in it)."""
    began, cpu = time.perf_counter(), time.thread_time()
    app = _django_app()
    _TOLD[0] = 0

    def timed_start(status, headers, exc_info=None):
        spent = (f"request;dur={(time.perf_counter() - began) * 1000:.2f}, "
                 f"cpu;dur={(time.thread_time() - cpu) * 1000:.2f}, told;dur={_TOLD[0]}, "
                 f"db;dur={_backend_pid()}")
        headers = [(k, f"{v}, {spent}" if k.lower() == "server-timing" else v) for k, v in headers]
        if not any(k.lower() == "server-timing" for k, _ in headers):
            headers.append(("Server-Timing", spent))
        return start_response(status, headers, exc_info)

    return app(environ, timed_start)


_TOLD = [0]  # near-turn SMS enqueued during the current request or call (one at a time per process)


@functools.cache
def _count_told() -> None:
    """Count the queue's ``enqueue`` calls: which calls told someone "your turn is near" (the calls
    whose tail the split in the summary shows)."""
    from motcua.queueing import services

    enqueue = services.enqueue

    def counted(*args, **kwargs):
        _TOLD[0] += 1
        return enqueue(*args, **kwargs)

    services.enqueue = counted


@functools.cache
def _django_app():
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
    _count_told()
    return application


def _backend_pid() -> int:
    """The worker's database session: the same one call after call means the connection, and the
    call statement prepared on it, are kept (CONN_MAX_AGE)."""
    from django.db import connection

    return connection.connection.info.backend_pid if connection.connection else 0


def _setup_django():
    import django

    django.setup()


def _load_average() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def _ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1].split("?")[0]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def prepare_centre(counters: int, tickets: int):
    """A centre with two services, ``counters`` counters (all serve the first service, half also
    the second) and ``tickets`` waiting numbers, a third of them with a phone for the near-turn SMS."""
    from django.core.management import call_command
    from django.db import connection

    from motcua.organizations.models import Centre, Counter, Province, Unit
    from motcua.queueing import services
    from motcua.queueing.models import ServiceGroup

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)  # sessions sign-in and rate limits use the database cache
    tag = str(int(time.time() * 1000))[-7:]
    province, _ = Province.objects.get_or_create(code="B99", defaults={"name": "Tỉnh đo hiệu năng"})
    unit = Unit.objects.create(province=province, code=f"B99.{tag}", name="Phường đo", kind="ward")
    centre = Centre.objects.create(unit=unit, code=f"bench-{tag}", name="Trung tâm đo hiệu năng")
    group = ServiceGroup.objects.create(centre=centre, code="1", name="Hộ tịch")
    other = ServiceGroup.objects.create(centre=centre, code="2", name="Đất đai")
    desks = [Counter.objects.create(centre=centre, number=n) for n in range(1, counters + 1)]
    group.counters.add(*desks)
    other.counters.add(*desks[: counters // 2])
    for n in range(tickets):
        services.issue_ticket(other if n % 4 == 3 else group, phone="09%08d" % n if n % 3 == 0 else "")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return centre, desks


def _pct(values, fraction):
    ordered = sorted(values)
    return ordered[max(0, int(round(fraction * len(ordered))) - 1)]


def _summary(ms) -> str:
    return (f"p50 {_pct(ms, .5):6.1f}  p95 {_pct(ms, .95):6.1f}  p99 {_pct(ms, .99):6.1f}  "
            f"max {max(ms):6.1f} ms")


# --- 1. one counter alone ------------------------------------------------------------------------

def bench_alone(calls: int) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from motcua.queueing import pgcall, rules, services

    _, desks = prepare_centre(1, 2 * calls + 1000)
    counter = desks[0]
    _count_told()
    print(f"1. call next, one counter alone ({calls} calls each way, 1,000 more waiting), in this process:")
    for prepared in (False, True):
        connection.ensure_connection()  # decision 0630: psycopg prepares from a query's 2nd run, or never
        connection.connection.prepare_threshold = 1 if prepared else None
        times, cpu, told = [], [], []
        for _ in range(calls):
            _TOLD[0] = 0
            began, began_cpu = time.perf_counter(), time.thread_time()
            ticket = services.call_next(counter, None)
            times.append((time.perf_counter() - began) * 1000)
            cpu.append((time.thread_time() - began_cpu) * 1000)
            told.append(_TOLD[0] > 0)
            services.act(ticket, "no_show", counter, None)
        print(f"   {'prepared  ' if prepared else 'unprepared'} wall {_summary(times)}")
        print(f"              CPU  {_summary(cpu)} (this process; the database's CPU is not in it)")
        for flag, label in ((True, "told someone"), (False, "told nobody")):
            part = [ms for ms, t in zip(times, told) if t is flag]
            print(f"              wall, calls that {label} ({len(part)}): {_summary(part)}")
    now = timezone.now()
    sql, params = pgcall.statement(counter, None, services.settings_for(counter.centre_id), now, rules.local_day(now))
    with transaction.atomic(), connection.cursor() as cursor:  # rolled back: nothing is called
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0][0]
        transaction.set_rollback(True)
    print(f"   the statement in PostgreSQL, unprepared: planning {plan['Planning Time']:.2f} ms, "
          f"execution {plan['Execution Time']:.2f} ms")


# --- 2. through HTTP -----------------------------------------------------------------------------

def sign_in(desks) -> list[tuple[int, str]]:
    """An officer with the reception role per counter, signed in: (counter id, session key)."""
    from django.test import Client

    from motcua.accounts.models import Role, RoleAssignment, User

    sessions = []
    for desk in desks:
        user = User(username=f"bench-{desk.centre.code}-{desk.number}", kind=User.Kind.STAFF,
                    province=desk.centre.unit.province)
        user.set_unusable_password()
        user.save()
        RoleAssignment.objects.create(user=user, role=Role.RECEPTION, province=user.province, unit=desk.centre.unit)
        client = Client()
        client.force_login(user)
        sessions.append((desk.pk, client.cookies["sessionid"].value))
    return sessions


def _post(port, path, session, csrf, data="", htmx=True) -> tuple[float, dict, str]:
    """One POST of the console: with htmx (answered with the console panel, as the page does) or
    as a plain form (answered with a redirect, which the bench does not follow).
    Returns (client ms, Server-Timing entries, body)."""
    began = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Cookie": f"sessionid={session}; csrftoken={csrf}", "X-CSRFToken": csrf,
               "Content-Type": "application/x-www-form-urlencoded"}
    conn.request("POST", path, body=data, headers={**headers, "HX-Request": "true"} if htmx else headers)
    response = conn.getresponse()
    body = response.read().decode()
    spent = (time.perf_counter() - began) * 1000
    conn.close()
    if response.status != (200 if htmx else 302):
        raise RuntimeError(f"{path}: HTTP {response.status}")
    timing = dict(part.strip().split(";dur=") for part in response.getheader("Server-Timing", "").split(",") if part)
    return spent, {k: float(v) for k, v in timing.items()}, body


def _officers(port, sessions, rounds, barrier, think, results):
    """One client process: a thread per counter. Each call is followed by start and finish, sent
    as plain forms: their cost is not what is measured, and kept low it leaves the cores to the calls."""
    import random

    # The officers' browsers are other machines: here they yield the cores to the server (and to
    # PostgreSQL), so a call's server time is not its wait behind the load generator's own Python.
    os.nice(10)
    csrf = secrets.token_hex(16)  # 32 characters: Django accepts a cookie and header that match

    def run(counter_id, session):
        pause = random.Random(counter_id)
        rows = []
        try:
            for round_ in range(rounds):
                if barrier is not None:
                    barrier.wait()
                else:
                    time.sleep(pause.uniform(0, 2 * think))
                base = f"/xep-hang/quay/{counter_id}/"
                client_ms, timing, body = _post(port, base + "call/", session, csrf)
                found = TICKET_FIELD.search(body)
                rows.append((client_ms, timing["action"], timing["view"], timing["request"], timing["cpu"],
                             round_, timing["told"] > 0, timing["db"], int(found.group(1)) if found else None))
                if found:
                    for step in ("start", "finish"):
                        _post(port, base + f"{step}/", session, csrf, f"ticket={found.group(1)}", htmx=False)
        except Exception as exc:  # reported, and the others go on: a lost call shows in the check
            print(f"   counter {counter_id}: {exc!r}", flush=True)
            if barrier is not None:
                barrier.abort()
        finally:
            results.put(rows)

    threads = [threading.Thread(target=run, args=pair) for pair in sessions]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def _serve(workers: int) -> tuple[subprocess.Popen, int]:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT / 'bench'}"}
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "queue_callnext:application", "--bind",
                               f"127.0.0.1:{port}", "--workers", str(workers), "--backlog", "512",
                               "--timeout", "120", "--log-level", "warning"], env=env)
    for _ in range(300):
        try:
            probe = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            probe.request("GET", "/")
            probe.getresponse().read()
            return server, port
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("gunicorn did not start")


def bench_http(counters: int, rounds: int, workers: int, clients: int, think: float) -> None:
    from django.db import connections
    from django.db.models import Count

    from motcua.queueing.models import Ticket, TicketPeriod

    server, port = _serve(workers)
    try:
        for pause in (think, None):
            centre, desks = prepare_centre(counters, counters * rounds + 100)
            sessions = sign_in(desks)
            connections.close_all()  # before forking
            barrier, results = (mp.Barrier(counters) if pause is None else None), mp.Queue()
            chunks = [sessions[i::clients] for i in range(clients)]
            procs = [mp.Process(target=_officers, args=(port, chunk, rounds, barrier, pause, results))
                     for chunk in chunks if chunk]
            load_before = _load_average()
            began = time.perf_counter()
            for p in procs:
                p.start()
            rows = [row for _ in range(counters) for row in results.get()]
            for p in procs:
                p.join()
            elapsed = time.perf_counter() - began
            called = [r[-1] for r in rows if r[-1] is not None]
            per_ticket = set(TicketPeriod.objects.filter(centre=centre, state="called").values("ticket")
                             .annotate(n=Count("id")).values_list("n", flat=True))
            done = Ticket.objects.filter(centre=centre, state="done").count()
            exactly_once = len(called) == len(set(called)) == done and per_ticket <= {1}
            how = ("all at the same instant" if pause is None
                   else f"each about every {pause:.1f} s (random pause 0–{2 * pause:.1f} s)")
            print(f"2. call next over HTTP: {counters} counters calling {how}, {rounds} rounds; gunicorn "
                  f"{workers} sync workers; load average before {load_before}, after {_load_average()}")
            print(f"   {len(rows)} calls in {elapsed:.1f} s ({len(rows) / elapsed:.0f} calls/s, each followed "
                  f"by start and finish); {len(called)} tickets called, {done} done; "
                  f"every ticket served exactly once: {'yes' if exactly_once else 'NO'}")
            for name, index in (("call    services.call_next in the view     ", 1),
                                ("view    the view (+ console panel render) ", 2),
                                ("server  whole request in the worker       ", 3),
                                ("cpu     worker CPU time for that request  ", 4),
                                ("client  + waiting for a worker and a CPU  ", 0)):
                print(f"   {name}: {_summary([r[index] for r in rows])}")
            _print_split(rows)
    finally:
        server.terminate()  # graceful: gunicorn lets the workers finish, slow on a loaded machine
        try:
            server.wait(60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _print_split(rows) -> None:
    """Where the call's tail comes from: the calls that told someone near the front (an SMS
    enqueued) against the others, and the call's p50/p99 per round."""
    for told, label in ((True, "calls that enqueued a near-turn SMS"), (False, "calls that did not")):
        part = [r[1] for r in rows if r[6] is told]
        if part:
            print(f"   call, {label} ({len(part)}): {_summary(part)}")
    slowest = sorted(rows, key=lambda r: r[1])[-max(1, len(rows) // 100):]
    print(f"   the slowest 1% of calls: {sum(r[6] for r in slowest)} of {len(slowest)} enqueued an SMS")
    by_round = {}
    for r in rows:
        by_round.setdefault(r[5], []).append(r[1])
    print(f"   {len(rows)} calls were served over {len({r[7] for r in rows})} database sessions (kept between "
          f"requests, so each prepares the call statement once)")
    print("   call p50/p99 per round: " + ", ".join(
        f"{n + 1}: {_pct(ms, .5):.1f}/{_pct(ms, .99):.1f}" for n, ms in sorted(by_round.items())))


# --- 3. call → display ---------------------------------------------------------------------------

def bench_display(calls: int) -> None:
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application

    from motcua.queueing import services

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    centre, desks = prepare_centre(2, calls + 5)
    server = ThreadedWSGIServer(("127.0.0.1", 0), Quiet)
    server.set_app(get_wsgi_application())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    seen, arrived, ready = {}, threading.Condition(), threading.Event()

    def listen():
        while True:  # like a screen: a stream ends after MOTCUA_QUEUE_STREAM_SECONDS, open the next
            conn = http.client.HTTPConnection("127.0.0.1", server.server_address[1])
            conn.request("GET", f"/xep-hang/man-hinh/{centre.code}/su-kien/")
            for raw in conn.getresponse():
                line = raw.decode()
                if line.startswith("data: ") and '"calls"' in line:
                    now = time.perf_counter()
                    ready.set()
                    for call in json.loads(line[6:])["calls"]:
                        with arrived:
                            seen.setdefault(call["call"], now)
                            arrived.notify_all()

    threading.Thread(target=listen, daemon=True).start()
    ready.wait(30)
    counter = desks[0]
    delays = []
    for n in range(calls):
        time.sleep(0.05 + (n % 7) * 0.04)  # calls fall anywhere in the stream's polling cycle
        began = time.perf_counter()
        ticket = services.call_next(counter, None)
        period = ticket.periods.order_by("-id").first().pk
        with arrived:
            arrived.wait_for(lambda: period in seen, timeout=30)
        delays.append((seen[period] - began) * 1000)
        services.act(ticket, "no_show", counter, None)
    server.shutdown()
    from django.conf import settings

    print(f"3. call → display (SSE over HTTP, polling every {settings.MOTCUA_QUEUE_DISPLAY_POLL_MS} ms): "
          f"{calls} calls")
    print(f"   mean {statistics.mean(delays):.0f} ms, p50 {_pct(delays, .5):.0f} ms, "
          f"p95 {_pct(delays, .95):.0f} ms, max {max(delays):.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counters", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers (2 per core)")
    parser.add_argument("--clients", type=int, default=5, help="client processes the officers are spread over")
    parser.add_argument("--think", type=float, default=1.0,
                        help="steady part: mean seconds between one counter's calls (50 counters × 1 s = 50 calls/s)")
    parser.add_argument("--calls-to-display", type=int, default=30)
    parser.add_argument("--only", choices=["alone", "http", "display"], help="run one part only")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Cần PostgreSQL: eval \"$(scripts/pg-start)\" / needs DATABASE_URL to a PostgreSQL database")
    _ensure_database(url)
    _setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)  # before gunicorn's first request, which reads the catalogue
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average before: {_load_average()} "
          f"(others' work on the machine counts in the times)")
    if args.only in (None, "alone"):
        bench_alone(200)
    if args.only in (None, "http"):
        bench_http(args.counters, args.rounds, args.workers, args.clients, args.think)
    if args.only in (None, "display"):
        bench_display(args.calls_to_display)
    print(f"load average after: {_load_average()}")


if __name__ == "__main__":
    mp.set_start_method("fork")
    main()
