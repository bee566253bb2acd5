"""Fact sources: the other apps' counts collected per unit and day, and per period for feedback."""

from datetime import timedelta

import pytest
from django.utils import timezone

from motcua.dossiers import services
from motcua.monitoring import figures, periods, sources
from motcua.monitoring.models import PeriodFact, SourceFact, SourceMonthFact, SourceRun
from motcua.payments import services as payments
from motcua.payments.models import FeeNotice
from motcua.queueing.stats import Figures
from tests.monitoring.flows import accepted, at, fee_notice, finished

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj << /Type /Page >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_collect_gathers_payments_results_and_digitisation_of_one_day(world, applicant):
    day = at(2026, 3, 2, 8)
    paid_online, paid_cash, unpaid = (accepted(world, applicant, day) for _ in range(3))
    online = fee_notice(paid_online, world.reception, day)
    payments.pay(online, amount=20000, paid_at=day, actor=None, method="transfer", flag=2, now=day)
    payments.record_cash(fee_notice(paid_cash, world.reception, day), world.reception, 20000, now=day)
    fee_notice(unpaid, world.reception, day)
    services.attach(unpaid, PDF, "to-khai.pdf", actor=world.reception)          # a digitised component
    done = finished(world, applicant, day, at(2026, 3, 2, 15))
    services.attach(done, PDF, "giay-khai-sinh.pdf", actor=world.leader, kind="result")  # electronic result

    assert sources.collect(world.org.province.pk, day.date()) == 1
    row = SourceFact.objects.get(unit=world.org.commune_a, day=day.date())
    assert (row.procedure_id, row.channel) == (world.procedure.pk, "online")  # the dossiers' procedure, channel
    assert (row.fee_dossiers, row.paid_online) == (3, 1)
    assert (row.results_completed, row.electronic_results, row.results_received) == (1, 1, 4)
    assert row.digitised_dossiers == 1
    assert SourceRun.objects.get(province=world.org.province, day=day.date())

    payments.pay(FeeNotice.objects.get(dossier_id=unpaid.pk), amount=20000, paid_at=day, actor=None, method="transfer", flag=1,
                 now=day + timedelta(days=1))
    sources.collect(world.org.province.pk, day.date())  # collecting again replaces the day's row
    assert SourceFact.objects.get(unit=world.org.commune_a, day=day.date()).paid_online == 2
    assert SourceFact.objects.count() == 1

    accepted(world, applicant, at(2026, 3, 9, 8))
    sources.collect(world.org.province.pk, at(2026, 3, 9).date())  # another day of the same month
    month = SourceMonthFact.objects.get(unit=world.org.commune_a, day=at(2026, 3, 1).date())
    assert (month.paid_online, month.fee_dossiers, month.results_received) == (2, 3, 5)
    march = periods.parse("2026-03")
    assert figures.sources(world.org.province.pk, march.start, march.end)[world.org.commune_a.pk]["results_received"] == 5


def test_queue_figures_are_added_up_per_unit_procedure_and_channel(world, monkeypatch):
    centre, procedure = world.org.centre.pk, world.procedure.pk
    figures = [Figures((centre, None, None), "Trung tâm", tickets=12, served=9, no_shows=1, wait_avg_min=6.5,
                       wait_p90_min=12, service_avg_min=4, no_show_rate=0.1),
               Figures((centre, procedure, "direct"), "Trung tâm", tickets=2, served=2, no_shows=0, wait_avg_min=3,
                       wait_p90_min=3, service_avg_min=4, no_show_rate=0)]
    monkeypatch.setattr("motcua.queueing.stats.queue_figures", lambda **kwargs: figures)
    start, end = sources.day_bounds(at(2026, 3, 2).date())
    counts = sources.SOURCES["queue"].collect([world.org.commune_a.pk], world.org.province.pk, start, end)
    # 10 called (served + no-shows) × 6.5 min = 3 900 s; a ticket without a dossier has no procedure nor channel
    a = world.org.commune_a.pk
    assert counts == {(a, None, ""): {"queue_tickets": 12, "queue_called": 10, "queue_wait_seconds": 3900},
                      (a, procedure, "direct"): {"queue_tickets": 2, "queue_called": 2, "queue_wait_seconds": 360}}


def test_feedback_is_collected_per_period(world, applicant):
    month = periods.parse("2026-03")
    finished(world, applicant, at(2026, 3, 2, 8), at(2026, 3, 20, 8))  # finished late
    accepted(world, applicant, at(2026, 3, 3, 8))
    sources.collect_period(world.org.province.pk, month)
    rows = PeriodFact.objects.filter(unit=world.org.commune_a, period="2026-03", source="feedback")
    data = rows.get(procedure__isnull=True).data
    # both overdue at the end of March: one finished late, one still open past its due day (10 March)
    assert data["5.4"] == [0, 2] and data["5.2"] == [0, 0]
    assert rows.get(procedure=world.procedure).data == {"5.1": [0, 0], "5.2": [0, 0], "5.3": [0, 0],
                                                        "5.4": [0, 2], "petitions": 0}
    # every unit has its own row, even without dossiers; procedures only where there are figures
    assert PeriodFact.objects.filter(period="2026-03", procedure__isnull=True).count() == 3
    assert PeriodFact.objects.filter(period="2026-03", procedure__isnull=False).count() == 1


def test_stale_figures_ask_the_task_queue_once(world, django_capture_on_commit_callbacks):
    month = periods.containing(timezone.localdate())
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert sources.period_figures(world.org.province.pk, month, [world.org.commune_a.pk]) == {}
        sources.period_figures(world.org.province.pk, month, [world.org.commune_a.pk])  # lock held: no second
    assert len(callbacks) == 1
    assert PeriodFact.objects.filter(period=month.key).count() == 3  # the immediate backend ran the task
    found = sources.period_figures(world.org.province.pk, month, [world.org.commune_a.pk])
    assert found[world.org.commune_a.pk]["feedback"]["5.4"] == [0, 0]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert sources.refresh_today(world.org.province.pk) is None
    assert len(callbacks) == 1 and SourceRun.objects.filter(day=timezone.localdate()).exists()


def test_every_daily_source_column_exists():
    columns = {f.name for f in SourceFact._meta.get_fields()}
    assert set(sources.COLUMNS) <= columns
    with pytest.raises(ValueError):
        sources.register(sources.FactSource("x", "x", ("no_such_column",), lambda *a: {}))
