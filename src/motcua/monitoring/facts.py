"""The dossier fact table: added to as events happen, rebuilt and checked from the event log.

``record`` receives ``dossier_changed`` inside the transaction of the change and adds the event's
measures with one ``INSERT … ON CONFLICT DO UPDATE SET n = n + excluded.n`` per day touched: the
facts commit or roll back with the dossier, and concurrent events on the same row add up without
a lost update (decision 0360). ``rebuild`` replays the whole log through the same rule
(``measures.event_measures``) and either compares (``check=True``) or replaces the table.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db import connection, transaction

from motcua.dossiers.models import DossierEvent

from . import measures
from .models import DailyFact, MonthFact

Key = tuple  # (province_id, unit_id, day, procedure_id, channel)


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


TABLES = (DailyFact, MonthFact)  # the month row's ``day`` is the first of its month
KEYS = ("province_id", "unit_id", "day", "procedure_id", "channel")


def _upsert_sql(model, names: tuple[str, ...]) -> str:
    """Insert a row with every measure (zeros but ``names``), or add ``names`` to the existing row."""
    q = connection.ops.quote_name
    table = q(model._meta.db_table)
    columns = ", ".join(q(c) for c in [*KEYS, *measures.FLOW])
    holes = ", ".join(["%s"] * (len(KEYS) + len(measures.FLOW)))
    updates = ", ".join(f"{q(n)} = {table}.{q(n)} + excluded.{q(n)}" for n in names)
    return (f"INSERT INTO {table} ({columns}) VALUES ({holes}) "
            f"ON CONFLICT ({q('unit_id')}, {q('day')}, {q('procedure_id')}, {q('channel')}) DO UPDATE SET {updates}")


def month_of(key: Key) -> Key:
    province_id, unit_id, day, procedure_id, channel = key
    return province_id, unit_id, day.replace(day=1), procedure_id, channel


def add(key: Key, amounts: dict[str, int]) -> None:
    """Add ``amounts`` to the day's row and the month's row of ``key``: one statement on PostgreSQL
    (the day's upsert in a WITH clause of the month's), one each on SQLite (no writes in WITH)."""
    names = tuple(sorted(amounts))
    unknown = set(names) - set(measures.FLOW)
    if unknown or not names:
        raise ValueError(f"no or unknown measures: {sorted(unknown)}")
    values = [amounts.get(n, 0) for n in measures.FLOW]
    rows = [[*row_key[:2], connection.ops.adapt_datefield_value(row_key[2]), *row_key[3:], *values]
            for row_key in (key, month_of(key))]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # one round trip: the day's upsert rides in a CTE
            cursor.execute(f"WITH day_row AS ({_upsert_sql(DailyFact, names)}) {_upsert_sql(MonthFact, names)}",
                           rows[0] + rows[1])
        else:
            for model, params in zip(TABLES, rows):
                cursor.execute(_upsert_sql(model, names), params)


# --- rebuild and check ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Difference:
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
    """Facts as the event log says they should be: {key: Counter(measure → n)} and events read."""
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


def by_month(daily: dict[Key, Counter]) -> dict[Key, Counter]:
    """The month rows a set of day rows adds up to. Pure."""
    months: dict[Key, Counter] = defaultdict(Counter)
    for key, counts in daily.items():
        months[month_of(key)].update(counts)
    return months


def _rows(model, province_id):
    return model.objects.all() if province_id is None else model.objects.filter(province_id=province_id)


def stored(model, province_id: int | None = None) -> dict[Key, Counter]:
    fields = (*KEYS, *measures.FLOW)
    return {tuple(row[:5]): Counter({m: n for m, n in zip(measures.FLOW, row[5:]) if n})
            for row in _rows(model, province_id).values_list(*fields).iterator(chunk_size=5000)}


def compare(expected: dict[Key, Counter], actual: dict[Key, Counter]) -> list[Difference]:
    """Every (row, measure) where the two tables disagree; a missing row counts as zeros. Pure."""
    differences = []
    for key in sorted(set(expected) | set(actual), key=str):
        want, have = expected.get(key, Counter()), actual.get(key, Counter())
        for measure in measures.FLOW:
            if want[measure] != have[measure]:
                differences.append(Difference(key, measure, want[measure], have[measure]))
    return differences


def _lock_writers() -> None:
    """Hold off the receivers while the tables are replaced (PostgreSQL; SQLite locks the file).

    Events committed before the lock are in the replay; later ones wait and add on top.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in TABLES:
                cursor.execute(f"LOCK TABLE {connection.ops.quote_name(model._meta.db_table)} IN EXCLUSIVE MODE")


def rebuild(province_id: int | None = None, *, check: bool = False) -> Outcome:
    """Compare the day and month facts with the event log; unless ``check``, replace what differs."""
    with transaction.atomic():
        if not check:
            _lock_writers()
        daily, events = recompute(province_id)
        expected = {DailyFact: daily, MonthFact: by_month(daily)}
        differences = []
        for model in TABLES:
            found = compare(expected[model], stored(model, province_id))
            differences += found
            if found and not check:
                _rows(model, province_id).delete()
                model.objects.bulk_create(
                    (model(**dict(zip(KEYS, key)), **counts) for key, counts in expected[model].items()),
                    batch_size=2000)
    return Outcome(len(daily), events, differences)
