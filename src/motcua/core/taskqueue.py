"""Tasks left behind by a task worker that died go back to the queue (hàng đợi tác vụ).

django-tasks-db marks a task RUNNING when a worker claims it and never looks at it again, so a
worker killed in the middle of a task (SIGKILL, power cut, the OOM killer) leaves it RUNNING for
ever and nobody runs it. ``motcua worker`` therefore names each worker ``<host>:<pid>:<random>``
and, when it starts, puts back to READY the running tasks whose last worker ran on this machine
and whose process is gone. Tasks must be safe to run again (ours recompute their result:
decision 0501).
"""

import os
import secrets
import socket

from django_tasks.base import TaskResultStatus


def this_host() -> str:
    return socket.gethostname()[:40]  # the worker id must stay under 64 characters


def worker_id(host: str | None = None, pid: int | None = None) -> str:
    return f"{host or this_host()}:{pid or os.getpid()}:{secrets.token_hex(4)}"


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    return True


def _dead_worker_here(worker_ids: list, host: str, alive) -> bool:
    parts = (worker_ids[-1] if worker_ids else "").rsplit(":", 2)
    return len(parts) == 3 and parts[0] == host and parts[1].isdigit() and not alive(int(parts[1]))


def requeue_orphans(host: str | None = None, alive=process_alive) -> int:
    """Put back the running tasks of dead workers of ``host``; returns how many."""
    from django_tasks_db.models import DBTaskResult

    host = host or this_host()
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).values_list("pk", "worker_ids")
    orphans = [pk for pk, ids in running if _dead_worker_here(ids, host, alive)]
    # status=RUNNING again: a task that finished meanwhile (it was not an orphan after all) stays done
    return (DBTaskResult.objects.filter(pk__in=orphans, status=TaskResultStatus.RUNNING)
            .update(status=TaskResultStatus.READY, started_at=None))
