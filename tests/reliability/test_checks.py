"""The crash test's proof (bench/crash.py ``check``) finds each kind of lost or doubled work: a run
done right passes, and each fault planted in it is reported. Runs on SQLite and PostgreSQL."""

import importlib.util
from datetime import timedelta
from pathlib import Path

import pytest
from django.db.models import F
from django.utils import timezone

from motcua.dossiers import idempotency, services
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.monitoring.models import DailyFact
from motcua.notifications import registry
from motcua.notifications import services as outbox
from motcua.notifications.contrib.simulator.models import ReceivedMessage
from motcua.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db
_spec = importlib.util.spec_from_file_location("crash", Path(__file__).resolve().parents[2] / "bench" / "crash.py")
crash = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(crash)


@pytest.fixture
def run(world, applicant):
    """Three acknowledged submissions, two acknowledged receptions, the outbox delivered."""
    registry.reset()
    since, ledger = crash.marks(), crash.Ledger("t")
    for n in range(3):
        key = f"crash-t-{n}"
        dossier, _ = idempotency.once(key, f"user:{world.citizen.pk}", "fingerprint", lambda key=key: services.create(
            procedure=world.procedure, unit=world.org.commune_a, channel="online", applicant=applicant,
            owner=world.citizen, summary=key, submit=True))
        ledger.acknowledged[key] = str(dossier.public_id)
        if n < 2:
            ledger.codes[str(dossier.public_id)] = services.perform(dossier, "accept", world.reception).code
    while outbox.deliver_due(now=timezone.now() + timedelta(days=1)):
        pass
    return ledger, since


def problems(run, task_ids=()):
    ledger, since = run
    return crash.check(ledger, since, list(task_ids))[0]


def test_a_clean_run_passes(run):
    assert problems(run) == []
    assert crash.check(*run, [])[1] == {"dossiers": 3, "received": 2}


def test_a_key_done_twice_is_found(run, world, applicant):
    services.create(procedure=world.procedure, unit=world.org.commune_a, channel="online", applicant=applicant,
                    owner=world.citizen, summary="crash-t-0", submit=True)  # as if idempotency were gone
    found = problems(run)
    assert "crash-t-0: 2 dossiers for one key" in found
    assert any("has no idempotency key" in p for p in found)


def test_an_acknowledged_submission_that_is_missing_is_found(run):
    ledger, _ = run
    ledger.acknowledged["crash-t-9"] = "00000000-0000-0000-0000-000000000000"
    assert problems(run) == ["crash-t-9: acknowledged as 00000000-0000-0000-0000-000000000000, found []"]


def test_a_gap_in_the_codes_is_found(run):
    received = Dossier.objects.filter(summary="crash-t-1").get()  # the second of the day: 0002
    Dossier.objects.filter(pk=received.pk).update(code=received.code[:-4] + "0003")
    found = problems(run)
    assert any(p.endswith("2 codes, doubled [], missing [2], counter at 2") for p in found)
    assert f"{received.public_id}: clerk was given {received.code}, the dossier holds {received.code[:-4]}0003" in found


def test_a_message_from_a_rolled_back_change_is_found(run):
    dossier = Dossier.objects.get(summary="crash-t-2")
    outbox.enqueue("dvcqg", f"dvcqg:{dossier.public_id}:9", f"dvcqg:{dossier.pk}", 9, {})  # no event 9
    found = problems(run)
    assert f"message dvcqg:{dossier.public_id}:9: no such event (written outside its transaction?)" in found
    assert any(p.startswith(f"message dvcqg:{dossier.public_id}:9: pending") for p in found)


def test_an_event_without_its_message_is_found(run):
    message = OutboxMessage.objects.filter(channel="dvcqg").order_by("pk").first()
    ReceivedMessage.objects.filter(key=message.key).delete()
    message.delete()
    _, public_id, seq = message.key.split(":")
    assert problems(run) == [f"event ('{public_id}', {seq}): no portal message"]


def test_a_message_delivered_twice_or_never_is_found(run):
    first, second = OutboxMessage.objects.order_by("pk")[:2]
    ReceivedMessage.objects.filter(key=first.key).update(deliveries=F("deliveries") + 1)
    ReceivedMessage.objects.filter(key=second.key).delete()
    assert problems(run) == [f"message {first.key}: receiver holds it delivered 2 times",
                             f"message {second.key}: receiver holds it 0"]


def test_a_dossiers_messages_received_out_of_order_are_found(run):
    """As if the outbox sent a dossier's later message while an earlier one was still failing."""
    first = ReceivedMessage.objects.filter(channel="dvcqg").order_by("pk").first()
    ReceivedMessage.objects.filter(pk=first.pk).delete()
    ReceivedMessage.objects.create(channel=first.channel, key=first.key, ordering_key=first.ordering_key,
                                   seq=first.seq, payload=first.payload)  # now it arrived last
    later = ReceivedMessage.objects.filter(channel="dvcqg", ordering_key=first.ordering_key,
                                           seq__gt=first.seq).order_by("-seq").values_list("seq", flat=True)[0]
    assert problems(run) == [f"dvcqg {first.ordering_key}: message {first.seq} arrived after {later}"]


def test_a_lost_event_or_a_tampered_log_is_found(run):
    dossier = Dossier.objects.get(summary="crash-t-0")
    DossierEvent.objects.filter(dossier=dossier, seq=2).update(comment="sửa")
    found = problems(run)
    assert any(p.startswith("motcua audit verify") for p in found)
    DossierEvent.objects.filter(dossier=dossier, seq=3).delete()
    assert any(p.startswith("crash-t-0: event log") and "does not end in state received" in p for p in problems(run))


def test_facts_that_differ_from_the_log_are_found(run):
    DailyFact.objects.update(submitted=F("submitted") + 1)
    assert any(p.startswith("motcua facts rebuild --check") for p in problems(run))


def test_an_unfinished_task_is_found(run):
    assert problems(run, ["0f0f0f0f-0000-0000-0000-000000000000"]) == [
        "task 0f0f0f0f-0000-0000-0000-000000000000: missing"]
