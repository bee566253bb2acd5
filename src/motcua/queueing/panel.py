"""What the counter console's panel (màn hình quầy) reads, as two statements written out.

The panel is rendered after every console action and every 5 s poll, so on a busy centre it is the
bulk of the web workers' work, and a call waits behind it for a core (decision 0542). Built by the
ORM, each of these queries cost about 1 ms of CPU to compose, against 0.2 ms for the same SQL
written once here (decision 0602). The SQL is plain enough for SQLite and PostgreSQL alike.
"""

from datetime import date

from .models import ServiceGroup, Ticket
from .rules import State

_AT_COUNTER_STATES = ", ".join(f"'{state}'" for state in sorted(State.AT_COUNTER))

AT_COUNTER = f"""
SELECT t.*, g.name AS group_name, p.name AS priority_name,
       EXISTS (SELECT 1 FROM queueing_ticketdossier d WHERE d.ticket_id = t.id) AS has_dossiers
FROM queueing_ticket t JOIN queueing_servicegroup g ON g.id = t.group_id
     LEFT JOIN queueing_prioritycategory p ON p.id = t.priority_id
WHERE t.counter_id = %s AND t.state IN ({_AT_COUNTER_STATES})
ORDER BY t.id
"""

# The waiting count is one correlated count per service on the partial index of waiting tickets
# (``ticket_waiting_group``), not a count grouped over every ticket the centre ever issued.
GROUPS = f"""
SELECT g.*,
       (SELECT count(*) FROM queueing_ticket t
        WHERE t.group_id = g.id AND t.state = '{State.WAITING}' AND t.day = %s) AS waiting,
       EXISTS (SELECT 1 FROM queueing_servicegroup_counters m
               WHERE m.servicegroup_id = g.id AND m.counter_id = %s) AS mine
FROM queueing_servicegroup g
WHERE g.centre_id = %s
ORDER BY g.position, g.code
"""


def at_counter(counter_id: int) -> list[Ticket]:
    """The tickets called, served or held at the counter, each with ``group_name``,
    ``priority_name`` (None without priority) and ``has_dossiers``."""
    return list(Ticket.objects.raw(AT_COUNTER, [counter_id]))


def groups(centre_id: int, counter_id: int, day: date) -> list[ServiceGroup]:
    """The centre's services in board order, each with ``waiting`` (tickets waiting from ``day``)
    and ``mine`` (this counter serves it)."""
    return list(ServiceGroup.objects.raw(GROUPS, [day.isoformat(), counter_id, centre_id]))
