"""Per-unit inputs of indicators 5.1–5.4 for a period, as the monitoring issue reads them."""

from datetime import timedelta

from motcua.dossiers.models import Dossier
from motcua.feedback import figures, petitions, ratings
from motcua.monitoring.index766 import score
from tests.fixtures_dossiers import at

from .conftest import finish, send

MARCH = (at(2026, 3, 1), at(2026, 4, 1))


def test_petition_figures(world, manager):
    a, b = world.org.commune_a.pk, world.org.commune_b.pk
    on_time = petitions.answer(send(world, at=at(2026, 3, 2, 9)), manager, "Trả lời đúng hạn.", now=at(2026, 3, 3, 9))
    disliked = petitions.answer(send(world, at=at(2026, 3, 2, 9), about="officer"), manager, "Trả lời chưa hay.",
                                to_publish=True, now=at(2026, 3, 3, 9))
    petitions.publish(disliked, manager, now=at(2026, 3, 3, 10))
    for voter, verdict in [("sender", "dislike"), ("reader-1", "dislike"), ("reader-2", "like")]:
        petitions.vote(disliked, voter, verdict)
    reopened = petitions.answer(send(world, at=at(2026, 3, 2, 9)), manager, "Trả lời lần một.", now=at(2026, 3, 3, 9))
    reopened = petitions.reopen(reopened, "Chưa thỏa đáng, đề nghị trả lời lại.", now=at(2026, 3, 4, 9))
    petitions.answer(reopened, manager, "Trả lời lần hai.", now=at(2026, 3, 5, 9))
    send(world, at=at(2026, 3, 2, 9), about="question")  # still open at the end of March: overdue (due 23/03)
    send(world, at=at(2026, 3, 30, 9))  # open, within time
    send(world, at=at(2026, 2, 27, 9))  # February: not in the period
    send(world, at=at(2026, 3, 5, 9), unit=world.org.commune_b)
    got = figures.petition_figures([a, b], *MARCH, now=at(2026, 4, 2))
    assert got[a] == {"received": 5, "procedure": 4, "officer": 1, "overdue": 1, "dislike_over_like": 1,
                      "reopened": 1, "5.1": (4, 5), "5.2": (4, 5), "5.3": (2, 5)}
    assert got[b]["received"] == 1 and got[b]["5.2"] == (0, 1)  # unanswered past 26/03
    assert str(score({"5.2": got[a]["5.2"], "5.3": got[a]["5.3"]}).groups["5"].score) == "7.20"  # 4.80 + 2.40
    assert on_time.late is False


def test_lateness_is_judged_at_the_cut_off(world):
    send(world, at=at(2026, 3, 2, 9))  # Monday + 15 working days: due Monday 23/03 09:00
    a = world.org.commune_a.pk
    assert figures.petition_figures([a], *MARCH, now=at(2026, 3, 23, 9))[a]["overdue"] == 0
    assert figures.petition_figures([a], *MARCH, now=at(2026, 3, 23, 9, 1))[a]["overdue"] == 1


def test_dossier_satisfaction_figures(world, applicant, manager):
    from motcua.dossiers import services

    a = world.org.commune_a.pk
    t = at(2026, 3, 2, 9)
    liked, disliked, complained, plain = [finish(world, applicant, owner=world.citizen, at=t) for _ in range(4)]
    for d in (liked, disliked):
        services.perform(d, "return_result", world.reception, received_by_name="An", received_by_id_number="1",
                         now=t + timedelta(hours=2))
    ratings.rate(Dossier.objects.get(pk=liked.pk), channel="portal", overall="like", attitude="like", now=t)
    ratings.rate(Dossier.objects.get(pk=disliked.pk), channel="sms", overall="dislike", now=t)
    send(world, at=t, dossier_code=complained.code)
    late = finish(world, applicant, at=t)  # finished after its due moment
    Dossier.objects.filter(pk=late.pk).update(timeliness="late")
    overdue_open = services.create(procedure=world.procedure, unit=world.org.commune_a, channel="direct",
                                   applicant=applicant, actor=world.reception, submitted_via="counter", submit=True,
                                   now=t)
    services.perform(overdue_open, "accept", world.reception, now=t)  # 5 working days: due 09/03
    got = figures.dossier_satisfaction_figures([a], *MARCH, now=at(2026, 4, 2))[a]
    assert {k: got[k] for k in ("received", "overdue", "with_petition_or_dislike", "5.4")} == {
        "received": 6, "overdue": 2, "with_petition_or_dislike": 2, "5.4": (2, 6)}
    assert got["ratings"]["overall_like"] == 1 and got["ratings"]["overall_dislike"] == 1
    assert got["ratings"]["attitude_like"] == 1 and got["ratings"]["guidance_like"] == 0
    before = figures.dossier_satisfaction_figures([a], *MARCH, now=at(2026, 3, 5))[a]
    assert before["overdue"] == 1  # the open one is not late yet on 05/03; the flagged one is


def test_figures_cost_a_fixed_number_of_queries_however_many_units(world, applicant, django_assert_num_queries):
    send(world, at=at(2026, 3, 2, 9))
    finish(world, applicant, at=at(2026, 3, 2, 9))
    units = [world.org.commune_a.pk, world.org.commune_b.pk, world.org.dept.pk]
    with django_assert_num_queries(1):
        figures.petition_figures(units, *MARCH)
    with django_assert_num_queries(4):  # received, overdue, with petition or dislike, ratings
        figures.dossier_satisfaction_figures(units, *MARCH)
