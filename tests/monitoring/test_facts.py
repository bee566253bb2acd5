"""Facts added in the dossier's transaction, and the rebuild that proves them against the log."""

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from motcua.dossiers import services
from motcua.monitoring import facts
from motcua.monitoring.models import DailyFact, MonthFact
from tests.monitoring.flows import accepted, at, finished, submitted

pytestmark = pytest.mark.django_db


def row(unit, day, channel="online"):
    return DailyFact.objects.get(unit=unit, day=day, channel=channel)


def test_a_journey_adds_each_measure_on_its_day(world, applicant):
    # accepted Mon 2 Mar 08:00, due Mon 9 Mar 08:00 (5 working days)
    finished(world, applicant, at(2026, 3, 2, 8), at(2026, 3, 4, 9, 30), returned=at(2026, 3, 5, 14))
    finished(world, applicant, at(2026, 3, 2, 8), at(2026, 3, 9, 8, 0))   # on the due moment: on time
    finished(world, applicant, at(2026, 3, 2, 8), at(2026, 3, 10, 8, 0))  # a day after: late
    refused = submitted(world, applicant, at(2026, 3, 2, 9))
    services.perform(refused, "refuse", world.reception, comment="Không thuộc thẩm quyền", now=at(2026, 3, 2, 9))

    monday = row(world.org.commune_a, at(2026, 3, 2).date())
    assert (monday.submitted, monday.accepted, monday.refused) == (4, 3, 1)
    assert (row(world.org.commune_a, at(2026, 3, 4).date()).finished_early,
            row(world.org.commune_a, at(2026, 3, 5).date()).returned) == (1, 1)
    assert row(world.org.commune_a, at(2026, 3, 9).date()).finished_on_time == 1
    late = row(world.org.commune_a, at(2026, 3, 10).date())
    assert (late.finished_late, late.finished_seconds) == (1, 8 * 86400)
    assert DailyFact.objects.filter(unit=world.org.commune_b).count() == 0
    march = MonthFact.objects.get(unit=world.org.commune_a, day=at(2026, 3, 1).date())
    assert (march.submitted, march.accepted, march.refused, march.finished_early, march.finished_on_time,
            march.finished_late, march.returned) == (4, 3, 1, 1, 1, 1, 1)
    assert march.finished_seconds == sum(DailyFact.objects.values_list("finished_seconds", flat=True))


def test_supplement_and_apology_are_counted_when_asked(world, applicant):
    d = accepted(world, applicant, at(2026, 3, 2, 8))
    d = services.perform(d, "forward", world.reception, now=at(2026, 3, 2, 8, 30))
    d = services.perform(d, "request_supplement", world.specialist, now=at(2026, 3, 3, 9), comment="Thiếu giấy")
    d = services.perform(d, "receive_supplement", world.reception, now=at(2026, 3, 4, 9))
    services.perform(d, "apologize", world.specialist, now=at(2026, 3, 6, 9), comment="Cần xác minh",
                     new_due_at=at(2026, 3, 13, 16))
    assert row(world.org.commune_a, at(2026, 3, 3).date()).supplement_requests == 1
    assert row(world.org.commune_a, at(2026, 3, 6).date()).extensions == 1


def test_facts_roll_back_with_the_change(world, applicant):
    d = accepted(world, applicant, at(2026, 3, 2, 8))
    before = list(DailyFact.objects.values_list("accepted", "refused"))
    with pytest.raises(RuntimeError), transaction.atomic():
        services.perform(d, "withdraw", world.reception, now=at(2026, 3, 2, 10))
        raise RuntimeError("the request failed after the change")
    assert list(DailyFact.objects.values_list("accepted", "refused")) == before
    assert facts.rebuild(check=True).differences == []


def test_members_of_a_bundle_are_counted_once_with_their_bundle(world, applicant, bundle):
    d = services.create(procedure=bundle, unit=world.org.commune_a, channel="online", applicant=applicant,
                        actor=world.citizen, owner=world.citizen, submit=True, now=at(2026, 3, 2, 8))
    services.perform(d, "accept", world.reception, now=at(2026, 3, 2, 8))
    assert list(DailyFact.objects.values_list("procedure_id", "submitted", "accepted")) == [(bundle.pk, 1, 1)]


def test_rebuild_check_finds_tampering_and_rebuild_repairs_it(world, applicant):
    finished(world, applicant, at(2026, 3, 2, 8), at(2026, 3, 4, 9, 30))
    accepted(world, applicant, at(2026, 3, 3, 8), unit=world.org.commune_b, reception=world.other_reception)
    assert facts.rebuild(check=True).differences == []

    DailyFact.objects.filter(unit=world.org.commune_a, day=at(2026, 3, 2).date()).update(accepted=7)
    DailyFact.objects.filter(unit=world.org.commune_b).delete()
    MonthFact.objects.filter(unit=world.org.commune_a).update(finished_early=0)
    outcome = facts.rebuild(check=True)
    assert sorted((d.measure, d.expected, d.stored) for d in outcome.differences) == [
        ("accepted", 1, 0), ("accepted", 1, 7), ("finished_early", 1, 0), ("submitted", 1, 0)]
    assert DailyFact.objects.filter(unit=world.org.commune_b).count() == 0  # --check writes nothing

    assert len(facts.rebuild().differences) == 4
    assert facts.rebuild(check=True).differences == []
    assert row(world.org.commune_a, at(2026, 3, 2).date()).accepted == 1
    assert MonthFact.objects.get(unit=world.org.commune_a).finished_early == 1


def test_facts_command_exits_1_on_differences(world, applicant, capsys):
    finished(world, applicant, at(2026, 3, 2, 8), at(2026, 3, 4, 9, 30))
    call_command("facts", "rebuild", "--check")
    assert "khớp" in capsys.readouterr().out
    DailyFact.objects.update(finished_early=0)
    with pytest.raises(CommandError) as err:
        call_command("facts", "rebuild", "--check")
    assert err.value.returncode == 1
    out = capsys.readouterr().out
    assert "finished_early" in out and "H99.50" in out
    call_command("facts", "rebuild")
    call_command("facts", "rebuild", "--check")


def test_facts_command_refuses_an_unknown_province(db):
    with pytest.raises(CommandError) as err:
        call_command("facts", "rebuild", "--province", "H00")
    assert err.value.returncode == 2 and "H00" in str(err.value)
