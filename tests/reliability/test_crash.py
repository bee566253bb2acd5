"""The crash test in its short form: bench/crash.py for 20 seconds with 8 SIGKILLs, on a database of
its own on the test PostgreSQL (created here, dropped after). It fails if anything acknowledged is
lost or doubled, if codes, events, facts or the outbox disagree, if a task is left unfinished —
and if the run did not actually crash each kind of process, lose replies and double-tap.

SQLite is skipped: the test is about several processes on one shared PostgreSQL; what the
checker finds is tested on both databases in test_checks.py."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

URL = os.environ.get("DATABASE_URL", "")
pytestmark = pytest.mark.skipif(not URL.startswith("postgres"),
                                reason="needs PostgreSQL (DATABASE_URL): many processes share one database")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def database_url():
    import psycopg

    name = f"motcua_crash_{uuid.uuid4().hex[:8]}"
    admin = URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")
    yield URL.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE {name} WITH (FORCE)")


def test_nothing_acknowledged_is_lost_or_doubled_when_processes_are_killed(database_url, tmp_path):
    env = {**os.environ, "DATABASE_URL": database_url, "MOTCUA_DATA_DIR": str(tmp_path),
           "DJANGO_SETTINGS_MODULE": "motcua.conf.dev"}
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "crash.py"), "--seconds", "20", "--kills", "8",
                           "--clients", "4", "--lose-reply", "0.05", "--hasty", "0.1", "--json"],
                          env=env, cwd=ROOT, capture_output=True, text=True, timeout=600)
    lines = done.stdout.splitlines()
    assert done.returncode == 0, "\n".join(lines[-60:]) + done.stderr[-3000:]
    figures = json.loads(next(line for line in reversed(lines) if line.startswith("{")))
    assert figures["problems"] == 0 and figures["unacknowledged"] == 0
    assert figures["acknowledged"] == figures["submissions_sent"] == figures["dossiers"] > 0
    assert figures["receptions_acknowledged"] == figures["received"] == figures["acknowledged"]
    # the run really was hostile: every kind of process killed, replies lost, keys sent twice at once
    assert set(figures["kills"]) == {"web", "worker", "outbox"}
    assert figures["replies_lost_by_proxy"] > 0 and figures["double_taps"] > 0
    assert figures["requests"].get("submission retried", 0) > 0 and figures["tasks"] > 0
