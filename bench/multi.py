"""The multi-process shape on one machine: two web servers behind a round-robin proxy, two task
workers and two outbox loops on one PostgreSQL, under submission load; then the counts.

    eval "$(scripts/pg-start)"
    python bench/multi.py --users 32 --seconds 20

Checks afterwards: every accepted submission is one new dossier (none lost; requests cut by the
stop, at most one per client, and requests the client timed out may add theirs), each with its own Idempotency-Key (none doubled), and
every outbox message written during the run was delivered exactly once (status sent after one
attempt, and the simulated receiver holds it once). Prints the counts; exits 1 if they disagree.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import load  # noqa: E402 — bench/load.py, the same runner
import procs  # noqa: E402 — bench/procs.py: the processes and the proxy


def counts(province: str, since_dossier: int, since_message: int) -> dict:
    from motcua.dossiers.models import Dossier, IdempotencyKey
    from motcua.notifications.contrib.simulator.models import ReceivedMessage
    from motcua.notifications.models import OutboxMessage

    messages = OutboxMessage.objects.filter(pk__gt=since_message)
    keys = list(messages.values_list("key", flat=True))
    dossiers = Dossier.objects.filter(pk__gt=since_dossier, province__code=province)
    return {"dossiers": dossiers.count(), "messages": len(keys),
            "keys": IdempotencyKey.objects.filter(dossier__in=dossiers).values("key").distinct().count(),
            "sent_once": messages.filter(status="sent", attempts=1).count(),
            "not_sent": messages.exclude(status="sent").count(),
            "received": ReceivedMessage.objects.filter(key__in=keys).count()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--province", default="H91")
    parser.add_argument("--users", type=int, default=32)
    parser.add_argument("--seconds", type=int, default=20)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("DATABASE_URL must name a throw-away PostgreSQL (eval \"$(scripts/pg-start)\")")
    os.environ.update(MOTCUA_DEBUG="false", MOTCUA_ALLOWED_HOSTS="127.0.0.1")
    data = load.prepare(args.province, 20_000)
    from motcua.dossiers.models import Dossier
    from motcua.notifications.models import OutboxMessage

    last_dossier = Dossier.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    last_message = OutboxMessage.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    ports = [procs.free_port() for _ in range(3)]
    webs = [procs.start_web(p, 1, 4, dict(os.environ)) for p in ports[1:]]
    helpers = [procs.start_helper(*command)
               for command in (["worker"], ["worker"], ["deliver_outbox", "--loop"], ["deliver_outbox", "--loop"])]
    procs.start_proxy(ports[0], ports[1:])
    try:
        result = load.run_scenario("submission", ports[0], data, args.users, args.seconds, 100_000, webs[0])
        accepted = result["requests"] - result["errors"]
        deadline = time.monotonic() + 120
        while counts(args.province, last_dossier, last_message)["not_sent"] and time.monotonic() < deadline:
            time.sleep(1)  # the outbox loops drain what the run wrote
    finally:
        procs.stop_all([*webs, *helpers])
    found = counts(args.province, last_dossier, last_message)
    print(f"submissions accepted {accepted} ({result['per_second']}/s, p95 {result['p95']} ms, "
          f"errors {result['errors']}); new dossiers {found['dossiers']} with {found['keys']} distinct keys; outbox messages {found['messages']}, "
          f"sent after one attempt {found['sent_once']}, not sent {found['not_sent']}, "
          f"held by the receiver {found['received']}")
    # Locust does not count what the server finished after the client gave up: a request still in
    # flight when locust stops (up to one per client) and one that timed out on the client under
    # load (counted among the errors). Each dossier has its own Idempotency-Key: none made twice.
    unanswered = args.users + result["errors"]
    ok = (accepted <= found["dossiers"] <= accepted + unanswered and found["keys"] == found["dossiers"]
          and found["sent_once"] == found["messages"] == found["received"])
    print("no lost or duplicated work" if ok else "MISMATCH")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
