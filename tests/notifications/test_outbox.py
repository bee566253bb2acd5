"""The outbox: every change produces its sync and SMS messages in the same transaction; delivery
survives outages, lost replies and rejections; each key arrives once and in order per dossier."""

from datetime import timedelta

import pytest
from django.utils import timezone

from motcua.dossiers import services as dossiers
from motcua.notifications import registry, services
from motcua.notifications.contrib.simulator.models import ReceivedMessage
from motcua.notifications.contrib.simulator.plugins import set_mode
from motcua.notifications.models import OutboxMessage

from tests.fixtures_dossiers import at

pytestmark = pytest.mark.django_db
LATER = timezone.now() + timedelta(days=365)


@pytest.fixture(autouse=True)
def _plugins():
    registry.reset()


def run_dossier(world, applicant):
    d = dossiers.create(procedure=world.procedure, unit=world.org.commune_a, channel="online", applicant=applicant,
                        owner=world.citizen, submit=True, now=at(2026, 3, 2, 8))
    d = dossiers.perform(d, "accept", world.reception, now=at(2026, 3, 2, 8))
    d = dossiers.perform(d, "forward", world.reception, now=at(2026, 3, 2, 9))
    return dossiers.perform(d, "forward", world.specialist, now=at(2026, 3, 3, 9))


def drain():
    while services.deliver_due(now=LATER):
        pass


def test_every_change_is_synced_to_the_portal_in_order(world, applicant):
    run_dossier(world, applicant)
    drain()
    sync = list(ReceivedMessage.objects.filter(channel="dvcqg"))
    assert [m.payload["service"] for m in sync] == ["DongBoHoSoMC"] * 3 + ["CapNhatTienDoHoSoMC"]
    first, accepted, processing, progress = (m.payload["data"][0] for m in sync)
    assert processing["TrangThaiHoSo"] == 4
    assert sync[0].payload["isUpdating"] == "false" and sync[1].payload["isUpdating"] == "true"
    assert (first["TrangThaiHoSo"], first["KenhThucHien"], first["LoaiDoiTuong"]) == (1, 2, 1)
    assert accepted["MaHoSo"] == "H99.50-260302-0001"
    assert (accepted["NgayTiepNhan"], accepted["NgayHenTra"]) == ("20260302080000", "20260309080000")
    assert progress["TrangThai"] == 4 and progress["MaHoSo"] == "H99.50-260302-0001"


def test_applicant_gets_an_sms_per_status_change_without_duplicates(world, applicant):
    run_dossier(world, applicant)
    drain()
    drain()
    texts = [m.payload["text"] for m in ReceivedMessage.objects.filter(channel="sms")]
    assert texts == ["Ho so 1.001193 cua ong/ba da duoc gui, dang cho tiep nhan.",
                     "Ho so H99.50-260302-0001 da duoc tiep nhan. Hen tra ket qua: 08:00 09/03/2026."]
    assert all(len(t) <= 160 and t.isascii() for t in texts)


def test_portal_down_for_a_while_loses_nothing_and_keeps_order(world, applicant):
    set_mode("dvcqg", "down")
    run_dossier(world, applicant)
    run_dossier(world, applicant)
    for _ in range(3):
        services.deliver_due(now=LATER)
    assert not ReceivedMessage.objects.filter(channel="dvcqg").exists()
    waiting = OutboxMessage.objects.filter(channel="dvcqg")
    assert waiting.count() == 8 and not waiting.filter(status="sent").exists()
    assert services.backlog()["dvcqg:retrying"]["count"] == 2  # only the first of each dossier was tried
    set_mode("dvcqg", "error")
    services.deliver_due(now=LATER)
    set_mode("dvcqg", "up")
    drain()
    received = list(ReceivedMessage.objects.filter(channel="dvcqg"))
    assert len(received) == 8 and all(m.deliveries == 1 for m in received)
    for key in {m.ordering_key for m in received}:
        assert [m.seq for m in received if m.ordering_key == key] == [2, 3, 4, 5]


def test_lost_reply_redelivers_but_the_receiver_sees_each_key_once(world, applicant):
    set_mode("dvcqg", "lose_reply")
    run_dossier(world, applicant)
    services.deliver_due(now=LATER)
    set_mode("dvcqg", "up")
    drain()
    received = list(ReceivedMessage.objects.filter(channel="dvcqg"))
    assert len(received) == 4
    assert received[0].deliveries == 2  # sent twice, stored once
    assert OutboxMessage.objects.filter(channel="dvcqg", status="sent").count() == 4


def test_rejected_message_is_parked_for_the_operator_and_blocks_later_ones(world, applicant):
    set_mode("dvcqg", "reject")
    run_dossier(world, applicant)
    services.deliver_due(now=LATER)
    dead = OutboxMessage.objects.get(status="dead")
    assert "HTTP 400" in dead.last_error and dead.seq == 2
    set_mode("dvcqg", "up")
    drain()
    assert not ReceivedMessage.objects.filter(channel="dvcqg").exists()  # order is kept
    assert services.retry_dead(OutboxMessage.objects.all()) == 1
    drain()
    assert ReceivedMessage.objects.filter(channel="dvcqg").count() == 4


def test_backoff_grows_and_is_capped(settings):
    settings.MOTCUA_OUTBOX_BACKOFF_SECONDS, settings.MOTCUA_OUTBOX_BACKOFF_MAX_SECONDS = 5, 60
    assert [services.backoff(n).seconds for n in (1, 2, 3, 4, 5, 9)] == [5, 10, 20, 40, 60, 60]


def test_retries_wait_for_their_moment(world, applicant):
    set_mode("sms", "timeout")
    run_dossier(world, applicant)
    services.deliver_due(now=LATER)
    message = OutboxMessage.objects.filter(channel="sms").order_by("seq").first()
    assert message.status == "retrying" and "timed out" in message.last_error
    set_mode("sms", "up")
    sms = OutboxMessage.objects.filter(channel="sms")
    services.deliver_due(now=message.next_attempt_at - timedelta(seconds=1))
    assert not sms.filter(status="sent").exists()  # not yet due, and the next one waits behind it
    services.deliver_due(now=message.next_attempt_at)
    services.deliver_due(now=message.next_attempt_at)  # the next one goes on the following poll
    assert sms.filter(status="sent").count() == 2


def test_same_key_twice_is_one_message(world):
    services.enqueue("sms", "k", "o", 1, {"to": "0912345678", "text": "a"})
    services.enqueue("sms", "k", "o", 1, {"to": "0912345678", "text": "b"})
    assert OutboxMessage.objects.count() == 1


def test_a_failed_change_writes_no_message(world, applicant):
    d = dossiers.create(procedure=world.procedure, unit=world.org.commune_a, channel="online", applicant=applicant,
                        owner=world.citizen, submit=True)
    before = OutboxMessage.objects.count()
    with pytest.raises(dossiers.UserFacingError):
        dossiers.perform(d, "refuse", world.reception)  # no reason given
    assert OutboxMessage.objects.count() == before
