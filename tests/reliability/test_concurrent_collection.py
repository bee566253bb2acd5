"""Two collections of one province's day at once — the task and the cron line, or a task put back
after its worker was killed while a fresh one runs — both finish, and one set of rows remains.
Found by the crash test: the second used to fail on the unique (unit, day) key."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from motcua.monitoring import sources
from motcua.monitoring.models import SourceFact, SourceMonthFact
from tests.monitoring.flows import accepted, at

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]
N = 6


def test_parallel_collections_of_one_day_all_succeed(world, applicant):
    day = at(2026, 3, 2, 8)
    accepted(world, applicant, day)
    start = threading.Barrier(N)

    def collect(_):
        try:
            start.wait()
            return sources.collect(world.org.province.pk, day.date())
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=N) as pool:
        assert list(pool.map(collect, range(N))) == [1] * N
    assert SourceFact.objects.get(unit=world.org.commune_a, day=day.date()).results_received == 1
    assert SourceMonthFact.objects.get(unit=world.org.commune_a, day=day.date().replace(day=1)).results_received == 1
