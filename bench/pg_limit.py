"""The database alone: the writes of one online submission through pgbench (bench/sql/submission.pgbench).

    eval "$(scripts/pg-start)"; python bench/load.py --scenarios submission   # creates and seeds the schema
    python bench/pg_limit.py --clients 64 --seconds 20

Prints transactions per second, the ceiling the API's submission rate is compared with (the
API's figure as a fraction of this one, docs/performance.md). Durable commits: the server's
defaults (synchronous_commit on, fsync on). Rows it inserts stay in the throw-away database.
"""

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import psycopg

PGBENCH = "/usr/lib/postgresql/15/bin/pgbench"
SCRIPT = Path(__file__).resolve().parent / "sql" / "submission.pgbench"


def measure(url: str, clients: int, seconds: int) -> tuple[float, float]:
    """(transactions per second, mean latency ms) of the submission's writes, pgbench against ``url``."""
    with psycopg.connect(url) as conn:
        proc, prov, unit = conn.execute(
            "SELECT procedure_id, province_id, unit_id FROM dossiers_dossier ORDER BY id LIMIT 1").fetchone()
    where = urlparse(url)
    out = subprocess.run([PGBENCH, "-h", where.hostname, "-p", str(where.port or 5432), "-U", where.username or "postgres",
                          "-n", "-f", str(SCRIPT), "-D", f"proc={proc}", "-D", f"prov={prov}", "-D", f"unit={unit}",
                          "-c", str(clients), "-j", "2", "-T", str(seconds), where.path.lstrip("/")],
                         capture_output=True, text=True, check=True).stdout
    return float(re.search(r"tps = ([\d.]+)", out).group(1)), float(re.search(r"latency average = ([\d.]+) ms", out).group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--seconds", type=int, default=20)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("DATABASE_URL must name the throw-away PostgreSQL the load test used")
    tps, latency = measure(url, args.clients, args.seconds)
    print(f"submission writes, database alone: {tps:.0f} transactions/s, mean latency {latency:.1f} ms "
          f"({args.clients} clients, {args.seconds} s, load average {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
