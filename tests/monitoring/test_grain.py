"""Facts at the issue's grain (decisions 0610, 0611): source figures per unit × day × procedure ×
channel, ratings by day, feedback per procedure, the unit × month roll-up, and the check of every table."""

from collections import Counter
from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from motcua.dossiers import services
from motcua.feedback import ratings
from motcua.monitoring import board, dashboard, facts, figures, periods, sources
from motcua.monitoring.index766 import INDICATORS
from motcua.monitoring.models import (EXTERNAL_INDICATORS, DailyFact, ExternalIndicator, MonthFact, SourceFact,
                                      SourceMonthFact, SourceUnitMonthFact, UnitMonthFact)
from motcua.queueing import services as queue
from motcua.queueing.stats import queue_figures
from tests.fixtures_dossiers import make_procedure
from tests.monitoring.flows import accepted, at, fee_notice, finished, paid_online
from tests.queueing.world import make_queue

pytestmark = pytest.mark.django_db
MARCH = periods.parse("2026-03")
MONDAY = at(2026, 3, 2, 8)


@pytest.fixture
def second(world):
    """A second procedure of commune A (Chứng thực), received at the counter."""
    return make_procedure("2.000815", "Chứng thực bản sao từ bản chính", [world.org.commune_a])


def counter_dossier(world, applicant, procedure, now):
    d = services.create(procedure=procedure, unit=world.org.commune_a, channel="direct", applicant=applicant,
                        actor=world.reception, submitted_via="counter", submit=True, now=now)
    return services.perform(d, "accept", world.reception, now=now)


# --- pure rules ---------------------------------------------------------------------------------

def test_the_unit_month_roll_up_adds_procedures_and_channels_and_keeps_accepted_online():
    p, u = 1, 7
    daily = {(p, u, date(2026, 3, 2), 10, "online"): Counter(accepted=2, submitted=3),
             (p, u, date(2026, 3, 15), 11, "direct"): Counter(accepted=1, finished_late=1),
             (p, u, date(2026, 4, 1), 10, "online"): Counter(accepted=5)}
    assert facts.roll_up(daily, facts.UNIT_MONTH) == {
        (p, u, date(2026, 3, 1)): Counter(accepted=3, submitted=3, finished_late=1, accepted_online=2),
        (p, u, date(2026, 4, 1)): Counter(accepted=5, accepted_online=5)}
    assert facts.roll_up(daily, facts.MONTH)[(p, u, date(2026, 3, 1), 10, "online")] == Counter(accepted=2, submitted=3)


def test_source_month_sums_and_comparison():
    day_rows = {(1, date(2026, 3, 2), 7, 10, "online"): Counter(fee_dossiers=3, paid_online=1),
                (1, date(2026, 3, 9), 7, 10, "online"): Counter(fee_dossiers=2, paid_online=2),
                (1, date(2026, 3, 9), 7, None, ""): Counter(queue_tickets=12)}
    months = sources.month_sums(day_rows)
    assert months == {(1, date(2026, 3, 1), 7, 10, "online"): Counter(fee_dossiers=5, paid_online=3),
                      (1, date(2026, 3, 1), 7, None, ""): Counter(queue_tickets=12)}
    assert sources.month_sums(day_rows, ("unit_id",)) == {
        (1, date(2026, 3, 1), 7): Counter(fee_dossiers=5, paid_online=3, queue_tickets=12)}
    stored = {**months, (1, date(2026, 3, 1), 7, None, ""): Counter(queue_tickets=11)}
    assert [(d.column, d.expected, d.stored) for d in sources.compare("source-month", months, stored)] == [
        ("queue_tickets", 12, 11)]


def test_procedures_behind_the_online_payment_and_digitisation_shortfall():
    by_procedure = {1: {"fee_dossiers": 10, "paid_online": 4, "accepted": 8, "digitised_dossiers": 9},
                    2: {"fee_dossiers": 3, "paid_online": 0, "accepted": 6, "digitised_dossiers": 2},
                    3: {"fee_dossiers": 2, "paid_online": 2}}
    names = {1: "Khai sinh", 2: "Chứng thực", 3: "Kết hôn"}
    gaps = dashboard.procedure_gaps("3.6", 5, by_procedure, names)
    assert [(g.name, g.missing, g.of) for g in gaps] == [("Khai sinh", 6, 10), ("Chứng thực", 3, 3)]
    assert "procedure=1" in gaps[0].url and "unit=5" in gaps[0].url
    # more digitised than accepted counts as all of them, as indicator 4.2 caps it
    assert [(g.name, g.missing, g.of) for g in dashboard.procedure_gaps("4.2", 5, by_procedure, names)] == [
        ("Chứng thực", 4, 6)]


def test_a_procedures_shares_follow_the_unit_rule():
    shares = dashboard.procedure_shares({"accepted": 4}, {"fee_dossiers": 4, "paid_online": 3, "digitised_dossiers": 6,
                                                          "rating_overall_like": 3, "rating_overall_dislike": 1})
    assert shares["payment"] == (3, 4) and shares["digitised"] == (4, 4) and shares["rating"] == (3, 4)
    assert shares["electronic"] == (0, 0)


# --- the unit × month roll-up ------------------------------------------------------------------

def test_the_unit_month_row_is_written_with_the_day_and_month_rows(world, applicant, second):
    finished(world, applicant, MONDAY, at(2026, 3, 4, 9))       # online, Đăng ký khai sinh
    counter_dossier(world, applicant, second, at(2026, 3, 3, 8))  # direct, Chứng thực
    row = UnitMonthFact.objects.get(unit=world.org.commune_a, day=date(2026, 3, 1))
    months = MonthFact.objects.filter(unit=world.org.commune_a)
    assert months.count() == 2
    assert (row.submitted, row.accepted, row.accepted_online, row.finished_early) == (2, 2, 1, 1)
    assert row.finished_seconds == sum(m.finished_seconds for m in months)

    d = accepted(world, applicant, at(2026, 3, 5, 8))
    with pytest.raises(RuntimeError), transaction.atomic():
        services.perform(d, "withdraw", world.reception, now=at(2026, 3, 5, 10))
        raise RuntimeError("the request failed after the change")
    assert UnitMonthFact.objects.get(pk=row.pk).accepted == 3  # the withdrawal's finish rolled back with it
    assert UnitMonthFact.objects.get(pk=row.pk).finished_early + UnitMonthFact.objects.get(pk=row.pk).finished_late \
        == 1


@pytest.mark.parametrize("period", ["2026-03", "2026-Q1", "2026"])
def test_unit_totals_are_the_same_from_the_roll_up_as_from_the_month_rows(world, applicant, second, period,
                                                                           monkeypatch):
    finished(world, applicant, MONDAY, at(2026, 3, 12, 8))           # late
    finished(world, applicant, at(2026, 2, 2, 8), at(2026, 2, 3, 8))
    counter_dossier(world, applicant, second, at(2026, 3, 3, 8))
    accepted(world, applicant, at(2026, 3, 3, 8), unit=world.org.commune_b, reception=world.other_reception)
    paid_online(fee_notice(accepted(world, applicant, at(2026, 3, 4, 8)), world.reception, at(2026, 3, 4, 8)),
                at(2026, 3, 4, 9))
    fee_notice(counter_dossier(world, applicant, second, at(2026, 3, 4, 8)), world.reception, at(2026, 3, 4, 8))
    sources.collect(world.org.province.pk, date(2026, 3, 4))
    p = periods.parse(period)
    units = [world.org.commune_a, world.org.commune_b, world.org.dept]

    def figures_now():
        scored = board.scoreboard(world.org.province.pk, p, units, whole_province=True)
        return ([(s.unit.pk, s.flows, s.sources, s.result.total) for s in scored.units], scored.total.result.total,
                figures.flows(world.org.province.pk, p.start, p.end, group=()),
                figures.by_month(world.org.province.pk, date(2026, 1, 1), date(2026, 4, 1)))

    from_roll_up = figures_now()
    whole_quarter = p.kind != "month"  # February's dossier too
    assert (from_roll_up[2]["accepted"], from_roll_up[2]["accepted_online"]) == ((6, 4) if whole_quarter else (5, 3))
    assert [s[2].get("fee_dossiers") for s in from_roll_up[0]] == [2, None, None]  # commune A first (the best)
    monkeypatch.setattr(figures, "UNIT_GROUPS", set())  # every sum from the month rows, as before 0611
    monkeypatch.setattr(figures, "by_month", lambda province_id, start, end, unit_ids=None: figures._keyed(
        figures._rows(MonthFact, figures.FLOW_SUMS, province_id, start, end, unit_ids, ("day",)), ("day",)))
    assert figures_now() == from_roll_up


# --- source facts per procedure and channel ----------------------------------------------------

def test_source_facts_are_kept_per_procedure_and_channel(world, applicant, second):
    online_paid, online_unpaid = accepted(world, applicant, MONDAY), accepted(world, applicant, MONDAY)
    counter = counter_dossier(world, applicant, second, MONDAY)
    paid_online(fee_notice(online_paid, world.reception, MONDAY), MONDAY)
    fee_notice(online_unpaid, world.reception, MONDAY)
    fee_notice(counter, world.reception, MONDAY)
    assert sources.collect(world.org.province.pk, MONDAY.date()) == 2
    rows = {(r.procedure_id, r.channel): r for r in SourceFact.objects.filter(day=MONDAY.date())}
    khai_sinh, chung_thuc = rows[(world.procedure.pk, "online")], rows[(second.pk, "direct")]
    assert (khai_sinh.fee_dossiers, khai_sinh.paid_online, khai_sinh.results_received) == (2, 1, 2)
    assert (chung_thuc.fee_dossiers, chung_thuc.paid_online, chung_thuc.results_received) == (1, 0, 1)

    by_procedure = figures.sources(world.org.province.pk, MARCH.start, MARCH.end, unit_ids=[world.org.commune_a.pk],
                                   group=("procedure_id",))
    assert by_procedure[second.pk]["fee_dossiers"] == 1 and by_procedure[world.procedure.pk]["paid_online"] == 1
    unit = figures.sources(world.org.province.pk, MARCH.start, MARCH.end)[world.org.commune_a.pk]
    assert (unit["fee_dossiers"], unit["paid_online"], unit["results_received"]) == (3, 1, 3)
    assert SourceMonthFact.objects.filter(day=date(2026, 3, 1)).count() == 2
    unit_month = SourceUnitMonthFact.objects.get(unit=world.org.commune_a, day=date(2026, 3, 1))
    assert (unit_month.fee_dossiers, unit_month.paid_online, unit_month.results_received) == (3, 1, 3)


def test_ratings_are_counted_on_their_day_per_procedure_and_channel(world, applicant):
    returned = finished(world, applicant, MONDAY, at(2026, 3, 3, 9), returned=at(2026, 3, 3, 10))
    ratings.rate(returned, channel="portal", overall="like", attitude="dislike", now=at(2026, 3, 4, 9))
    sources.collect(world.org.province.pk, date(2026, 3, 4))
    row = SourceFact.objects.get(day=date(2026, 3, 4))
    assert (row.procedure_id, row.channel) == (world.procedure.pk, "online")
    assert (row.rating_overall_like, row.rating_overall_dislike, row.rating_attitude_dislike) == (1, 0, 1)
    sources.collect(world.org.province.pk, date(2026, 3, 5))
    assert not SourceFact.objects.filter(day=date(2026, 3, 5)).exists()  # the rating's day only


def test_a_queue_ticket_counts_for_the_dossier_received_from_it(world, applicant, org):
    q = make_queue(org)
    t0 = at(2026, 3, 2, 8)
    with_dossier, without = (queue.issue_ticket(q.civil, now=t0 + timedelta(minutes=n)) for n in (0, 1))
    for n, ticket in enumerate((with_dossier, without)):
        called = queue.call_next(q.counters[0], q.officers[0], now=t0 + timedelta(minutes=10 + 10 * n))
        assert called.pk == ticket.pk
        called = queue.act(called, "start", q.counters[0], q.officers[0], now=t0 + timedelta(minutes=10 + 10 * n))
        queue.act(called, "finish", q.counters[0], q.officers[0], now=t0 + timedelta(minutes=15 + 10 * n))
    queue.link_dossier(with_dossier, counter_dossier(world, applicant, world.procedure, t0))
    found = {f.key: f for f in queue_figures(q.centre, first=t0.date(), last=t0.date(),
                                             by=("centre", "procedure", "channel"))}
    assert set(found) == {(q.centre.pk, world.procedure.pk, "direct"), (q.centre.pk, None, None)}
    assert found[(q.centre.pk, world.procedure.pk, "direct")].wait_avg_min == 10.0   # 08:00 → 08:10
    assert found[(q.centre.pk, None, None)].wait_avg_min == 19.0                     # 08:01 → 08:20

    sources.collect(world.org.province.pk, t0.date())
    rows = {(r.procedure_id, r.channel): (r.queue_tickets, r.queue_called, r.queue_wait_seconds)
            for r in SourceFact.objects.filter(day=t0.date(), queue_tickets__gt=0)}
    assert rows == {(world.procedure.pk, "direct"): (1, 1, 600), (None, ""): (1, 1, 1140)}


def test_feedback_per_procedure_adds_up_to_the_unit_where_every_petition_names_a_dossier(world, applicant,
                                                                                           second):
    finished(world, applicant, MONDAY, at(2026, 3, 20, 8))  # late
    counter_dossier(world, applicant, second, MONDAY)
    sources.collect_period(world.org.province.pk, MARCH)
    unit = sources.period_figures(world.org.province.pk, MARCH, [world.org.commune_a.pk])[world.org.commune_a.pk]
    per_procedure = sources.procedure_period_figures(world.org.province.pk, MARCH, world.org.commune_a.pk)
    assert set(per_procedure) == {world.procedure.pk, second.pk}
    assert per_procedure[world.procedure.pk]["feedback"]["5.4"] == [0, 1]
    assert [sum(p["feedback"]["5.4"][i] for p in per_procedure.values()) for i in (0, 1)] == unit["feedback"]["5.4"]


# --- rebuild --check over every table ----------------------------------------------------------

PLANTS = {  # table → (the planting, the tables reported)
    "day": (lambda: DailyFact.objects.filter(day=date(2026, 3, 2)).update(accepted=9), {"day"}),
    "month": (lambda: MonthFact.objects.update(finished_early=5), {"month"}),
    "unit-month": (lambda: UnitMonthFact.objects.update(accepted_online=0), {"unit-month"}),
    "source-day": (lambda: SourceFact.objects.update(paid_online=0), {"source-day", "source-month",
                                                                      "source-unit-month"}),
    "source-month": (lambda: SourceMonthFact.objects.update(fee_dossiers=7), {"source-month"}),
    "source-unit-month": (lambda: SourceUnitMonthFact.objects.all().delete(), {"source-unit-month"}),
}


@pytest.mark.parametrize("planted", list(PLANTS))
def test_rebuild_check_reports_a_difference_planted_in_any_table_and_rebuild_repairs_it(world, applicant, planted,
                                                                                        capsys):
    done = finished(world, applicant, MONDAY, at(2026, 3, 4, 9))
    paid_online(fee_notice(accepted(world, applicant, MONDAY), world.reception, MONDAY), MONDAY)
    assert done.unit_id == world.org.commune_a.pk
    sources.collect(world.org.province.pk, MONDAY.date())
    call_command("facts", "rebuild", "--check")
    assert "0 chênh lệch" in capsys.readouterr().out

    plant, reported = PLANTS[planted]
    plant()
    with pytest.raises(CommandError) as err:
        call_command("facts", "rebuild", "--check")
    assert err.value.returncode == 1
    out = capsys.readouterr().out
    assert {table for table in facts_tables() if f"[{table}]" in out} == reported
    assert "H99.50" in out

    call_command("facts", "rebuild")
    call_command("facts", "rebuild", "--check")
    assert "0 chênh lệch" in capsys.readouterr().out.splitlines()[-1]


def facts_tables():
    return [t.name for t in facts.TABLES] + ["source-day", *sources.MONTH_TABLES]


# --- pages ---------------------------------------------------------------------------------------

def test_the_drill_down_shows_payment_result_digitisation_and_rating_figures_per_procedure(client, world, applicant,
                                                                                          second, people):
    paid_online(fee_notice(accepted(world, applicant, MONDAY), world.reception, MONDAY), MONDAY)
    fee_notice(accepted(world, applicant, MONDAY), world.reception, MONDAY)
    fee_notice(counter_dossier(world, applicant, second, MONDAY), world.reception, MONDAY)
    returned = finished(world, applicant, MONDAY, at(2026, 3, 3, 9), returned=at(2026, 3, 3, 10))
    ratings.rate(returned, channel="portal", overall="like", now=at(2026, 3, 3, 11))
    for day in (2, 3):
        sources.collect(world.org.province.pk, date(2026, 3, day))
    sources.collect_period(world.org.province.pk, MARCH)
    client.force_login(people.monitor)
    unit = world.org.commune_a.pk

    page = client.get(f"/giam-sat/don-vi/{unit}/linh-vuc/0/?ky=2026-03").content.decode()
    field = page[page.index('id="digital"'):]  # the table of payments, results, digitisation and ratings
    khai_sinh = field[field.index("Đăng ký khai sinh"):field.index("</tr>", field.index("Đăng ký khai sinh"))]
    assert "1/2 (50 %)" in khai_sinh  # paid online / with a fee
    assert "1/1 (100 %)" in khai_sinh  # the one rating was a like
    chung_thuc = field[field.index("Chứng thực bản sao"):]
    assert "0/1 (0 %)" in chung_thuc[:chung_thuc.index("</tr>")]

    # the province's entries at full points, so that the losses the unit's own data shows come first
    ExternalIndicator.objects.bulk_create(
        ExternalIndicator(province=world.org.province, indicator=i, period="2026-03", score=INDICATORS[i].max)
        for i in EXTERNAL_INDICATORS)
    page = client.get(f"/giam-sat/don-vi/{unit}/?ky=2026-03").content.decode()
    improve = page[page.index("Cần cải thiện"):page.index("Chi tiết chỉ số")]
    assert "3.6 " in improve
    assert "Đăng ký khai sinh</a>: 1 / 2 hồ sơ chưa thanh toán trực tuyến" in improve
    assert "Chứng thực bản sao từ bản chính</a>: 1 / 1 hồ sơ chưa thanh toán trực tuyến" in improve
