"""Parallel receptions on PostgreSQL: every one is counted in the same fact row, none lost."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from motcua.dossiers import services
from motcua.monitoring import facts
from motcua.monitoring.models import DailyFact, MonthFact
from tests.monitoring.flows import at, submitted

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]
N = 24


def test_parallel_acceptances_add_up_in_one_row(world, applicant):
    now = at(2026, 10, 8, 9, 0)
    dossiers = [submitted(world, applicant, now) for _ in range(N)]

    def accept(d):
        try:
            return services.perform(d, "accept", world.reception, now=now).code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert len(set(pool.map(accept, dossiers))) == N
    day = DailyFact.objects.get(unit=world.org.commune_a, day=now.date())
    month = MonthFact.objects.get(unit=world.org.commune_a, day=now.date().replace(day=1))
    assert (day.submitted, day.accepted, month.accepted) == (N, N, N)
    assert facts.rebuild(check=True).differences == []
