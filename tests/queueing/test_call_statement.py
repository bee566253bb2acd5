"""Call next as one statement on PostgreSQL (decision 0540) and its settings check (decision 0541):
the same answers as the ORM path, from one round trip, and a settings change made behind this
process's back is obeyed from the next call on. The tests without the postgres mark run on both
databases: the two paths must agree."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.core.errors import UserFacingError
from motcua.notifications.models import OutboxMessage
from motcua.organizations.models import Counter
from motcua.queueing import services
from motcua.queueing.models import ClosePolicy, QueueSettings, Ticket, TicketPeriod
from motcua.queueing.rules import PriorityMode, State

from .world import at

pytestmark = pytest.mark.django_db
T0 = at(2026, 10, 8, 8, 0)


def minutes(n):
    return T0 + timedelta(minutes=n)


def _change_settings(centre, **values):
    """As another process or a bulk edit would: no signal, no object of ours touched."""
    QueueSettings.objects.update_or_create(centre=centre, defaults=values)


@pytest.mark.postgres
def test_a_call_with_nobody_near_to_alert_is_one_round_trip(q):
    services.call_next(q.counters[0], q.officers[0], now=minutes(0))  # nobody waits: settings now known
    called = services.issue_ticket(q.civil, now=minutes(2))
    services.issue_ticket(q.civil, now=minutes(3))  # next in line, but no phone: no SMS due
    with CaptureQueriesContext(connection) as queries:
        ticket = services.call_next(q.counters[0], q.officers[0], now=minutes(4))
    assert len(queries) == 1
    assert (ticket.pk, ticket.state, ticket.calls, ticket.counter, ticket.officer_id) == (
        called.pk, State.CALLED, 1, q.counters[0], q.officers[0].pk)
    assert ticket.group.code == "1"  # came with the statement's row
    assert list(ticket.periods.values_list("state", "started_at", "ended_at")) == [
        (State.WAITING, minutes(2), minutes(4)), (State.CALLED, minutes(4), None)]


def test_the_near_turn_sms_is_still_sent_when_due(q):
    services.issue_ticket(q.civil, now=minutes(0))
    near = services.issue_ticket(q.civil, phone="0912000001", now=minutes(1))
    services.call_next(q.counters[0], q.officers[0], now=minutes(2))
    assert list(OutboxMessage.objects.values_list("recipient", flat=True)) == [near.phone]
    assert Ticket.objects.get(pk=near.pk).near_notified


def test_settings_changed_elsewhere_are_obeyed_at_the_next_call(q):
    yesterday = services.issue_ticket(q.civil, now=at(2026, 10, 7, 16, 0))
    today = at(2026, 10, 8, 7, 30)
    assert services.call_next(q.counters[0], q.officers[0], now=today) is None  # "clear": yesterday's is not called
    _change_settings(q.centre, close_policy=ClosePolicy.CARRY)
    assert services.call_next(q.counters[0], q.officers[0], now=today).pk == yesterday.pk
    assert TicketPeriod.objects.filter(ticket=yesterday, state=State.CALLED).count() == 1  # moved once, not twice


def test_priority_mode_changed_elsewhere_is_obeyed_at_the_next_call(q):
    c1, _, c3 = q.counters
    Counter.objects.filter(pk=c3.pk).update(is_priority=True)
    c3.refresh_from_db()
    services.call_next(c1, q.officers[0], now=minutes(0))  # settings ("first") now known to this process
    services.issue_ticket(q.civil, now=minutes(1))
    elderly = services.issue_ticket(q.civil, priority=q.elderly, now=minutes(2))
    _change_settings(q.centre, priority_mode=PriorityMode.DEDICATED)
    assert services.call_next(c1, q.officers[0], now=minutes(3)).pk != elderly.pk  # left to the priority counter
    assert services.call_next(c3, q.officers[2], now=minutes(3)).pk == elderly.pk


def test_a_counter_closed_elsewhere_is_refused_though_our_copy_says_open(q):
    c1 = q.counters[0]
    services.issue_ticket(q.civil, now=minutes(0))
    Counter.objects.filter(pk=c1.pk).update(is_open=False)
    assert c1.is_open
    with pytest.raises(UserFacingError, match="đang đóng"):
        services.call_next(c1, q.officers[0], now=minutes(1))
    assert not TicketPeriod.objects.filter(state=State.CALLED).exists()


def test_a_ticket_transferred_to_a_counter_is_called_by_that_counter_only(q):
    c1, c2, c3 = q.counters
    services.issue_ticket(q.civil, now=minutes(0))
    ticket = services.call_next(c1, q.officers[0], now=minutes(1))
    services.transfer(ticket, c1, q.officers[0], to_counter=c3, now=minutes(2))  # c3 serves land only
    assert services.call_next(c2, q.officers[1], now=minutes(3)) is None
    again = services.call_next(c3, q.officers[2], now=minutes(3))
    assert (again.pk, again.calls, again.counter) == (ticket.pk, 2, c3)
