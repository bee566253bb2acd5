"""Taking numbers, calling, serving, transferring, day rollover, and the ticket ↔ dossier link."""

from datetime import timedelta

import pytest

from motcua.core.errors import UserFacingError
from motcua.notifications.models import OutboxMessage
from motcua.queueing import services
from motcua.queueing.models import ClosePolicy, Ticket, TicketDossier, TicketPeriod
from motcua.queueing.rules import PriorityMode, State

from .world import at

pytestmark = pytest.mark.django_db
T0 = at(2026, 10, 8, 8, 0)


def minutes(n):
    return T0 + timedelta(minutes=n)


def test_numbers_restart_each_local_day_per_service(q):
    a = services.issue_ticket(q.civil, now=at(2026, 10, 8, 7, 30))
    b = services.issue_ticket(q.civil, now=at(2026, 10, 8, 23, 59))
    land = services.issue_ticket(q.land, now=at(2026, 10, 8, 23, 59))
    c = services.issue_ticket(q.civil, now=at(2026, 10, 9, 0, 1))
    assert [a.label, b.label, land.label, c.label] == ["1001", "1002", "2001", "1001"]
    assert (a.day.day, c.day.day) == (8, 9)


def test_a_ticket_starts_with_a_waiting_period(q):
    t = services.issue_ticket(q.civil, now=T0)
    assert list(t.periods.values_list("state", "started_at", "ended_at")) == [(State.WAITING, T0, None)]


def test_call_next_order_priority_then_appointment_then_arrival(q):
    first = services.issue_ticket(q.civil, now=minutes(0))
    elderly = services.issue_ticket(q.civil, priority=q.elderly, now=minutes(5))
    booked = services.issue_ticket(q.civil, appointment=True, now=minutes(6))
    second = services.issue_ticket(q.civil, now=minutes(1))
    c1, officer = q.counters[0], q.officers[0]
    order = []
    for n in range(4):
        ticket = services.call_next(c1, officer, now=minutes(10 + n))
        order.append(ticket.label)
        services.act(ticket, "no_show", c1, officer, now=minutes(10 + n))
    assert order == [elderly.label, booked.label, first.label, second.label]
    assert services.call_next(c1, officer, now=minutes(20)) is None


def test_a_counter_calls_only_its_services(q):
    services.issue_ticket(q.land, now=minutes(0))
    civil = services.issue_ticket(q.civil, now=minutes(1))
    assert services.call_next(q.counters[0], q.officers[0], now=minutes(2)).pk == civil.pk
    assert services.call_next(q.counters[1], q.officers[1], now=minutes(2)) is None


def test_dedicated_priority_counter(q):
    policy = services.settings_for(q.centre)
    policy.priority_mode = PriorityMode.DEDICATED
    policy.save()
    c1, c2, c3 = q.counters
    c3.is_priority = True
    c3.save()  # serves land, but takes priority people of every service
    normal = services.issue_ticket(q.civil, now=minutes(0))
    elderly = services.issue_ticket(q.civil, priority=q.pregnant, now=minutes(1))
    assert services.call_next(c1, q.officers[0], now=minutes(2)).pk == normal.pk
    assert services.call_next(c3, q.officers[2], now=minutes(2)).pk == elderly.pk
    # With the priority counter closed, ordinary counters serve priority people first again.
    services.set_counter_open(c3, False)
    late = services.issue_ticket(q.civil, now=minutes(3))
    elderly2 = services.issue_ticket(q.civil, priority=q.elderly, now=minutes(4))
    assert services.call_next(c2, q.officers[1], now=minutes(5)).pk == elderly2.pk
    assert Ticket.objects.get(pk=late.pk).state == State.WAITING


def test_a_closed_or_busy_counter_cannot_call(q):
    c1 = q.counters[0]
    services.issue_ticket(q.civil, now=minutes(0))
    services.issue_ticket(q.civil, now=minutes(0))
    services.call_next(c1, q.officers[0], now=minutes(1))
    with pytest.raises(UserFacingError, match="đang có người"):
        services.call_next(c1, q.officers[0], now=minutes(2))
    services.set_counter_open(q.counters[1], False)
    q.counters[1].refresh_from_db()
    with pytest.raises(UserFacingError, match="đang đóng"):
        services.call_next(q.counters[1], q.officers[1], now=minutes(2))


def test_full_service_records_a_period_per_state(q):
    c1, officer = q.counters[0], q.officers[0]
    services.issue_ticket(q.civil, now=minutes(0))
    t = services.call_next(c1, officer, now=minutes(10))
    t = services.act(t, "recall", c1, officer, now=minutes(11))
    t = services.act(t, "start", c1, officer, now=minutes(12))
    t = services.act(t, "hold", c1, officer, now=minutes(15))
    t = services.act(t, "resume", c1, officer, now=minutes(20))
    t = services.act(t, "finish", c1, officer, now=minutes(26))
    periods = list(t.periods.values_list("state", "started_at", "ended_at"))
    assert periods == [
        (State.WAITING, minutes(0), minutes(10)), (State.CALLED, minutes(10), minutes(11)),
        (State.CALLED, minutes(11), minutes(12)), (State.SERVING, minutes(12), minutes(15)),
        (State.ON_HOLD, minutes(15), minutes(20)), (State.SERVING, minutes(20), minutes(26)),
        (State.DONE, minutes(26), minutes(26)),
    ]
    assert t.calls == 2 and t.counter == c1 and t.officer == officer


def test_acting_on_another_counters_ticket_or_a_stale_state_is_refused(q):
    c1, c2 = q.counters[:2]
    services.issue_ticket(q.civil, now=minutes(0))
    t = services.call_next(c1, q.officers[0], now=minutes(1))
    with pytest.raises(UserFacingError, match="xử lý ở nơi khác"):
        services.act(t, "start", c2, q.officers[1], now=minutes(2))
    with pytest.raises(ValueError, match="Không thể"):
        services.act(t, "finish", c1, q.officers[0], now=minutes(2))
    assert TicketPeriod.objects.filter(ticket=t).count() == 2  # nothing half-saved


def test_transfer_to_a_service_keeps_the_place(q):
    c1, c3 = q.counters[0], q.counters[2]
    services.issue_ticket(q.civil, now=minutes(0))
    later_land = services.issue_ticket(q.land, now=minutes(5))
    t = services.call_next(c1, q.officers[0], now=minutes(10))
    services.transfer(t, c1, q.officers[0], group=q.land, now=minutes(12))
    moved = services.call_next(c3, q.officers[2], now=minutes(13))
    assert moved.pk == t.pk and moved.group == q.land  # queued at 8:00, before the 8:05 land ticket
    assert Ticket.objects.get(pk=later_land.pk).state == State.WAITING


def test_transfer_to_a_counter_only_that_counter_calls_it(q):
    c1, c2 = q.counters[:2]
    services.issue_ticket(q.civil, now=minutes(0))
    t = services.call_next(c1, q.officers[0], now=minutes(1))
    services.transfer(t, c1, q.officers[0], to_counter=c2, now=minutes(2))
    services.issue_ticket(q.civil, now=minutes(3))
    other = services.call_next(c1, q.officers[0], now=minutes(4))
    assert other.pk != t.pk
    assert services.call_next(c2, q.officers[1], now=minutes(5)).pk == t.pk
    with pytest.raises(UserFacingError):
        services.transfer(other, c1, q.officers[0], now=minutes(6))
    with pytest.raises(UserFacingError):
        services.transfer(other, c1, q.officers[0], to_counter=c1, now=minutes(6))


def test_paused_service_issues_no_numbers(q):
    services.set_group_paused(q.civil, True)
    q.civil.refresh_from_db()
    with pytest.raises(UserFacingError, match="tạm dừng"):
        services.issue_ticket(q.civil, now=T0)
    assert not Ticket.objects.exists()


def test_bad_phone_is_refused_before_anything_is_saved(q):
    with pytest.raises(UserFacingError, match="điện thoại"):
        services.issue_ticket(q.civil, phone="12345", now=T0)
    assert not Ticket.objects.exists()
    assert services.issue_ticket(q.civil, phone="+84 912.345.678", now=T0).phone == "0912345678"


def test_remote_numbers_limited_per_person_per_day(q):
    for n in range(2):
        services.take_remote(q.civil, q.citizen, now=minutes(n))
    with pytest.raises(UserFacingError, match="2 số trực tuyến"):
        services.take_remote(q.land, q.citizen, now=minutes(3))
    assert services.take_remote(q.civil, q.citizen, now=at(2026, 10, 9, 7, 0)).source == Ticket.Source.REMOTE


def test_near_alert_sms_once_per_ticket(q):
    policy = services.settings_for(q.centre)
    policy.alert_ahead = 2
    policy.save()
    tickets = [services.issue_ticket(q.civil, phone=f"09000000{n:02d}", now=minutes(n)) for n in range(6)]
    c1, officer = q.counters[0], q.officers[0]
    for n in range(3):
        t = services.call_next(c1, officer, now=minutes(10 + n))
        services.act(t, "no_show", c1, officer, now=minutes(10 + n))
    sms = OutboxMessage.objects.filter(channel="sms").order_by("id")
    # After call 1: tickets 2, 3, 4 (0, 1, 2 ahead); after call 2 also 5; call 3 adds nothing new.
    assert [m.recipient for m in sms] == [t.phone for t in tickets[1:6]]
    assert sms.count() == len({m.key for m in sms})
    assert "con 0 nguoi truoc" in sms[0].payload["text"]


def test_position_and_estimate(q):
    tickets = [services.issue_ticket(q.civil, now=minutes(n)) for n in range(5)]
    vip = services.issue_ticket(q.civil, priority=q.elderly, now=minutes(6))
    assert services.ahead_of(tickets[3]) == 4  # three before it, and the priority ticket
    assert services.ahead_of(vip) == 0
    # civil: 2 open counters, 6 minutes a ticket → 4 ahead = 12 minutes
    assert services.estimate_minutes(tickets[3], 4) == 12


def test_cancel_from_the_follow_page(q):
    t = services.issue_ticket(q.civil, now=T0)
    assert services.cancel(t, now=minutes(1)).state == State.CANCELLED
    with pytest.raises(UserFacingError):
        services.cancel(t, now=minutes(2))


def test_close_day_clear_policy_expires_leftovers(q):
    waiting = services.issue_ticket(q.civil, now=minutes(0))
    services.issue_ticket(q.civil, now=minutes(1))
    held = services.call_next(q.counters[0], q.officers[0], now=minutes(2))
    services.act(held, "hold", q.counters[0], q.officers[0], now=minutes(3))
    assert services.close_day(q.centre, T0.date(), now=at(2026, 10, 8, 17, 30)) == 2
    assert set(Ticket.objects.values_list("state", flat=True)) == {State.EXPIRED}
    assert Ticket.objects.get(pk=waiting.pk).periods.last().state == State.EXPIRED


def test_clear_policy_never_calls_yesterdays_tickets_even_before_closing(q):
    services.issue_ticket(q.civil, now=at(2026, 10, 8, 16, 50))
    assert services.call_next(q.counters[0], q.officers[0], now=at(2026, 10, 9, 7, 0)) is None


def test_carry_policy_keeps_the_line_for_tomorrow(q):
    policy = services.settings_for(q.centre)
    policy.close_policy = ClosePolicy.CARRY
    policy.save()
    old = services.issue_ticket(q.civil, now=at(2026, 10, 8, 16, 50))
    held = services.issue_ticket(q.civil, now=at(2026, 10, 8, 16, 51))
    t = services.call_next(q.counters[0], q.officers[0], now=at(2026, 10, 8, 16, 52))
    assert t.pk == old.pk
    services.act(t, "hold", q.counters[0], q.officers[0], now=at(2026, 10, 8, 16, 55))
    assert services.close_day(q.centre, old.day, now=at(2026, 10, 8, 17, 30)) == 1  # the held one goes back
    today = services.issue_ticket(q.civil, now=at(2026, 10, 9, 7, 0))
    assert today.label == "1001"  # numbering restarts
    calls = [services.call_next(c, o, now=at(2026, 10, 9, 7, 5)).pk for c, o in zip(q.counters[:2], q.officers)]
    assert calls == [old.pk, held.pk]


def test_link_dossier_is_idempotent(q, world, applicant):
    from motcua.dossiers import services as dossiers

    t = services.issue_ticket(q.civil, now=T0)
    d = dossiers.create(procedure=world.procedure, unit=q.org.commune_a, channel="direct", applicant=applicant,
                        owner=None, submit=False, now=T0)
    services.link_dossier(t, d)
    services.link_dossier(t, d)
    assert TicketDossier.objects.filter(ticket=t, dossier=d).count() == 1


def test_link_dossier_refuses_another_provinces_dossier(q, world, applicant):
    from motcua.dossiers import services as dossiers
    from tests.factories import make_org
    from tests.fixtures_dossiers import make_procedure

    elsewhere = make_org("H98", "Tỉnh Khác")
    procedure = make_procedure("1.000002", "Chứng thực chữ ký", [elsewhere.commune_a])
    d = dossiers.create(procedure=procedure, unit=elsewhere.commune_a, channel="direct", applicant=applicant,
                        now=T0)
    with pytest.raises(UserFacingError, match="hai tỉnh"):
        services.link_dossier(services.issue_ticket(q.civil, now=T0), d)
    assert not TicketDossier.objects.exists()
