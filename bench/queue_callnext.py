"""Queue benchmark: "call next" with many counters calling at the same moment, and the time from a
call to its appearance on a display screen's event stream.

    eval "$(scripts/pg-start)"; python bench/queue_callnext.py [--counters 50] [--rounds 20]
        [--processes 10] [--calls-to-display 30]; scripts/pg-stop

Needs PostgreSQL (DATABASE_URL); it creates and migrates the database named in the URL if it is
empty, and adds its own centre each run. Part 1: ``--counters`` callers split over
``--processes`` processes (threads inside each, like web workers with threads) each call next,
serve the ticket and pause ``--think`` seconds on average (a busy centre calls once every few
seconds; 50 calls/s is far above it), ``--rounds`` times. Part 2: the worst case: all counters
wait at a shared barrier and call at the same instant, ``--rounds`` times. The time is that
of ``services.call_next`` (the server's work: transaction, SKIP LOCKED pick, conditional update,
periods, near-turn SMS check), not the network. Part 2: a display stream served by Django's threaded
WSGI server over HTTP; each call's period id is looked for in the events. Prints the figures; no
thresholds.
"""

import argparse
import http.client
import json
import multiprocessing as mp
import os
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.conf.dev")
os.environ.setdefault("MOTCUA_DATA_DIR", "/tmp/motcua-bench")


def _setup_django():
    import django

    django.setup()


def _ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1].split("?")[0]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def _prepare(counters: int, tickets: int):
    from django.core.management import call_command

    from motcua.organizations.models import Centre, Counter, Province, Unit
    from motcua.queueing import services
    from motcua.queueing.models import ServiceGroup

    call_command("migrate", verbosity=0)
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
    return centre, [d.pk for d in desks]


def _caller(counter_ids, rounds, barrier, think, results):
    """One process: a thread per counter. With a barrier, every round all counters call at the same
    instant; without, each counter calls, serves, then pauses ``think`` seconds on average."""
    _setup_django()
    import random

    from django.db import connection

    from motcua.organizations.models import Counter
    from motcua.queueing import services

    def run(counter_id):
        counter = Counter.objects.select_related("centre").get(pk=counter_id)
        pause = random.Random(counter_id)
        times = []
        for _ in range(rounds):
            if barrier is not None:
                barrier.wait()
            else:
                time.sleep(pause.uniform(0, 2 * think))
            began = time.perf_counter()
            ticket = services.call_next(counter, None)
            times.append(time.perf_counter() - began)
            if ticket is not None:
                ticket = services.act(ticket, "start", counter, None)
                services.act(ticket, "finish", counter, None)
        connection.close()
        results.put(times)

    threads = [threading.Thread(target=run, args=(pk,)) for pk in counter_ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def _pct(values, fraction):
    ordered = sorted(values)
    return ordered[max(0, int(round(fraction * len(ordered))) - 1)]


def bench_call_next(counters: int, rounds: int, processes: int, think: float | None) -> None:
    from django.db import connections

    from motcua.queueing.models import Ticket

    centre, counter_ids = _prepare(counters, counters * rounds + 100)
    connections.close_all()  # before forking
    barrier, results = (mp.Barrier(counters) if think is None else None), mp.Queue()
    chunks = [counter_ids[i::processes] for i in range(processes)]
    workers = [mp.Process(target=_caller, args=(chunk, rounds, barrier, think, results)) for chunk in chunks if chunk]
    began = time.perf_counter()
    for w in workers:
        w.start()
    times = [t for _ in range(counters) for t in results.get()]
    for w in workers:
        w.join()
    elapsed = time.perf_counter() - began
    served = Ticket.objects.filter(centre=centre, state="done").count()
    ms = [t * 1000 for t in times]
    how = "all at the same instant" if think is None else f"each every {think:.1f} s on average, at random"
    print(f"call next: {counters} counters calling {how}, {rounds} calls each, {processes} processes, PostgreSQL")
    print(f"  {len(ms)} calls, {served} tickets served, {len(ms) / elapsed:.0f} calls/s overall")
    print(f"  server time per call: mean {statistics.mean(ms):.1f} ms, p50 {_pct(ms, .5):.1f} ms, "
          f"p95 {_pct(ms, .95):.1f} ms, p99 {_pct(ms, .99):.1f} ms, max {max(ms):.1f} ms")


def bench_alone(calls: int) -> None:
    """One counter alone: the cost of a call without contention, and the pick query's own plan."""
    from django.db import connection

    from motcua.organizations.models import Counter
    from motcua.queueing import services

    centre, counter_ids = _prepare(1, calls + 1000)
    counter = Counter.objects.select_related("centre").get(pk=counter_ids[0])
    times = []
    for _ in range(calls):
        began = time.perf_counter()
        ticket = services.call_next(counter, None)
        times.append((time.perf_counter() - began) * 1000)
        services.act(ticket, "no_show", counter, None)
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) SELECT id FROM queueing_ticket WHERE centre_id = %s AND "
                       "state = 'waiting' ORDER BY lane, queued_at, id LIMIT 1 FOR UPDATE SKIP LOCKED", [centre.pk])
        plan = cursor.fetchone()[0][0]
    print(f"call next, one counter alone ({calls} calls, {1000} more tickets waiting):")
    print(f"  mean {statistics.mean(times):.1f} ms, p50 {_pct(times, .5):.1f} ms, p99 {_pct(times, .99):.1f} ms; "
          f"pick query executes in {plan['Execution Time']:.2f} ms ({plan['Plan']['Plans'][0]['Node Type']})")


def bench_display(calls: int) -> None:
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application

    from motcua.organizations.models import Counter
    from motcua.queueing import services

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    centre, counter_ids = _prepare(2, calls + 5)
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
    counter = Counter.objects.select_related("centre").get(pk=counter_ids[0])
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

    print(f"call → display (SSE over HTTP, polling every {settings.MOTCUA_QUEUE_DISPLAY_POLL_MS} ms): {calls} calls")
    print(f"  mean {statistics.mean(delays):.0f} ms, p50 {_pct(delays, .5):.0f} ms, "
          f"p95 {_pct(delays, .95):.0f} ms, max {max(delays):.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counters", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--processes", type=int, default=10)
    parser.add_argument("--think", type=float, default=1.0,
                        help="steady part: mean seconds between one counter's calls (50 counters × 1 s = 50 calls/s)")
    parser.add_argument("--calls-to-display", type=int, default=30)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Cần PostgreSQL: eval \"$(scripts/pg-start)\" / needs DATABASE_URL to a PostgreSQL database")
    _ensure_database(url)
    _setup_django()
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average before: "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())} (others' work on the machine counts in the times)")
    bench_alone(200)
    bench_call_next(args.counters, args.rounds, args.processes, args.think)
    bench_call_next(args.counters, args.rounds, args.processes, None)
    bench_display(args.calls_to_display)
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    mp.set_start_method("fork")
    main()
