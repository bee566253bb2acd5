"""On PostgreSQL, at the same moment: the same code typed at two screens opens the slot once; a
burst of wrong guesses locks the placement after exactly the allowed number; a parcel reported
delivered twice in parallel returns the result once."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.utils import timezone

from motcua.delivery import lockers, post
from motcua.delivery.contrib.simulator.post import PostSimulator
from motcua.delivery.models import LockerOpening, Placement, ShipmentEvent

from .conftest import code_from_sms, finish

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


def _in_thread(fn):
    def run(*args):
        try:
            return fn(*args)
        finally:
            connection.close()
    return run


@pytest.fixture
def placed(world, applicant, locker):
    dossier = finish(world, applicant, delivery="locker")
    return lockers.place(dossier, locker.slots[0], world.reception)


def test_one_code_at_two_screens_opens_once(placed, locker):
    code = code_from_sms()

    @_in_thread
    def collect(n):
        return lockers.collect(locker.box, placed.dossier.code, code, client=f"10.2.0.{n}")

    with ThreadPoolExecutor(max_workers=8) as pool:
        opened = [p for p in pool.map(collect, range(8)) if p is not None]
    assert len(opened) == 1 and LockerOpening.objects.filter(reason="collect").count() == 1
    assert placed.dossier.events.filter(action="return_result").count() == 1


def test_parallel_guesses_lock_after_exactly_five(placed, locker, settings):
    code = code_from_sms()
    guesses = [f"{n:06d}" for n in range(20) if f"{n:06d}" != code][:16]

    @_in_thread
    def guess(value):
        return lockers.collect(locker.box, placed.dossier.code, value, client=f"10.3.0.{value[-2:]}")

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert not any(pool.map(guess, guesses))
    placement = Placement.objects.get()
    assert (placement.status, placement.failed_attempts) == ("locked", settings.MOTCUA_LOCKER_MAX_ATTEMPTS)


def test_a_delivery_report_sent_twice_at_once_counts_once(world, applicant):
    shipment = post.ship(finish(world, applicant, delivery="post"), world.reception,
                         recipient_name="An", recipient_phone="0912345678", address="Số 12 đường Lê Lợi, An Bình")
    message = PostSimulator.from_settings().report(shipment.tracking_number, "delivered", timezone.now(),
                                                   event_id="evt-42")

    @_in_thread
    def deliver(_):
        return post.receive_update(message.headers, message.body).http_status

    with ThreadPoolExecutor(max_workers=4) as pool:
        assert set(pool.map(deliver, range(4))) == {200}
    assert ShipmentEvent.objects.count() == 1
    assert shipment.dossier.events.filter(action="return_result").count() == 1
