"""Queue figures: exact waits and service times from the periods; p90; no-show rate; by hour."""

from datetime import timedelta

import pytest

from motcua.queueing import services
from motcua.queueing.rules import State
from motcua.queueing.stats import TicketTimes, queue_figures, summarise

from .world import at

T0 = at(2026, 10, 8, 8, 0)


def test_summarise_with_its_own_numbers():
    rows = [TicketTimes("s", "Hộ tịch", State.DONE, 60, 300), TicketTimes("s", "Hộ tịch", State.DONE, 120, 500),
            TicketTimes("s", "Hộ tịch", State.NO_SHOW, 600, 0), TicketTimes("s", "Hộ tịch", State.WAITING, 900, 0)]
    (figures,) = summarise(rows)
    assert (figures.tickets, figures.served, figures.no_shows) == (4, 2, 1)
    assert figures.wait_avg_min == 4.33  # (1 + 2 + 10) / 3: the one still waiting is not counted
    assert figures.wait_p90_min == 10.0
    assert figures.service_avg_min == 6.67  # (5 + 8.33) / 2
    assert figures.no_show_rate == round(1 / 3, 4)


@pytest.mark.django_db
def test_figures_per_service_counter_officer_and_hour(q):
    c1, c3 = q.counters[0], q.counters[2]
    a = services.issue_ticket(q.civil, now=T0)                                 # waits 10 min, served 6
    b = services.issue_ticket(q.civil, now=T0 + timedelta(minutes=2))         # waits 14 min, no-show
    land = services.issue_ticket(q.land, now=T0 + timedelta(minutes=65))      # 09:05, waits 5, served 20
    t = services.call_next(c1, q.officers[0], now=T0 + timedelta(minutes=10))
    t = services.act(t, "start", c1, q.officers[0], now=T0 + timedelta(minutes=11))
    services.act(t, "finish", c1, q.officers[0], now=T0 + timedelta(minutes=17))
    t = services.call_next(c1, q.officers[0], now=T0 + timedelta(minutes=16))
    services.act(t, "no_show", c1, q.officers[0], now=T0 + timedelta(minutes=20))
    t = services.call_next(c3, q.officers[2], now=T0 + timedelta(minutes=70))
    t = services.act(t, "start", c3, q.officers[2], now=T0 + timedelta(minutes=70))
    services.act(t, "finish", c3, q.officers[2], now=T0 + timedelta(minutes=90))
    assert {a.pk, b.pk, land.pk} == set(q.centre.tickets.values_list("pk", flat=True))

    by_service = {f.label: f for f in queue_figures(q.centre, first=T0.date(), last=T0.date(), by="service")}
    civil = by_service["Hộ tịch, chứng thực"]
    assert (civil.tickets, civil.served, civil.no_shows) == (2, 1, 1)
    assert civil.wait_avg_min == 12.0 and civil.wait_p90_min == 14.0 and civil.service_avg_min == 6.0
    assert civil.no_show_rate == 0.5
    assert by_service["Đất đai, xây dựng"].service_avg_min == 20.0

    by_counter = {f.label: f.tickets for f in queue_figures(q.centre, first=T0.date(), last=T0.date(), by="counter")}
    assert by_counter == {"1": 2, "3": 1}
    by_officer = {f.label: f.served for f in queue_figures(q.centre, first=T0.date(), last=T0.date(), by="officer")}
    assert by_officer == {"quay1": 1, "quay3": 1}
    by_hour = {f.label: f.tickets for f in queue_figures(q.centre, first=T0.date(), last=T0.date(), by="hour")}
    assert by_hour == {"08:00": 2, "09:00": 1}
    with pytest.raises(ValueError, match="unknown dimension"):
        queue_figures(q.centre, first=T0.date(), last=T0.date(), by="weather")
    with pytest.raises(ValueError):
        queue_figures(q.centre, first=T0.date(), last=T0.date() - timedelta(days=1))
