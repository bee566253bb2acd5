"""Crash test: submissions under SIGKILL of web servers, task workers and outbox loops; then proof
that nothing acknowledged was lost and nothing was done twice.

    eval "$(scripts/pg-start)"
    python bench/crash.py --seconds 120 --kills 40 --clients 12

Two gunicorn servers behind a round-robin proxy (bench/procs.py) that loses the reply of a share
of connections (--lose-reply), two task workers (`motcua worker`), two outbox loops
(`motcua deliver_outbox --loop`), one PostgreSQL. Clients send submissions with an
Idempotency-Key and send the same key again on a connection error or a 5xx until acknowledged,
as a real client does; some send the same key twice at once (--hasty: a double tap). One
reception clerk per unit accepts every acknowledged submission (allocating dossier codes), with
the same retries. The harness enqueues a monitoring task every half second. A chaos thread
SIGKILLs a random web server, worker or outbox loop (its whole process group) every
--seconds/--kills on average and starts it again.

Afterwards (``check``): every acknowledged submission is exactly one dossier (by key and by
public id), every key at most one dossier, no dossier without its key; acknowledged receptions
hold the codes the clerk was given, codes of each unit and day run 1..N with no gap or double;
each dossier's event log is complete (seq 1..n, last state = the dossier's state) and
``audit verify`` passes; ``facts rebuild --check`` finds no difference; every event has its
portal message, every message belongs to an event that exists, was sent, and the simulated
receiver holds it once, delivered once, in order per dossier; every enqueued task finished
successfully. Prints the figures with the load average; exits 1 on any inconsistency. --json prints
them as JSON.

--portal-outage SECONDS (the outage test's long form): from the start of the load the simulated
national portal refuses connections, then answers HTTP 500, then times out, a third of the time
each, then is up again; the largest backlog of portal messages waiting meanwhile (what the
operator's outbox page shows) is reported, and the same proof must hold after the recovery.
"""

import argparse
import io
import json
import os
import queue
import random
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
import procs  # noqa: E402 — bench/procs.py: the processes and the proxy

GIVE_UP_SECONDS = 120  # a client stops retrying one submission after this (counted, not hidden)


# --- preparation ------------------------------------------------------------------------------

def prepare(province: str, units: int) -> dict:
    """Migrate, seed a small province once, start from facts that match the log; pick the units."""
    procs.django_ready()
    from django.core.management import call_command

    from motcua.accounts.models import User
    from motcua.api.models import ApiToken
    from motcua.catalog.models import UnitProcedure
    from motcua.organizations.models import Province

    if not Province.objects.filter(code=province).exists():
        call_command("seed", "--dossiers", "200", "--communes", str(max(units, 4)), "--procedures", "10",
                     "--days", "7", "--province", province, "--facts", "--json", stdout=io.StringIO())
    call_command("facts", "rebuild", stdout=io.StringIO())
    enabled = (UnitProcedure.objects.filter(unit__province__code=province, unit__kind__in=["commune", "ward"],
                                            is_enabled=True, procedure__is_active=True,
                                            procedure__is_bundle=False, procedure__channels__duration__isnull=False)
               .select_related("unit", "procedure").order_by("unit__code", "procedure__code"))
    chosen = {}
    for row in enabled:
        clerk = User.objects.filter(username=f"{row.unit.code.lower()}-reception").first()
        if clerk and row.unit.code not in chosen and len(chosen) < units:
            chosen[row.unit.code] = {"procedure": row.procedure.code,
                                     "token": ApiToken.issue(clerk, f"crash-{time.time():.0f}")[1]}
    citizen, _ = User.objects.get_or_create(username=f"{province.lower()}-congdan", defaults={"kind": "citizen"})
    return {"province_id": Province.objects.get(code=province).pk, "units": chosen,
            "token": ApiToken.issue(citizen, f"crash-{time.time():.0f}")[1]}


def marks() -> dict:
    """The last row ids before the run: what comes after belongs to it."""
    from motcua.dossiers.models import Dossier
    from motcua.notifications.models import OutboxMessage

    last = lambda model: model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0  # noqa: E731
    return {"dossier": last(Dossier), "message": last(OutboxMessage)}


# --- what the clients were told ---------------------------------------------------------------

class Ledger:
    """Everything the clients sent and were told, kept as a real client keeps its receipts."""

    def __init__(self, run: str):
        self.run, self.lock = run, threading.Lock()
        self.sent, self.acknowledged, self.codes = [], {}, {}  # keys; key → public id; public id → code
        self.attempts, self.latencies, self.unacknowledged, self.problems = Counter(), [], [], []
        self.hasty = 0

    def problem(self, text: str) -> None:
        with self.lock:
            self.problems.append(text)


class Client:
    """Sends one request until it is answered: new connection each time, back-off on failure."""

    def __init__(self, base: str, token: str, ledger: Ledger, hasty: float = 0.0):
        self.base, self.headers = base, {"Authorization": f"Bearer {token}"}
        self.ledger, self.hasty = ledger, hasty

    def call(self, method: str, path: str, label: str, **kw):
        """Returns the response (any status below 500), or None if the client gave up."""
        pause, give_up, first = 0.05, time.monotonic() + GIVE_UP_SECONDS, True
        headers = {**self.headers, **kw.pop("headers", {}), "Connection": "close"}
        while time.monotonic() < give_up:
            with self.ledger.lock:
                self.ledger.attempts[label if first else f"{label} retried"] += 1
            first = False
            try:
                response = requests.request(method, self.base + path, timeout=30, headers=headers, **kw)
                if response.status_code < 500:
                    return response
            except requests.RequestException:
                pass
            time.sleep(pause)
            pause = min(1.0, pause * 2)
        return None


def submit(client: Client, ledger: Ledger, key: str, unit: str, procedure: str, clerk_queue) -> None:
    body = {"procedure_code": procedure, "unit_code": unit, "channel": "online", "summary": key,
            "applicant": {"name": "Nguyễn Văn Đo", "id_number": f"0010980{random.randrange(10**5):05d}",
                          "phone": "0912345678"}}
    with ledger.lock:
        ledger.sent.append(key)
    began, answers = time.monotonic(), []

    def once():
        answers.append(client.call("POST", "/api/v1/dossiers", "submission", json=body,
                                   headers={"Idempotency-Key": key}))

    twin = None
    if random.random() < client.hasty:
        twin = threading.Thread(target=once)  # the same key twice at once: a double tap
        twin.start()
        with ledger.lock:
            ledger.hasty += 1
    once()
    if twin:
        twin.join()
    ids = {a.json()["public_id"] for a in answers if a is not None and a.status_code in (200, 201)}
    if any(a is not None and a.status_code not in (200, 201) for a in answers):
        ledger.problem(f"{key}: refused {[a.status_code for a in answers if a is not None]} "
                       f"{[a.text[:200] for a in answers if a is not None]}")
    if len(ids) > 1:
        ledger.problem(f"{key}: one key, different dossiers {sorted(ids)}")
    if not ids:
        with ledger.lock:
            ledger.unacknowledged.append(key)
        return
    public_id = ids.pop()
    with ledger.lock:
        ledger.acknowledged[key] = public_id
        ledger.latencies.append(time.monotonic() - began)
    version = next(a.json()["version"] for a in answers if a is not None and a.status_code in (200, 201))
    clerk_queue.put((public_id, version))


def accept(client: Client, ledger: Ledger, public_id: str, version: int) -> None:
    """The clerk's reception; after a lost reply the clerk looks the dossier up before trying again."""
    for _ in range(20):
        response = client.call("POST", f"/api/v1/dossiers/{public_id}/actions/accept", "accept",
                               json={"expected_version": version})
        if response is not None and response.status_code == 200:
            break
        seen = client.call("GET", f"/api/v1/dossiers/{public_id}", "lookup")
        if seen is None:
            break
        if seen.json()["state"] != "submitted":  # it went through; the reply was lost
            response = seen
            break
        version = seen.json()["version"]
    else:
        response = None
    if response is None or response.status_code != 200:
        ledger.problem(f"{public_id}: reception not acknowledged")
        return
    with ledger.lock:
        ledger.codes[public_id] = response.json()["code"]


# --- the run ----------------------------------------------------------------------------------

def chaos(managed: dict, kills: int, seconds: float, stop: threading.Event, figures: dict) -> None:
    """Kill a random process every seconds/kills on average, the kinds in turn (so that a short run
    kills each kind); each restarts in its own thread, so a slow restart does not hold the next
    kill back (both web servers may be down at once)."""
    gap, restarts, kinds = seconds / max(1, kills), [], random.sample(sorted(managed), len(managed))

    def crash(victim):
        took = victim.crash_and_restart()
        if took is not None:
            figures["kills"][victim.kind] += 1
            figures["restart_seconds"][victim.kind].append(took)

    for n in range(kills):
        if stop.wait(random.uniform(0.5, 1.5) * gap):
            break
        restarts.append(threading.Thread(target=crash, args=(random.choice(managed[kinds[n % len(kinds)]]),)))
        restarts[-1].start()
    for thread in restarts:
        thread.join()


OUTAGE_MODES = ("down", "error", "timeout")


def portal_outage(seconds: float, since: dict, stop: threading.Event, figures: dict) -> None:
    """The simulated portal fails in each of OUTAGE_MODES for a share of ``seconds``, then is up."""
    from django.db import connection

    from motcua.notifications.contrib.simulator.plugins import set_mode
    from motcua.notifications.models import OutboxMessage

    waiting = OutboxMessage.objects.filter(pk__gt=since["message"], channel="dvcqg").exclude(status="sent")
    try:
        for mode in OUTAGE_MODES:
            set_mode("dvcqg", mode)
            ends = time.monotonic() + seconds / len(OUTAGE_MODES)
            while time.monotonic() < ends and not stop.is_set():
                figures["portal_backlog_max"] = max(figures["portal_backlog_max"], waiting.count())
                stop.wait(0.5)
    finally:
        set_mode("dvcqg", "up")
        connection.close()


def enqueue_tasks(province_id: int, stop: threading.Event, task_ids: list) -> None:
    from django.db import connection
    from django.utils import timezone

    from motcua.monitoring.tasks import collect_sources

    while not stop.wait(0.5):
        task_ids.append(collect_sources.enqueue(province_id, timezone.localdate().isoformat()).id)
    connection.close()


def drained(since: dict, task_ids: list) -> bool:
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from motcua.notifications.models import OutboxMessage

    unsent = OutboxMessage.objects.filter(pk__gt=since["message"]).exclude(status="sent").exists()
    waiting = DBTaskResult.objects.filter(pk__in=task_ids, status__in=[TaskResultStatus.READY,
                                                                         TaskResultStatus.RUNNING]).exists()
    return not unsent and not waiting


def run(args, data: dict, ledger: Ledger, since: dict) -> dict:
    ports = [procs.free_port() for _ in range(3)]
    with ThreadPoolExecutor() as pool:  # both start at once: each takes seconds on a loaded machine
        webs = list(pool.map(procs.managed_web, ports[1:]))
    managed = {"web": webs,
               "worker": [procs.Managed("worker", lambda: procs.start_helper("worker", "--interval", "0.2"))
                          for _ in range(2)],
               "outbox": [procs.Managed("outbox", lambda: procs.start_helper("deliver_outbox", "--loop",
                                                                              "--interval", "0.2"))
                          for _ in range(2)]}
    lost = procs.start_proxy(ports[0], ports[1:], lose_reply=args.lose_reply)
    figures = {"kills": Counter(), "restart_seconds": defaultdict(list), "task_ids": [], "lost_replies": lost,
               "portal_backlog_max": 0}
    stop_load, stop_chaos = threading.Event(), threading.Event()
    clerk_queues = {unit: queue.Queue() for unit in data["units"]}
    base = f"http://127.0.0.1:{ports[0]}"
    numbers = iter(range(10**9))

    def citizen(n):
        client = Client(base, data["token"], ledger, args.hasty)
        while not stop_load.is_set():
            unit = random.choice(sorted(data["units"]))
            submit(client, ledger, f"crash-{ledger.run}-{n}-{next(numbers)}", unit, data["units"][unit]["procedure"],
                   clerk_queues[unit])

    def clerk(unit):
        client = Client(base, data["units"][unit]["token"], ledger)
        while not (stop_load.is_set() and clients_done.is_set() and clerk_queues[unit].empty()):
            try:
                accept(client, ledger, *clerk_queues[unit].get(timeout=0.2))
            except queue.Empty:
                pass

    clients_done = threading.Event()
    threads = [threading.Thread(target=citizen, args=(n,)) for n in range(args.clients)]
    clerks = [threading.Thread(target=clerk, args=(unit,)) for unit in data["units"]]
    side = [threading.Thread(target=chaos, args=(managed, args.kills, args.seconds, stop_chaos, figures)),
            threading.Thread(target=enqueue_tasks, args=(data["province_id"], stop_load, figures["task_ids"]))]
    if args.portal_outage:
        side.append(threading.Thread(target=portal_outage, args=(args.portal_outage, since, stop_load, figures)))
    started = time.monotonic()
    try:
        for t in [*threads, *clerks, *side]:
            t.start()
        time.sleep(args.seconds)
        stop_chaos.set()
        stop_load.set()
        for t in [*threads, *side]:
            t.join()
        clients_done.set()
        for t in clerks:
            t.join()
        calm = time.monotonic()
        figures["load_seconds"] = round(calm - started, 1)
        while not drained(since, figures["task_ids"]) and time.monotonic() < calm + GIVE_UP_SECONDS:
            time.sleep(0.2)
        figures["drain_seconds"] = round(time.monotonic() - calm, 1)
    finally:
        procs.stop_all([m.process for group in managed.values() for m in group])
    return figures


# --- the proof --------------------------------------------------------------------------------

def check(ledger: Ledger, since: dict, task_ids: list) -> tuple[list[str], dict]:
    """Every inconsistency between what clients were told and what the database holds, plus counts."""
    from motcua.dossiers.models import Dossier, IdempotencyKey

    dossiers = list(Dossier.objects.filter(pk__gt=since["dossier"]).order_by("pk"))
    by_key, by_id = defaultdict(list), {str(d.public_id): d for d in dossiers}
    for d in dossiers:
        by_key[d.summary].append(d)  # the clients put the key in the summary
    problems = list(ledger.problems)
    problems += [f"{key}: {len(found)} dossiers for one key" for key, found in by_key.items() if len(found) > 1]
    keys = dict(IdempotencyKey.objects.filter(dossier__pk__gt=since["dossier"]).values_list("dossier_id", "key"))
    problems += [f"{d.summary}: dossier {d.pk} has no idempotency key" for d in dossiers if d.pk not in keys]
    for key, public_id in ledger.acknowledged.items():
        found = [str(d.public_id) for d in by_key.get(key, [])]
        if found != [public_id] or keys.get(by_id[public_id].pk) != key:
            problems.append(f"{key}: acknowledged as {public_id}, found {found}")
    for public_id, code in ledger.codes.items():
        held = by_id[public_id].code if public_id in by_id else None
        if held != code:
            problems.append(f"{public_id}: clerk was given {code}, the dossier holds {held}")
    problems += check_codes(dossiers) + check_events(dossiers) + check_outbox(dossiers, since) + check_tasks(task_ids)
    return problems, {"dossiers": len(dossiers), "received": sum(1 for d in dossiers if d.code)}


def check_codes(dossiers) -> list[str]:
    """The codes of each unit and day touched by the run: numbers 1..N, N = the unit's counter."""
    from motcua.dossiers.codes import parse_code
    from motcua.dossiers.models import CodeSequence, Dossier

    problems = []
    from django.utils import timezone

    for unit_id, day in {(d.unit_id, timezone.localtime(d.received_at).date()) for d in dossiers if d.code}:
        day_codes = Dossier.objects.filter(unit_id=unit_id, code__contains=f"-{day:%y%m%d}-").values_list("code", flat=True)
        numbers = sorted(parse_code(code)[2] for code in day_codes)
        last = CodeSequence.objects.filter(unit_id=unit_id, day=day).values_list("last", flat=True).first()
        if numbers != list(range(1, len(numbers) + 1)) or last != len(numbers):
            problems.append(f"unit {unit_id} {day}: codes {_gaps(numbers)}, counter at {last}")
    return problems


def _gaps(numbers: list) -> str:
    doubled = sorted(n for n, c in Counter(numbers).items() if c > 1)
    missing = sorted(set(range(1, max(numbers, default=0) + 1)) - set(numbers))
    return f"{len(numbers)} codes, doubled {doubled[:10]}, missing {missing[:10]}"


def check_events(dossiers) -> list[str]:
    """Each dossier's log runs seq 1..n and ends in its state; the whole hash chain verifies."""
    from django.core.management import CommandError, call_command

    from motcua.dossiers.models import DossierEvent

    problems, logs = [], defaultdict(list)
    for dossier_id, seq, to_state in (DossierEvent.objects.filter(dossier__in=[d.pk for d in dossiers])
                                      .order_by("seq").values_list("dossier_id", "seq", "to_state")):
        logs[dossier_id].append((seq, to_state))
    for d in dossiers:
        log = logs.get(d.pk, [])
        if [seq for seq, _ in log] != list(range(1, len(log) + 1)) or not log or log[-1][1] != d.state:
            problems.append(f"{d.summary}: event log {log} does not end in state {d.state}")
    # The other apps' figures are collected, not written with each change: today's were counted by
    # tasks during the load, so they are collected once more now it has settled (as the next
    # dashboard refresh or the nightly `facts collect` does), then checked with everything else.
    call_command("facts", "collect", "--days", "1", stdout=io.StringIO())
    for command in (["audit", "verify"], ["facts", "rebuild", "--check"]):
        try:
            call_command(*command, stdout=io.StringIO(), stderr=io.StringIO())
        except CommandError as exc:
            problems.append(f"motcua {' '.join(command)}: {exc}")
    return problems


def check_outbox(dossiers, since: dict) -> list[str]:
    """Events ↔ portal messages, one each; every message sent and held once by the receiver."""
    from motcua.dossiers.models import DossierEvent
    from motcua.dossiers.workflow import NATIONAL_STATUS
    from motcua.notifications.contrib.simulator.models import ReceivedMessage
    from motcua.notifications.models import OutboxMessage

    ids = {d.pk: str(d.public_id) for d in dossiers}
    events = {(ids[e], seq): state for e, seq, state in DossierEvent.objects.filter(dossier__in=list(ids))
              .values_list("dossier_id", "seq", "to_state")}
    messages = {m.key: m for m in OutboxMessage.objects.filter(pk__gt=since["message"]).order_by("pk")}
    problems = [f"event {ref}: no portal message" for ref, state in events.items()
                if NATIONAL_STATUS.get(state) is not None and f"dvcqg:{ref[0]}:{ref[1]}" not in messages]
    for key, m in messages.items():
        channel, public_id, seq = key.split(":")
        if (public_id, int(seq)) not in events:
            problems.append(f"message {key}: no such event (written outside its transaction?)")
        if m.status != "sent":
            problems.append(f"message {key}: {m.status} after {m.attempts} attempts ({m.last_error[:100]})")
    received = ReceivedMessage.objects.filter(key__in=list(messages)).order_by("pk")
    held = dict(received.values_list("key", "deliveries"))
    problems += [f"message {key}: receiver holds it {held.get(key, 0) and 'delivered ' + str(held[key]) + ' times'}"
                 for key in messages if held.get(key) != 1]
    latest = {}  # per dossier and channel, the highest seq received so far: arrivals must climb
    for channel, ordering_key, seq in received.values_list("channel", "ordering_key", "seq"):
        if seq < latest.get((channel, ordering_key), 0):
            problems.append(f"{channel} {ordering_key}: message {seq} arrived after {latest[channel, ordering_key]}")
        latest[channel, ordering_key] = max(seq, latest.get((channel, ordering_key), 0))
    return problems


def check_tasks(task_ids: list) -> list[str]:
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    status = {str(pk): s for pk, s in DBTaskResult.objects.filter(pk__in=task_ids).values_list("pk", "status")}
    return [f"task {pk}: {status.get(pk, 'missing')}" for pk in task_ids
            if status.get(pk) != TaskResultStatus.SUCCESSFUL]


def tasks_run_again(task_ids: list) -> int:
    """Tasks claimed by more than one worker: put back after their worker was killed (decision 0501)."""
    from django_tasks_db.models import DBTaskResult

    return sum(len(ids) > 1 for ids in DBTaskResult.objects.filter(pk__in=task_ids).values_list("worker_ids", flat=True))


# --- report -----------------------------------------------------------------------------------

def summary(args, ledger: Ledger, figures: dict, counts: dict, problems: list) -> dict:
    latencies = sorted(ledger.latencies) or [0]
    return {
        "seconds": args.seconds, "clients": args.clients, "kills_asked": args.kills,
        "lose_reply": args.lose_reply, "hasty": args.hasty,
        "submissions_sent": len(ledger.sent), "acknowledged": len(ledger.acknowledged),
        "unacknowledged": len(ledger.unacknowledged), "double_taps": ledger.hasty,
        "requests": dict(ledger.attempts), "receptions_acknowledged": len(ledger.codes),
        "replies_lost_by_proxy": figures["lost_replies"]["count"], "kills": dict(figures["kills"]),
        # a worker or outbox loop is back as soon as it is started; a web server when Django answers
        "web_restart_seconds": {"mean": round(statistics.mean(figures["restart_seconds"]["web"] or [0]), 1),
                                "max": round(max(figures["restart_seconds"]["web"] or [0]), 1)},
        "ack_seconds": {"p50": round(statistics.median(latencies), 2),
                        "p99": round(latencies[int(0.99 * (len(latencies) - 1))], 2), "max": round(latencies[-1], 2)},
        "load_and_receptions_seconds": figures["load_seconds"], "drain_seconds": figures["drain_seconds"],
        "portal_outage_seconds": args.portal_outage, "portal_backlog_max": figures["portal_backlog_max"],
        "tasks": len(figures["task_ids"]), "tasks_run_again": tasks_run_again(figures["task_ids"]),
        "problems": len(problems),
        "load_average": [round(x, 2) for x in os.getloadavg()], **counts,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--province", default="H93")
    parser.add_argument("--units", type=int, default=3, help="units receiving submissions, one clerk each")
    parser.add_argument("--clients", type=int, default=8, help="citizen client threads")
    parser.add_argument("--seconds", type=float, default=60, help="how long the load and the chaos last")
    parser.add_argument("--kills", type=int, default=20, help="SIGKILLs spread over --seconds")
    parser.add_argument("--lose-reply", type=float, default=0.03, help="share of replies the proxy drops")
    parser.add_argument("--hasty", type=float, default=0.05, help="share of submissions sent twice at once")
    parser.add_argument("--portal-outage", type=float, default=0, metavar="SECONDS",
                        help="the simulated portal down, erroring, then timing out for this long from the start")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("DATABASE_URL must name a throw-away PostgreSQL (eval \"$(scripts/pg-start)\")")
    os.environ.update(MOTCUA_DEBUG="false", MOTCUA_ALLOWED_HOSTS="127.0.0.1")
    os.environ.setdefault("MOTCUA_DATA_DIR", tempfile.mkdtemp(prefix="motcua-crash-"))
    data = prepare(args.province, args.units)
    ledger, since = Ledger(uuid.uuid4().hex[:8]), marks()
    figures = run(args, data, ledger, since)
    problems, counts = check(ledger, since, figures["task_ids"])
    result = summary(args, ledger, figures, counts, problems)
    for problem in problems[:50]:
        print("PROBLEM", problem)
    print(json.dumps(result) if args.json else "\n".join(f"{k}: {v}" for k, v in result.items()))
    print("nothing lost, nothing doubled" if not problems else f"{len(problems)} INCONSISTENCIES")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
