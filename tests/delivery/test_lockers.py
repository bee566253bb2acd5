"""The 24-hour locker: placing a result, the one-time code, and its expiry, brute force and replay."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import reverse

from motcua.core.errors import UserFacingError
from motcua.delivery import lockers
from motcua.delivery.contrib.simulator import locker as simulator
from motcua.delivery.models import LockerOpening, Placement
from motcua.dossiers.models import Dossier
from motcua.dossiers.workflow import State
from tests.fixtures_dossiers import at

from .conftest import code_from_sms, sms_texts

T0 = at(2026, 3, 10, 9, 0)


@pytest.fixture
def placed(ready, locker, world):
    return lockers.place(ready, locker.slots[0], world.reception, now=T0)


def try_code(locker, dossier_code, code, client="10.0.0.7", now=T0 + timedelta(hours=1)):
    return lockers.collect(locker.box, dossier_code, code, client=client, now=now)


def test_placing_opens_the_slot_logs_it_and_texts_the_code(placed, locker, ready):
    code = code_from_sms()
    assert placed.status == Placement.Status.WAITING and placed.code_expires_at == T0 + timedelta(hours=48)
    assert code not in placed.code_hash and len(placed.code_hash) == 64  # only a keyed hash is stored
    assert code not in str(list(Placement.objects.values()))
    assert simulator.open_doors(locker.box, [1, 2]) == {1}
    opening = LockerOpening.objects.get()
    assert (opening.reason, opening.slot, opening.actor.username) == ("place", locker.slots[0], "tiepnhan")
    assert f"Ket qua ho so {ready.code} o Tu 24h An Binh, o so A01. Ma mo tu: {code}" in sms_texts()[-1]
    assert list(lockers.free_slots(unit_id=ready.unit_id)) == locker.slots[1:]


def test_right_code_opens_and_returns_the_result_as_the_system(placed, locker, ready):
    simulator.close(locker.box, 1)
    collected = try_code(locker, ready.code.lower(), code_from_sms())
    assert collected.status == Placement.Status.COLLECTED
    dossier = Dossier.objects.get(pk=ready.pk)
    assert (dossier.state, dossier.national_status, dossier.received_by_name) == (
        State.RETURNED, 10, "Tủ 24h: Tủ 24h An Bình, ô A01")
    event = dossier.events.order_by("-seq").first()
    assert (event.action, event.actor, event.actor_role, event.data["receiver"], event.data["slot"]) == (
        "return_result", None, "system", "locker", 1)
    assert simulator.open_doors(locker.box, [1]) == {1}
    assert list(LockerOpening.objects.order_by("pk").values_list("reason", "client")) == [
        ("place", ""), ("collect", "10.0.0.7")]


def test_replay_of_a_used_code_opens_nothing(placed, locker, ready):
    code = code_from_sms()
    assert try_code(locker, ready.code, code)
    simulator.close(locker.box, 1)
    assert try_code(locker, ready.code, code) is None
    assert simulator.open_doors(locker.box, [1]) == set()
    assert LockerOpening.objects.filter(reason="collect").count() == 1


def test_code_expires(placed, locker, ready, settings):
    code = code_from_sms()
    assert try_code(locker, ready.code, code, now=T0 + timedelta(hours=48)) is None
    assert Placement.objects.get().status == Placement.Status.WAITING  # still there, for the officer
    settings.MOTCUA_LOCKER_CODE_HOURS = 72
    lockers.reissue_code(placed, placed.placed_by, now=T0 + timedelta(hours=49))
    assert try_code(locker, ready.code, code_from_sms(), now=T0 + timedelta(hours=50))


def test_brute_force_locks_the_placement_after_five_wrong_codes(placed, locker, ready):
    code = code_from_sms()
    wrong = [c for c in ("000000", "111111", "222222", "333333", "444444", "555555") if c != code][:5]
    for n, guess in enumerate(wrong, start=1):
        assert try_code(locker, ready.code, guess, client=f"10.0.0.{n}") is None
    placement = Placement.objects.get()
    assert (placement.status, placement.failed_attempts) == (Placement.Status.LOCKED, 5)
    assert try_code(locker, ready.code, code, client="10.0.0.99") is None  # even the right code, now
    assert "bi khoa do nhap sai nhieu lan" in sms_texts()[-1]
    assert Dossier.objects.get(pk=ready.pk).state == State.COMPLETED
    lockers.reissue_code(placement, placed.placed_by, now=T0 + timedelta(hours=2))
    assert try_code(locker, ready.code, code_from_sms(), now=T0 + timedelta(hours=2))


@override_settings(MOTCUA_LOCKER_RATE_PER_CLIENT="3/600")
def test_one_client_is_stopped_whatever_dossier_it_tries(placed, locker, ready):
    for guess in ("000001", "000002", "000003"):
        assert try_code(locker, "H99.50-000000-0000", guess) is None
    with pytest.raises(lockers.TooManyTries):
        try_code(locker, ready.code, code_from_sms())
    assert try_code(locker, ready.code, code_from_sms(), client="10.0.0.8")  # another client is not affected


def test_a_wrong_code_never_tells_whether_the_dossier_exists(placed, locker, ready, client):
    url = reverse("delivery:locker_screen", args=[locker.box.code])
    answers = [client.post(url, {"dossier_code": code, "code": "999999"}, REMOTE_ADDR=f"10.1.0.{n}")
               for n, code in enumerate([ready.code, "H99.50-260101-9999", "XYZ"])]
    assert {a.status_code for a in answers} == {400}
    assert len({_without_inputs(a.content.decode()) for a in answers}) == 1
    assert lockers.WRONG_CODE[0] in answers[0].content.decode()


def _without_inputs(html: str) -> str:
    """The page minus the echoed inputs and the CSRF token, which differ from request to request."""
    import re

    return re.sub(r"<input[^>]*>|hx-headers='[^']*'", "", html)


def test_device_down_means_nothing_happens(ready, locker, world):
    simulator.set_down(locker.box, True)
    with pytest.raises(UserFacingError, match="Không mở được tủ"):
        lockers.place(ready, locker.slots[0], world.reception, now=T0)
    assert not Placement.objects.exists() and not LockerOpening.objects.exists()
    assert not any("Ma mo tu" in t for t in sms_texts())


def test_only_return_desk_staff_of_the_unit_place_results(ready, locker, world):
    from django.core.exceptions import PermissionDenied

    for someone in (world.specialist, world.other_reception, world.citizen):
        with pytest.raises(PermissionDenied):
            lockers.place(ready, locker.slots[0], someone, now=T0)


def test_a_slot_takes_one_result_and_a_result_one_slot(ready, locker, world, applicant):
    from .conftest import finish

    lockers.place(ready, locker.slots[0], world.reception, now=T0)
    other = finish(world, applicant)
    with pytest.raises(UserFacingError, match="Ô tủ vừa có kết quả khác"):
        lockers.place(other, locker.slots[0], world.reception, now=T0)
    with pytest.raises(UserFacingError, match="đang ở trong tủ"):
        lockers.place(ready, locker.slots[1], world.reception, now=T0)


def test_no_phone_no_locker(world, applicant, locker):
    from .conftest import finish

    applicant.phone = ""
    dossier = finish(world, applicant)
    with pytest.raises(UserFacingError, match="không có số điện thoại"):
        lockers.place(dossier, locker.slots[0], world.reception, now=T0)


def test_uncollected_results_go_back_after_the_keep_days(placed, locker, ready, world, settings):
    settings.MOTCUA_LOCKER_KEEP_DAYS = 3
    assert lockers.sweep(now=T0 + timedelta(days=2, hours=23)) == []
    assert [p.pk for p in lockers.sweep(now=T0 + timedelta(days=3))] == [placed.pk]
    assert Placement.objects.get().status == Placement.Status.EXPIRED
    assert "da qua thoi han nhan tai tu 24 gio" in sms_texts()[-1]
    assert try_code(locker, ready.code, code_from_sms(), now=T0 + timedelta(days=3)) is None
    assert lockers.sweep(now=T0 + timedelta(days=4)) == []  # once
    lockers.recall(placed, world.reception, now=T0 + timedelta(days=3, hours=1))
    assert Placement.objects.get().status == Placement.Status.RECALLED
    assert LockerOpening.objects.filter(reason="recall", actor=world.reception).exists()
    assert list(lockers.free_slots(unit_id=ready.unit_id)) == locker.slots


def test_sweep_command(placed, settings):
    from io import StringIO

    from django.core.management import call_command

    settings.MOTCUA_LOCKER_KEEP_DAYS = 0
    out = StringIO()
    call_command("locker_sweep", stdout=out)
    assert placed.dossier.code in out.getvalue() and "1 kết quả chuyển về quầy" in out.getvalue()
