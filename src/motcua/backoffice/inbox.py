"""The officers' inbox (hộp việc): tabs, filters and keyset pages that stay on the dossier indexes.

Every list is the union of one query per unit (a "segment"), each with equality on the leading
column of an index — ``dossier_inbox (current_unit, state, due_at)`` or ``dossier_unit_received
(unit, received_at)`` — ordered by (a moment, id) and cut at ``limit + 1`` rows after the cursor.
The segments are merged in Python, so no query ever sorts or counts all of a province's dossiers,
however many millions there are. Counts on the tabs are bounded (``99+``).
"""

from dataclasses import dataclass, field
from datetime import datetime
from heapq import merge

from django.db import connections
from django.db.models import Exists, F, OuterRef, Q

from motcua.dossiers.models import DossierStep
from motcua.dossiers.workflow import State

PAGE_SIZE = 50
COUNT_CAP = 99

WORK_STATES = State.OPEN | {State.COMPLETED}        # something to do, incl. returning the result
RUNNING = frozenset({State.RECEIVED, State.PROCESSING})  # the clock runs
AWAITING_RECEPTION = frozenset({State.SUBMITTED, State.AWAITING_COMPLETION})
FINISHED = frozenset({State.COMPLETED, State.RETURNED, State.STOPPED, State.WITHDRAWN})


@dataclass(frozen=True)
class Tab:
    key: str
    label: tuple[str, str]  # (Vietnamese, English)
    states: frozenset
    order: str  # the moment that orders the list; "-" for newest first

    @property
    def descending(self) -> bool:
        return self.order.startswith("-")

    @property
    def moment(self) -> str:
        return self.order.lstrip("-")


TABS = {t.key: t for t in [
    Tab("mine", ("Việc của tôi", "My work"), WORK_STATES, "due_at"),
    Tab("soon", ("Sắp đến hạn", "Due soon"), RUNNING, "due_at"),
    Tab("overdue", ("Quá hạn", "Overdue"), State.OPEN, "due_at"),
    Tab("reception", ("Chờ tiếp nhận", "Awaiting reception"), AWAITING_RECEPTION, "submitted_at"),
    Tab("done", ("Đã xong", "Finished"), FINISHED, "-received_at"),
]}


@dataclass(frozen=True)
class Filters:
    """What the officer narrowed the list to (all optional)."""

    unit_ids: tuple[int, ...]
    procedure_id: int | None = None
    field_id: int | None = None
    state: str = ""
    code: str = ""
    unit_chosen: bool = False  # the officer picked units: nothing from elsewhere


@dataclass
class Context:
    """The facts a tab needs besides the filters: who asks, their roles per unit, and time."""

    user: object
    roles_by_unit: dict[int, frozenset[str]]
    now: datetime
    soon_limits: dict[int, datetime] = field(default_factory=dict)


def segments(tab: Tab, filters: Filters, ctx: Context, base) -> list:
    """One queryset per unit (plus the 'assigned to me elsewhere' one for 'mine')."""
    base = _narrow(base, filters, tab)
    if base is None:
        return []
    builder = _BUILDERS[tab.key]
    found = [builder(base, unit_id, ctx) for unit_id in filters.unit_ids]
    if tab.key == "mine":  # marked to me: wherever it is, unless the officer picked units
        mine = base.filter(assignee=ctx.user, state__in=WORK_STATES)
        found.append(mine.filter(current_unit_id__in=filters.unit_ids) if filters.unit_chosen else mine)
    return found


def _narrow(base, filters: Filters, tab: Tab):
    if filters.state:
        if filters.state not in tab.states:
            return None
        base = base.filter(state=filters.state)
    if filters.procedure_id:
        base = base.filter(procedure_id=filters.procedure_id)
    if filters.field_id:
        base = base.filter(procedure__field_id=filters.field_id)
    if filters.code:
        base = base.filter(code__contains=filters.code.upper())
    return base


def _mine(base, unit_id, ctx):
    """Unmarked dossiers whose current step is one of my roles here; those marked to me come in
    their own segment. A dossier marked to one officer leaves the others' inboxes (DIGIT's rule).
    No OR around the EXISTS: so the database probes the step's unique index per dossier instead of
    hashing every step of the province (decision 0260)."""
    roles = ctx.roles_by_unit.get(unit_id, frozenset())
    my_step = Exists(DossierStep.objects.filter(dossier=OuterRef("pk"), position=OuterRef("step_position"),
                                                role__in=roles))
    return base.filter(my_step, current_unit_id=unit_id, state__in=WORK_STATES, assignee__isnull=True)


def _soon(base, unit_id, ctx):
    return base.filter(current_unit_id=unit_id, state__in=RUNNING, due_at__gt=ctx.now,
                       due_at__lte=ctx.soon_limits[unit_id])


def _overdue(base, unit_id, ctx):
    # A paused clock is judged at the moment it stopped, as timeliness.classify_open does.
    late = Q(paused_at__isnull=True, due_at__lt=ctx.now) | Q(paused_at__isnull=False, due_at__lt=F("paused_at"))
    return base.filter(late, current_unit_id=unit_id, state__in=State.OPEN)


def _reception(base, unit_id, ctx):
    # Members of a bundle are received with their bundle, never one by one.
    return base.filter(current_unit_id=unit_id, state__in=AWAITING_RECEPTION, parent__isnull=True)


def _done(base, unit_id, ctx):
    return base.filter(unit_id=unit_id, state__in=FINISHED, received_at__isnull=False)


_BUILDERS = {"mine": _mine, "soon": _soon, "overdue": _overdue, "reception": _reception, "done": _done}


# --- keyset pages -------------------------------------------------------------------------------

def encode_cursor(moment: datetime, pk: int) -> str:
    return f"{moment.isoformat()}~{pk}"


def decode_cursor(text: str) -> tuple[datetime, int] | None:
    """(moment, id) from a cursor; None for anything malformed (the caller shows page one)."""
    moment, sep, pk = (text or "").partition("~")
    if not sep or not pk.isdigit():
        return None
    try:
        value = datetime.fromisoformat(moment)
    except ValueError:
        return None
    return (value, int(pk)) if value.tzinfo else None


def _after(tab: Tab, cursor: tuple[datetime, int]) -> Q:
    moment, pk = cursor
    op = "lt" if tab.descending else "gt"
    return Q(**{f"{tab.moment}__{op}": moment}) | Q(**{tab.moment: moment, f"pk__{op}": pk})


def page(tab: Tab, parts: list, cursor: tuple[datetime, int] | None, limit: int | None = None):
    """(rows, next cursor or None): the first ``limit`` rows after ``cursor`` over all segments."""
    limit = limit or PAGE_SIZE
    ordering = (tab.order, "-pk" if tab.descending else "pk")
    fetched = []
    for part in parts:
        if cursor:
            part = part.filter(_after(tab, cursor))
        fetched.append(list(part.order_by(*ordering)[:limit + 1]))
    rows, seen = [], set()
    for row in merge(*fetched, key=lambda d: (getattr(d, tab.moment), d.pk), reverse=tab.descending):
        if row.pk not in seen:
            seen.add(row.pk)
            rows.append(row)
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    return rows, encode_cursor(getattr(rows[-1], tab.moment), rows[-1].pk)


def bounded_counts(parts_by_key: dict[str, list]) -> dict[str, int]:
    """key → how many rows its segments hold, counting at most ``COUNT_CAP + 1`` per segment (more
    is shown as '99+'). One statement for every tab: a scalar subquery per segment, each cut at
    ``COUNT_CAP + 1`` rows on its own index, added up per tab."""
    cap = COUNT_CAP + 1
    columns, params, db = [], [], None
    for parts in parts_by_key.values():
        terms = []
        for part in parts:
            db = part.db
            sql, part_params = part.order_by().values("pk")[:cap].query.get_compiler(using=db).as_sql()
            terms.append(f"(SELECT COUNT(*) FROM ({sql}) AS counted)")
            params.extend(part_params)
        columns.append(" + ".join(terms) or "0")
    if db is None:  # no segment at all: nothing to ask
        return dict.fromkeys(parts_by_key, 0)
    with connections[db].cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(columns)}", params)
        totals = cursor.fetchone()
    return {key: min(total, cap) for key, total in zip(parts_by_key, totals)}
