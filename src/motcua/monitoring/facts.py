"""The dossier fact tables: added to as events happen, rebuilt and checked from the event log.

``record`` receives ``dossier_changed`` inside the transaction of the change and adds the event's
measures with one ``INSERT … ON CONFLICT DO UPDATE SET n = n + excluded.n`` per table and day
touched: the facts commit or roll back with the dossier, and concurrent events on the same row add
up without a lost update (decision 0360). Three tables get the same amounts: the day row, the month
row (unit × month × procedure × channel, decision 0370) and the unit-month row (unit × month,
decision 0611). ``rebuild`` replays the whole log through the same rule
(``measures.event_measures``) and either compares (``check=True``) or replaces the tables.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Callable

from django.db import connection, transaction

from motcua.dossiers.models import DossierEvent

from . import measures
from .models import DailyFact, MonthFact, UnitMonthFact

Key = tuple  # (province_id, unit_id, day, procedure_id, channel); a unit-month key stops at the day


def record(sender, dossier, event, **kwargs):
    """dossier_changed receiver: add what this event counts for (top-level dossiers only)."""
    if dossier.parent_id:
        return
    rows = measures.event_measures(event.action, event.at,
                                   measures.DossierState(dossier.received_at, dossier.timeliness))
    by_day: dict = defaultdict(Counter)
    for day, measure, amount in rows:
        by_day[day][measure] += amount
    for day, amounts in by_day.items():
        add((dossier.province_id, dossier.unit_id, day, dossier.procedure_id, dossier.channel), amounts)


def month_of(key: Key) -> Key:
    province_id, unit_id, day, procedure_id, channel = key
    return province_id, unit_id, day.replace(day=1), procedure_id, channel


def unit_month_of(key: Key) -> Key:
    province_id, unit_id, day, *_ = key
    return province_id, unit_id, day.replace(day=1)


def _no_derived(key: Key, amounts) -> dict:
    return {}


def _accepted_online(key: Key, amounts) -> dict:
    """The unit-month row keeps what 3.3 needs of the channel: accepted online dossiers."""
    return {"accepted_online": amounts["accepted"]} if key[4] == "online" and amounts.get("accepted") else {}


@dataclass(frozen=True)
class Table:
    """A fact table: its model, key columns (the province first, the day third), measure columns,
    how a day row's key rolls up into its own and what it derives from a day row's amounts."""

    name: str
    model: type
    keys: tuple[str, ...]
    columns: tuple[str, ...]
    roll_up: Callable[[Key], Key]
    derived: Callable[[Key, dict], dict] = _no_derived

    def amounts(self, key: Key, amounts) -> dict:
        """This table's amounts for a day row's ``key`` and ``amounts``."""
        return {**amounts, **self.derived(key, amounts)}


FULL_KEY = ("province_id", "unit_id", "day", "procedure_id", "channel")
DAY = Table("day", DailyFact, FULL_KEY, measures.FLOW, lambda key: key)
MONTH = Table("month", MonthFact, FULL_KEY, measures.FLOW, month_of)
UNIT_MONTH = Table("unit-month", UnitMonthFact, ("province_id", "unit_id", "day"),
                   (*measures.FLOW, "accepted_online"), unit_month_of, _accepted_online)
TABLES = (DAY, MONTH, UNIT_MONTH)


def _upsert_sql(table: Table, names) -> str:
    """Insert a row with every measure (zeros but ``names``), or add ``names`` to the existing row."""
    q = connection.ops.quote_name
    name = q(table.model._meta.db_table)
    columns = ", ".join(q(c) for c in [*table.keys, *table.columns])
    holes = ", ".join(["%s"] * (len(table.keys) + len(table.columns)))
    updates = ", ".join(f"{q(n)} = {name}.{q(n)} + excluded.{q(n)}" for n in names)
    conflict = ", ".join(q(c) for c in table.keys[1:])  # the unique key: the province is implied by the unit
    return f"INSERT INTO {name} ({columns}) VALUES ({holes}) ON CONFLICT ({conflict}) DO UPDATE SET {updates}"


def add(key: Key, amounts: dict[str, int]) -> None:
    """Add ``amounts`` to the day's, the month's and the unit-month's row of ``key``: one statement
    on PostgreSQL (the first two upserts in WITH clauses of the third), one each on SQLite (no
    writes in WITH)."""
    unknown = set(amounts) - set(measures.FLOW)
    if unknown or not amounts:
        raise ValueError(f"no or unknown measures: {sorted(unknown)}")
    statements, params = [], []
    for table in TABLES:
        row_key, row_amounts = table.roll_up(key), table.amounts(key, amounts)
        statements.append(_upsert_sql(table, sorted(row_amounts)))
        params.append([*row_key[:2], connection.ops.adapt_datefield_value(row_key[2]), *row_key[3:],
                       *(row_amounts.get(c, 0) for c in table.columns)])
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # one round trip
            day, month, unit_month = statements
            cursor.execute(f"WITH day_row AS ({day}), month_row AS ({month}) {unit_month}",
                           [v for row in params for v in row])
        else:
            for statement, values in zip(statements, params):
                cursor.execute(statement, values)


# --- rebuild and check ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Difference:
    table: str  # day, month or unit-month
    key: Key  # a month row's day is the first of the month
    measure: str
    expected: int  # from the event log
    stored: int


@dataclass(frozen=True)
class Outcome:
    rows: int
    events: int
    differences: list[Difference]


def recompute(province_id: int | None = None) -> tuple[dict[Key, Counter], int]:
    """Day facts as the event log says they should be: {key: Counter(measure → n)} and events read."""
    events = DossierEvent.objects.filter(dossier__parent__isnull=True, action__in=measures.COUNTED_ACTIONS)
    if province_id is not None:
        events = events.filter(dossier__province_id=province_id)
    fields = ("action", "at", "dossier__province_id", "dossier__unit_id", "dossier__procedure_id",
              "dossier__channel", "dossier__received_at", "dossier__timeliness")
    table: dict[Key, Counter] = defaultdict(Counter)
    count = 0
    for action, at, province, unit, procedure, channel, received_at, timeliness in (
            events.values_list(*fields).iterator(chunk_size=5000)):
        count += 1
        for day, measure, amount in measures.event_measures(action, at, measures.DossierState(received_at, timeliness)):
            table[(province, unit, day, procedure, channel)][measure] += amount
    return table, count


def roll_up(daily: dict[Key, Counter], table: Table) -> dict[Key, Counter]:
    """The rows of ``table`` a set of day rows adds up to. Pure."""
    rows: dict[Key, Counter] = defaultdict(Counter)
    for key, counts in daily.items():
        rows[table.roll_up(key)].update(table.amounts(key, counts))
    return rows


def _rows(model, province_id):
    return model.objects.all() if province_id is None else model.objects.filter(province_id=province_id)


def stored(table: Table, province_id: int | None = None) -> dict[Key, Counter]:
    width = len(table.keys)
    return {tuple(row[:width]): Counter({m: n for m, n in zip(table.columns, row[width:]) if n})
            for row in _rows(table.model, province_id).values_list(*table.keys, *table.columns)
            .iterator(chunk_size=5000)}


def compare(expected: dict[Key, Counter], actual: dict[Key, Counter], table: Table = DAY) -> list[Difference]:
    """Every (row, measure) where the two tables disagree; a missing row counts as zeros. Pure."""
    differences = []
    for key in sorted(set(expected) | set(actual), key=str):
        want, have = expected.get(key, Counter()), actual.get(key, Counter())
        for measure in table.columns:
            if want[measure] != have[measure]:
                differences.append(Difference(table.name, key, measure, want[measure], have[measure]))
    return differences


def _lock_writers() -> None:
    """Hold off the receivers while the tables are replaced (PostgreSQL; SQLite locks the file).

    Events committed before the lock are in the replay; later ones wait and add on top.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in TABLES:
                cursor.execute(f"LOCK TABLE {connection.ops.quote_name(table.model._meta.db_table)} IN EXCLUSIVE MODE")


def rebuild(province_id: int | None = None, *, check: bool = False) -> Outcome:
    """Compare the day, month and unit-month facts with the event log; unless ``check``, replace
    each table that differs."""
    with transaction.atomic():
        if not check:
            _lock_writers()
        daily, events = recompute(province_id)
        differences = []
        for table in TABLES:
            expected = roll_up(daily, table)
            found = compare(expected, stored(table, province_id), table)
            differences += found
            if found and not check:
                _rows(table.model, province_id).delete()
                table.model.objects.bulk_create(
                    (table.model(**dict(zip(table.keys, key)), **counts) for key, counts in expected.items()),
                    batch_size=2000)
    return Outcome(len(daily), events, differences)
