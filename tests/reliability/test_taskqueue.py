"""A task left RUNNING by a worker that was killed goes back to the queue when a worker starts on
the same machine; tasks of live workers and of other machines are left alone (core/taskqueue.py)."""

import pytest
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from motcua.core import taskqueue

pytestmark = pytest.mark.django_db
RUNNING, READY = TaskResultStatus.RUNNING, TaskResultStatus.READY


def task(status, *worker_ids):
    return DBTaskResult.objects.create(
        status=status, worker_ids=list(worker_ids), args_kwargs={"args": [1, "2026-11-23"], "kwargs": {}},
        task_path="motcua.monitoring.tasks.collect_sources", backend_name="default", queue_name="default",
        run_after=timezone.now(), started_at=timezone.now() if status == RUNNING else None)


def test_running_tasks_of_dead_workers_on_this_host_go_back_to_the_queue():
    alive = {200}.__contains__
    dead_here = task(RUNNING, "h1:200:aaaa", "h1:100:bbbb")  # the last worker counts: pid 100, dead
    live_here = task(RUNNING, "h1:200:cccc")
    elsewhere = task(RUNNING, "h2:100:dddd")
    unnamed = task(RUNNING, "3f9a0c")  # a worker started without `motcua worker`: unknown, untouched
    done = task(TaskResultStatus.SUCCESSFUL, "h1:100:eeee")
    assert taskqueue.requeue_orphans("h1", alive) == 1
    statuses = {t.pk: DBTaskResult.objects.get(pk=t.pk).status for t in (dead_here, live_here, elsewhere, unnamed, done)}
    assert statuses == {dead_here.pk: READY, live_here.pk: RUNNING, elsewhere.pk: RUNNING, unnamed.pk: RUNNING,
                        done.pk: TaskResultStatus.SUCCESSFUL}
    requeued = DBTaskResult.objects.get(pk=dead_here.pk)
    assert requeued.started_at is None and DBTaskResult.objects.ready().filter(pk=requeued.pk).exists()
    assert taskqueue.requeue_orphans("h1", alive) == 0


def test_worker_ids_name_host_and_process_and_fit_the_column():
    host, pid, suffix = taskqueue.worker_id("x" * 40, 4_194_304).rsplit(":", 2)
    assert (host, pid, len(suffix)) == ("x" * 40, "4194304", 8)
    assert len(taskqueue.worker_id()) < 64 and taskqueue.worker_id() != taskqueue.worker_id()


def test_this_process_is_alive_and_a_finished_one_is_not():
    import subprocess
    import sys

    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    assert taskqueue.process_alive(taskqueue.os.getpid()) and not taskqueue.process_alive(child.pid)
