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
from motcua.queueing import pgcall, services
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


def _statements(queries) -> list[str]:
    """What the call sent, without the savepoint the test's own transaction turns its BEGIN and
    COMMIT into (those two are not logged outside tests)."""
    return [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]


@pytest.mark.postgres
def test_a_call_is_one_statement_and_one_insert_per_person_told(q):
    services.call_next(q.counters[0], q.officers[0], now=minutes(0))  # nobody waits: settings now known
    called = services.issue_ticket(q.civil, now=minutes(2))
    services.issue_ticket(q.civil, now=minutes(3))  # next in line, but no phone: nobody to tell
    with CaptureQueriesContext(connection) as queries:
        ticket = services.call_next(q.counters[0], q.officers[0], now=minutes(4))
    assert len(_statements(queries)) == 1
    assert (ticket.pk, ticket.state, ticket.calls, ticket.counter, ticket.officer_id) == (
        called.pk, State.CALLED, 1, q.counters[0], q.officers[0].pk)
    assert ticket.group.code == "1"  # came with the statement's row
    assert list(ticket.periods.values_list("state", "started_at", "ended_at")) == [
        (State.WAITING, minutes(2), minutes(4)), (State.CALLED, minutes(4), None)]

    services.act(ticket, "no_show", q.counters[0], q.officers[0], now=minutes(5))
    services.issue_ticket(q.civil, phone="0912000002", now=minutes(6))  # second in line once the next is called
    with CaptureQueriesContext(connection) as queries:
        services.call_next(q.counters[0], q.officers[0], now=minutes(7))
    sent = _statements(queries)
    assert len(sent) == 2 and sent[1].startswith('INSERT INTO "notifications_outboxmessage"')


@pytest.mark.postgres
def test_the_call_statement_is_prepared_once_per_connection(q):
    for n in range(3):
        services.issue_ticket(q.civil, now=minutes(n))
    for n in range(3):
        ticket = services.call_next(q.counters[0], q.officers[0], now=minutes(10 + n))
        services.act(ticket, "no_show", q.counters[0], q.officers[0], now=minutes(10 + n))
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
                       ["%FOR UPDATE OF t SKIP LOCKED%"])
        assert cursor.fetchone()[0] == 1  # three calls, one plan


@pytest.mark.postgres
def test_with_preparing_off_the_call_is_the_same(q, monkeypatch):
    # MOTCUA_DB_PREPARED_STATEMENTS=false gives connections psycopg's "never prepare" threshold.
    connection.ensure_connection()
    monkeypatch.setattr(connection.connection, "prepare_threshold", None)
    first = services.issue_ticket(q.civil, now=minutes(0))
    services.issue_ticket(q.civil, phone="0912000003", now=minutes(1))
    assert services.call_next(q.counters[0], q.officers[0], now=minutes(2)).pk == first.pk
    assert OutboxMessage.objects.count() == 1


def test_a_call_that_fails_tells_nobody_and_moves_nothing(q, monkeypatch):
    """The SMS is in the call's transaction: if putting it in the outbox fails, the call is undone,
    and the person is not marked as told (they are told by the next call)."""
    first = services.issue_ticket(q.civil, now=minutes(0))
    near = services.issue_ticket(q.civil, phone="0912000004", now=minutes(1))

    def broken(*args, **kwargs):
        raise RuntimeError("outbox unavailable")

    monkeypatch.setattr(services, "enqueue", broken)
    with pytest.raises(RuntimeError):
        services.call_next(q.counters[0], q.officers[0], now=minutes(2))
    assert Ticket.objects.get(pk=first.pk).state == State.WAITING
    assert not Ticket.objects.get(pk=near.pk).near_notified
    assert not TicketPeriod.objects.filter(state=State.CALLED).exists()
    monkeypatch.undo()
    assert services.call_next(q.counters[0], q.officers[0], now=minutes(3)).pk == first.pk
    assert list(OutboxMessage.objects.values_list("recipient", flat=True)) == [near.phone]


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


def test_the_statement_is_short_enough_for_psycopg_to_remember_its_parsing():
    """psycopg parses a statement's placeholders again at every run above this length (decision 0601)."""
    from psycopg._queries import MAX_CACHED_STATEMENT_LENGTH  # psycopg's own limit, not a public name

    assert len(pgcall.SQL) <= MAX_CACHED_STATEMENT_LENGTH
    assert "--" not in pgcall.SQL and "\n" not in pgcall.SQL
