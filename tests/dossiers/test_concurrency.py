"""Parallel receptions on PostgreSQL: codes unique and gapless; concurrent actions lose nothing."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.db import connection

from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.dossiers.workflow import State

from .conftest import at

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]
N = 24


def _in_thread(fn):
    def run(*args):
        try:
            return fn(*args)
        finally:
            connection.close()
    return run


def test_parallel_receptions_get_unique_gapless_codes(world, applicant):
    now = at(2026, 10, 8, 9, 0)
    dossiers = [services.create(procedure=world.procedure, unit=world.org.commune_a, channel="online",
                                applicant=applicant, owner=world.citizen, submit=True, now=now) for _ in range(N)]

    @_in_thread
    def accept(d):
        return services.perform(d, "accept", world.reception, now=now).code

    with ThreadPoolExecutor(max_workers=8) as pool:
        result = sorted(pool.map(accept, dossiers))
    assert result == [f"H99.50-261008-{n:04d}" for n in range(1, N + 1)]


def test_a_failed_reception_gives_its_number_back(world, applicant):
    now = at(2026, 10, 8, 9, 0)
    good = services.create(procedure=world.procedure, unit=world.org.commune_a, channel="online",
                           applicant=applicant, owner=world.citizen, submit=True, now=now)
    world.procedure.channels.all().delete()  # reception now fails after taking a number
    with pytest.raises(services.UserFacingError):
        services.perform(good, "accept", world.reception, now=now)
    from tests.fixtures_dossiers import make_procedure
    other = make_procedure("1.000001", "Chứng thực bản sao", [world.org.commune_a])
    d = services.create(procedure=other, unit=world.org.commune_a, channel="online", applicant=applicant,
                        owner=world.citizen, submit=True, now=now)
    assert services.perform(d, "accept", world.reception, now=now).code == "H99.50-261008-0001"


def test_two_officers_acting_at_once_one_wins_one_is_told(world, applicant):
    d = services.perform(services.create(procedure=world.procedure, unit=world.org.commune_a, channel="online",
                                         applicant=applicant, owner=world.citizen, submit=True,
                                         now=at(2026, 3, 2, 8)), "accept", world.reception, now=at(2026, 3, 2, 8))
    seen = Dossier.objects.get(pk=d.pk)
    barrier = Barrier(2)

    @_in_thread
    def act(name):
        barrier.wait()
        try:
            if name == "forward":
                services.perform(seen, "forward", world.reception)
            else:
                services.perform(seen, "withdraw", world.reception)
            return "ok"
        except services.ConcurrentUpdate:
            return "conflict"

    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = sorted(pool.map(act, ["forward", "withdraw"]))
    assert outcomes == ["conflict", "ok"]
    final = Dossier.objects.get(pk=d.pk)
    assert final.version == seen.version + 1
    assert final.state in (State.PROCESSING, State.WITHDRAWN)
    assert final.events.count() == 4  # create, submit, accept + exactly one of the two
