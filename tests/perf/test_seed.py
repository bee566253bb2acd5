"""The seed command and the seeded stories: deterministic, consistent codes and event chains."""

import random
from collections import defaultdict
from datetime import datetime, timedelta

import pytest
from django.core.management import CommandError, call_command

from motcua.dossiers.codes import parse_code
from motcua.dossiers.models import CodeSequence, Dossier, DossierEvent
from motcua.dossiers.services import verify_chain
from motcua.dossiers.workflow import State
from motcua.perf.loader import VN, receipt_days
from motcua.perf.stories import Mix, Place, story

PLACE = Place(unit_id=7, unit_code="H99.101", province_id=1, centre_id=3, reception=11, specialist=12, leader=13)
NOW = datetime(2026, 11, 23, tzinfo=VN)


def stories(seed, n=300, mix=Mix()):
    rng = random.Random(seed)
    return [story(rng, mix, i, PLACE, (5, 5), NOW - timedelta(days=1 + i % 60, hours=-9), NOW, i + 1)
            for i in range(n)]


def test_same_seed_same_stories_other_seed_other_stories():
    assert [s.dossier for s in stories(1)] == [s.dossier for s in stories(1)]
    assert [s.dossier["applicant_name"] for s in stories(1)] != [s.dossier["applicant_name"] for s in stories(2)]


def test_every_story_has_a_valid_chain_ending_in_the_rows_state():
    for s in stories(3):
        events = [type("E", (), e) for e in s.events]
        assert verify_chain(events) == []
        assert s.events[-1]["to_state"] == s.dossier["state"]
        assert all(e["at"] <= NOW for e in s.events)
        assert [e["at"] for e in s.events] == sorted(e["at"] for e in s.events)


def test_mix_shares_show_in_the_stories():
    everything_waits = stories(4, 50, Mix(waiting=1.0))
    assert {s.dossier["state"] for s in everything_waits} == {State.SUBMITTED}
    assert all("code" not in s.dossier for s in everything_waits)
    never_late = stories(5, 200, Mix(late=0.0, supplement=0.0, open=0.0))
    assert "late" not in {s.dossier.get("timeliness") for s in never_late}
    all_late = [s for s in stories(6, 200, Mix(late=1.0, open=0.0)) if s.dossier["state"] == State.RETURNED]
    assert all_late and {s.dossier["timeliness"] for s in all_late} == {"late"}


def test_receipt_days_are_working_days():
    days = receipt_days(NOW, 14)
    assert len(days) == 10 and all(d.weekday() < 5 for d in days) and max(days) < NOW


@pytest.mark.django_db
def test_seed_writes_consistent_codes_and_chains():
    call_command("seed", "--dossiers", "400", "--communes", "2", "--province", "H94", "--until", "2026-11-23",
                 "--json")
    dossiers = Dossier.objects.filter(province__code="H94")
    assert dossiers.count() == 400
    highest = defaultdict(int)
    for code in dossiers.exclude(code=None).values_list("code", flat=True):
        unit, day, number = parse_code(code)
        highest[unit, day] = max(highest[unit, day], number)
    sequences = {(s.unit.code, s.day): s.last for s in CodeSequence.objects.select_related("unit")
                 .filter(unit__province__code="H94")}
    assert sequences == dict(highest)
    assert sum(highest.values()) == dossiers.exclude(code=None).count()  # numbers without gaps
    for dossier in dossiers[:50]:
        assert verify_chain(list(DossierEvent.objects.filter(dossier=dossier).order_by("seq"))) == []


@pytest.mark.django_db
def test_seed_refuses_an_existing_province_and_bad_numbers():
    call_command("seed", "--dossiers", "0", "--communes", "1", "--province", "H93")
    with pytest.raises(CommandError) as existing:
        call_command("seed", "--dossiers", "0", "--communes", "1", "--province", "H93")
    assert existing.value.returncode == 2 and "already exists" in str(existing.value)
    with pytest.raises(CommandError) as bad:
        call_command("seed", "--dossiers", "-1", "--province", "H92")
    assert bad.value.returncode == 2
