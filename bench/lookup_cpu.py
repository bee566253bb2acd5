"""Web CPU per public lookup, through the WSGI application in this process, against the floor.

    eval "$(scripts/pg-start)"; python bench/load.py --seed-dossiers 20000 --scenarios lookup  # seeds once
    python bench/lookup_cpu.py [--rounds 16] [--batch 300] [--validated]

Sends batches of POST /api/v1/lookup (right factor, dossiers being processed) and of the floor's
django-ninja ping (bench/wsgi_preloaded.py) alternately, straight into the WSGI application: no
HTTP server and no load generator, so only the web process's own CPU is counted (psycopg's
waiting for PostgreSQL is not CPU). Prints the min and median ms per request of each and their
difference: the lookup's own cost. Alternating batches makes the difference hold on a machine
whose speed drifts (a noisy neighbour's steal time), where load-test rates do not.
``--validated`` adds a third series with the answer returned for Ninja to validate against its
schema, as before decision 0641. Older sources: PYTHONPATH=<their src> python bench/lookup_cpu.py.
"""

import argparse
import io
import json
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from perf import setup_django  # noqa: E402  (bench/perf.py, next to this file)


def wsgi_caller():
    import wsgi_preloaded  # noqa: E402  (bench/wsgi_preloaded.py: the project's app plus the floor)

    statuses = {}

    def started(status, headers):
        statuses[status] = statuses.get(status, 0) + 1

    def call(path: str, payload: dict) -> None:
        body = json.dumps(payload).encode()
        environ = {"REQUEST_METHOD": "POST", "PATH_INFO": path, "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000",
                   "HTTP_HOST": "127.0.0.1", "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1",
                   "CONTENT_TYPE": "application/json", "CONTENT_LENGTH": str(len(body)),
                   "wsgi.input": io.BytesIO(body), "wsgi.url_scheme": "http", "wsgi.errors": sys.stderr}
        response = wsgi_preloaded.application(environ, started)
        b"".join(response)
        response.close()

    return call, statuses


def cpu_ms(request, n: int) -> float:
    start = time.process_time()
    for i in range(n):
        request(i)
    return (time.process_time() - start) / n * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=16)
    parser.add_argument("--batch", type=int, default=300)
    parser.add_argument("--validated", action="store_true")
    args = parser.parse_args()
    os.environ.update(MOTCUA_DEBUG="false", MOTCUA_ALLOWED_HOSTS="127.0.0.1",
                      MOTCUA_LOOKUP_RATE_PER_IP="100000000/60", MOTCUA_LOOKUP_RATE_PER_CODE="100000000/60")
    setup_django()
    from ninja.responses import Status

    import motcua.portal.api as lookup_api
    from motcua.dossiers.models import Dossier

    call, statuses = wsgi_caller()
    pairs = list(Dossier.objects.filter(state="processing", code__isnull=False)
                 .values_list("code", "applicant_phone")[:500])
    if not pairs:
        sys.exit("no dossier being processed: seed first (see the command above)")
    rendered = getattr(lookup_api, "_rendered", None)  # None: sources from before decision 0641

    def lookup(render):
        def request(i):
            if render is not None:
                lookup_api._rendered = render
            code, phone = pairs[i % len(pairs)]
            call("/api/v1/lookup", {"code": code, "factor": phone[-4:]})
        return request

    series = {"floor": lambda i: call("/bench-floor/ninja/ping", {"code": pairs[0][0], "factor": "1234"}),
              "lookup": lookup(rendered)}
    if args.validated and rendered is not None:
        series["lookup, answer validated"] = lookup(lambda request, data, status: Status(status, data))
    for request in series.values():
        cpu_ms(request, 50)  # warm-up: connection, prepared statements, imports
    figures = {name: [] for name in series}
    for _ in range(args.rounds):
        for name, request in series.items():
            figures[name].append(cpu_ms(request, args.batch))
    for name, values in figures.items():
        print(f"{name:<26} web CPU ms/request  min {min(values):.3f}  median {statistics.median(values):.3f}")
    own = statistics.median(figures["lookup"]) - statistics.median(figures["floor"])
    print(f"lookup's own (median − floor's): {own:.3f} ms   answers {statuses}   "
          f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
