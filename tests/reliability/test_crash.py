"""The crash and outage test in its short form: bench/crash.py for 20 seconds with 8 SIGKILLs and the
simulated national portal failing for the first 6 seconds, on a database of
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


@pytest.fixture
def env(database_url, tmp_path):
    return {**os.environ, "DATABASE_URL": database_url, "MOTCUA_DATA_DIR": str(tmp_path),
            "DJANGO_SETTINGS_MODULE": "motcua.conf.dev", "MOTCUA_DEBUG": "false"}


def test_killed_processes_and_a_portal_outage_lose_nothing_and_the_task_queue_resumes(env):
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "crash.py"), "--seconds", "20", "--kills", "8",
                           "--clients", "4", "--lose-reply", "0.05", "--hasty", "0.1", "--portal-outage", "6", "--json"],
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
    # and the national portal was down, then erroring, then timing out: its messages piled up meanwhile
    assert figures["portal_outage_seconds"] == 6 and figures["portal_backlog_max"] > 0
    assert_a_starting_worker_runs_the_task_a_killed_worker_left_running(env)


def assert_a_starting_worker_runs_the_task_a_killed_worker_left_running(env):
    """On the database the crash run left (migrated, province H93): a task claimed by a worker of this
    machine whose process is gone is run by the next `motcua worker` (decision 0501). A short run
    rarely kills a worker in the middle of a task, so one such task is planted."""
    import psycopg

    from motcua.core.taskqueue import this_host

    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    task_id = uuid.uuid4()
    with psycopg.connect(env["DATABASE_URL"], autocommit=True) as connection:
        connection.execute(
            "INSERT INTO django_tasks_database_dbtaskresult (id, status, args_kwargs, priority, task_path, queue_name,"
            " backend_name, run_after, enqueued_at, started_at, exception_class_path, traceback, worker_ids)"
            " SELECT %s, 'RUNNING', jsonb_build_object('args', jsonb_build_array(id, '2026-11-23'), 'kwargs', '{}'::jsonb),"
            " 0, 'motcua.monitoring.tasks.collect_sources', 'default', 'default', now(), now(), now(), '', '',"
            " jsonb_build_array(%s::text) FROM organizations_province WHERE code = 'H93'",
            [task_id, f"{this_host()}:{gone.pid}:deadbeef"])
    worker = subprocess.run([sys.executable, "-m", "motcua.cli", "worker", "--batch"], env=env, cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert worker.returncode == 0, worker.stderr[-3000:]
    with psycopg.connect(env["DATABASE_URL"]) as connection:
        status, workers = connection.execute("SELECT status, worker_ids FROM django_tasks_database_dbtaskresult"
                                             " WHERE id = %s", [task_id]).fetchone()
    assert status == "SUCCESSFUL" and len(workers) == 2
