"""Gọi số tiếp theo on PostgreSQL in one statement (decision 0540).

One statement does what the ORM path does in about ten: it reads the counter (open? already
holding a ticket?) and the centre's settings, picks the first waiting ticket the counter may call
(``FOR UPDATE SKIP LOCKED``: a ticket another counter is taking is skipped, never waited for),
moves it to ``called``, closes its open period, opens the ``called`` one, and marks as told the
people near the front of that line who still need the "your turn is near" SMS, returning them so
that the caller puts their messages in the outbox in the same transaction (decision 0600).

The statement is prepared once per database connection, like every query on PostgreSQL
(decisions 0601, 0630): PostgreSQL plans it at a connection's second call, not at every call.

Who the counter may call is still decided by ``rules.call_scope`` in Python; the statement only
chooses between the two scopes the rule gives for "a priority counter is open" and "none is",
from what the database says at that instant. The settings the caller built the statement from are
checked against the row: if someone changed them meanwhile, nothing moves and the caller retries
with the new ones (decision 0541).
"""

import json
import re
from typing import NamedTuple

from django.db import connection

from .models import QueueSettings, ServiceGroup, Ticket
from .rules import Lane, State, call_scope

TICKET_COLUMNS = [f.column for f in Ticket._meta.concrete_fields]
GROUP_COLUMNS = [f.column for f in ServiceGroup._meta.concrete_fields]
DEFAULTS = {name: QueueSettings._meta.get_field(name).default
            for name in ("priority_mode", "close_policy", "alert_ahead")}

TEXT = f"""
WITH cfg AS (
    SELECT coalesce(max(priority_mode), %(default_priority_mode)s) AS priority_mode,
           coalesce(max(close_policy), %(default_close_policy)s) AS close_policy,
           coalesce(max(alert_ahead), %(default_alert_ahead)s) AS alert_ahead
    FROM queueing_queuesettings WHERE centre_id = %(centre)s
), desk AS (
    SELECT c.is_open,
           EXISTS (SELECT 1 FROM queueing_ticket h
                   WHERE h.counter_id = c.id AND h.state IN ('{State.CALLED}', '{State.SERVING}')) AS busy,
           EXISTS (SELECT 1 FROM organizations_counter p
                   WHERE p.centre_id = c.centre_id AND p.is_priority AND p.is_open) AS priority_open
    FROM organizations_counter c WHERE c.id = %(counter)s
), scope AS (
    SELECT CASE WHEN priority_open THEN %(include_if_open)s ELSE %(include_if_none)s END AS include_priority,
           CASE WHEN priority_open THEN %(any_if_open)s ELSE %(any_if_none)s END AS priority_any_service
    FROM desk
), pick AS (
    SELECT t.id FROM queueing_ticket t
    WHERE (SELECT is_open AND NOT busy FROM desk)
      AND (SELECT priority_mode = %(priority_mode)s AND close_policy = %(close_policy)s
                  AND alert_ahead = %(alert_ahead)s FROM cfg)
      AND t.centre_id = %(centre)s AND t.state = '{State.WAITING}'
      AND (%(day)s::date IS NULL OR t.day = %(day)s::date)
      AND ((t.target_counter_id IS NULL AND ((SELECT include_priority FROM scope) OR t.lane <> {Lane.PRIORITY})
            AND t.group_id IN (SELECT servicegroup_id FROM queueing_servicegroup_counters
                               WHERE counter_id = %(counter)s))
           OR t.target_counter_id = %(counter)s
           OR ((SELECT priority_any_service FROM scope) AND t.lane = {Lane.PRIORITY}
               AND t.target_counter_id IS NULL))
    ORDER BY t.lane, t.queued_at, t.id
    LIMIT 1
    FOR UPDATE OF t SKIP LOCKED
), moved AS (
    UPDATE queueing_ticket t
    SET state = '{State.CALLED}', counter_id = %(counter)s, officer_id = %(officer)s::bigint, calls = t.calls + 1
    FROM pick WHERE t.id = pick.id AND t.state = '{State.WAITING}'
    RETURNING t.*
), closed AS (
    UPDATE queueing_ticketperiod p SET ended_at = %(now)s
    FROM moved WHERE p.ticket_id = moved.id AND p.ended_at IS NULL
), opened AS (
    INSERT INTO queueing_ticketperiod (ticket_id, centre_id, state, started_at, ended_at, counter_id, officer_id)
    SELECT id, centre_id, '{State.CALLED}', %(now)s, NULL, %(counter)s, %(officer)s::bigint FROM moved
), front AS (
    -- The line once this call is made. The statement sees the table as it was before it began:
    -- the called ticket is left out by id.
    SELECT w.id, w.phone, w.near_notified, row_number() OVER (ORDER BY w.lane, w.queued_at, w.id) - 1 AS ahead
    FROM queueing_ticket w JOIN moved ON w.group_id = moved.group_id
    WHERE %(alert_ahead)s > 0 AND w.centre_id = %(centre)s AND w.state = '{State.WAITING}' AND w.id <> moved.id
      AND (%(day)s::date IS NULL OR w.day = %(day)s::date)
    ORDER BY w.lane, w.queued_at, w.id LIMIT %(alert_ahead)s + 1
), told AS (
    -- Those of the front with a phone and not told yet. A row another counter holds (it is calling
    -- that person now) is skipped, never waited for, so two calls never wait on each other; the
    -- update re-checks the row as it is now, so a person is marked, and told, once.
    UPDATE queueing_ticket t SET near_notified = true
    FROM front
    WHERE t.id = front.id AND front.phone <> '' AND NOT front.near_notified
      AND t.id IN (SELECT l.id FROM queueing_ticket l WHERE l.id IN (SELECT id FROM front) FOR UPDATE OF l SKIP LOCKED)
      AND t.state = '{State.WAITING}' AND NOT t.near_notified
    RETURNING t.id, t.label, t.token, t.phone, front.ahead
)
SELECT cfg.priority_mode, cfg.close_policy, cfg.alert_ahead, desk.is_open, desk.busy,
       (SELECT coalesce(json_agg(json_build_array(id, label, token, phone, ahead) ORDER BY ahead), '[]')::text
        FROM told),
       {", ".join(f"moved.{c}" for c in TICKET_COLUMNS)}, {", ".join(f"g.{c}" for c in GROUP_COLUMNS)}
FROM cfg LEFT JOIN desk ON true LEFT JOIN moved ON true
     LEFT JOIN queueing_servicegroup g ON g.id = moved.group_id
"""
# Sent without comments and runs of blanks: psycopg remembers how it parsed a statement only up to
# 4,096 characters, and parsing this one again cost more CPU than running it.
SQL = re.sub(r"\s+", " ", re.sub(r"--[^\n]*", "", TEXT)).strip()


class Near(NamedTuple):
    """Someone near the front of the line, just marked as told "your turn is near"; ``ahead``
    people are before them."""

    ticket_id: int
    label: str
    token: str
    phone: str
    ahead: int


class Attempt(NamedTuple):
    """What the statement found: the settings row as it is, the counter's state, the ticket it
    called (None when nobody waits or it could not call), and the people it marked to be told."""

    settings: tuple
    is_open: bool
    busy: bool
    ticket: Ticket | None
    told: tuple[Near, ...]


def settings_key(policy: QueueSettings) -> tuple:
    """The settings a call depends on, as the statement returns them."""
    return policy.priority_mode, policy.close_policy, policy.alert_ahead


def statement(counter, officer, policy: QueueSettings, now, day) -> tuple[str, dict]:
    """The statement for one call of ``counter`` under ``policy`` and its parameters; ``day``
    limits the line to one local day (the "clear" policy) or is None ("carry")."""
    if_open = call_scope(policy.priority_mode, counter.is_priority, True)
    if_none = call_scope(policy.priority_mode, counter.is_priority, False)
    return SQL, {
        "centre": counter.centre_id, "counter": counter.pk, "officer": getattr(officer, "pk", officer),
        "now": now, "day": day,
        "include_if_open": if_open.include_priority, "any_if_open": if_open.priority_any_service,
        "include_if_none": if_none.include_priority, "any_if_none": if_none.priority_any_service,
        **{f"default_{k}": v for k, v in DEFAULTS.items()},
        **dict(zip(("priority_mode", "close_policy", "alert_ahead"), settings_key(policy))),
    }


def call(counter, officer, policy: QueueSettings, now, day) -> Attempt:
    """Try one call of ``counter`` (see ``statement``); run it in the transaction that puts the
    returned people's messages in the outbox."""
    with connection.cursor() as cursor:
        cursor.execute(*statement(counter, officer, policy, now, day))
        row = cursor.fetchone()
    mode, close, ahead, is_open, busy, told = row[:6]
    ticket = None
    if row[6] is not None:
        ticket = Ticket.from_db(connection.alias, None, row[6:6 + len(TICKET_COLUMNS)])
        group = ServiceGroup.from_db(connection.alias, None, row[6 + len(TICKET_COLUMNS):])
        Ticket.group.field.set_cached_value(ticket, group)
        Ticket.counter.field.set_cached_value(ticket, counter)
    return Attempt((mode, close, ahead), bool(is_open), bool(busy), ticket,
                   tuple(Near(*person) for person in json.loads(told)))
