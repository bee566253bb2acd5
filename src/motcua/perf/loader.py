"""Bulk loading of seeded dossiers: COPY on PostgreSQL (psycopg's copy API), executemany on SQLite.

Rows get their ids here, reserved from the tables' sequences a batch at a time, so that events
can point at their dossier before either is written.
"""

import json
import random
from collections import Counter
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import connection, transaction

from motcua.dossiers.models import CodeSequence, Dossier, DossierEvent, DossierStep

from .stories import Mix, story

VN = ZoneInfo("Asia/Ho_Chi_Minh")
STEP_NAMES = {1: ("Tiếp nhận hồ sơ", "reception"), 2: ("Thẩm định", "specialist"), 3: ("Phê duyệt, ký", "leader")}


class Table:
    """A model's table, its columns, and the default of every column a story leaves out."""

    def __init__(self, model):
        self.model, self.name = model, model._meta.db_table
        self.fields = [f for f in model._meta.concrete_fields]
        self.columns = [f.column for f in self.fields]
        self.defaults = {f.attname: None if f.null else f.get_default() for f in self.fields}

    def row(self, values: dict) -> tuple:
        merged = {**self.defaults, **values}
        return tuple(json.dumps(merged[f.attname], ensure_ascii=False) if f.get_internal_type() == "JSONField"
                     else merged[f.attname] for f in self.fields)

    def write(self, rows: list) -> None:
        if not rows:
            return
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {self.name} ({', '.join(self.columns)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                return
            prepared = [tuple(v if f.get_internal_type() == "JSONField" else f.get_db_prep_save(v, connection)
                              for f, v in zip(self.fields, row)) for row in rows]
            marks = ", ".join(["%s"] * len(self.columns))
            cursor.executemany(f"INSERT INTO {self.name} ({', '.join(self.columns)}) VALUES ({marks})", prepared)


def receipt_days(until: datetime, days: int) -> list:
    """Working days (Monday–Friday, aware midnights) of the ``days`` calendar days before ``until``."""
    start = until - timedelta(days=days)
    return [d for d in (start + timedelta(days=n) for n in range(days)) if d.weekday() < 5]


def reserve(model, count: int) -> int:
    """The first of ``count`` consecutive ids taken for ``model``'s rows. On PostgreSQL the
    sequence moves past them at once, so live inserts during a seed do not collide (the gap
    between nextval and setval is one statement: seed an idle database all the same)."""
    table = model._meta.db_table
    if connection.vendor != "postgresql":
        return (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                       f"GREATEST(nextval(pg_get_serial_sequence('{table}', 'id')), "
                       f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {table})) + %s - 1)", [count])
        (last,) = cursor.fetchone()
    return last - count + 1


def load(world, count: int, *, seed: int, days: int, until: datetime, batch: int = 10_000, progress=None,
         mix: Mix = Mix()) -> dict:
    """Write ``count`` dossiers received over ``days`` days before ``until``; return row counts."""
    rng = random.Random(f"{seed}:{world.province.code}")  # two provinces of one seed are not copies
    tables = {m: Table(m) for m in (Dossier, DossierEvent, DossierStep)}
    calendar = receipt_days(until, days)
    numbers, totals = Counter(), Counter()
    for start in range(0, count, batch):
        size = min(batch, count - start)
        first = reserve(Dossier, size) if size else 0
        batch_stories = []
        for dossier_id in range(first, first + size):
            place = rng.choice(world.places)
            day = calendar[min(len(calendar) - 1, int(len(calendar) * rng.random() ** 0.9))]  # growth over the year
            received = day + timedelta(minutes=450 + rng.randrange(540))
            numbers[place.unit_id, day.date()] += 1
            s = story(rng, mix, dossier_id, place, rng.choice(world.procedures), received, until,
                      numbers[place.unit_id, day.date()])
            if not s.dossier.get("code"):  # the number was not used: received later, or never
                numbers[place.unit_id, day.date()] -= 1
            batch_stories.append(s)
        rows = _rows(tables, batch_stories)
        with transaction.atomic():
            for model, model_rows in rows.items():
                tables[model].write(model_rows)
                totals[model._meta.model_name] += len(model_rows)
        if progress:
            progress.update(size)
    _sequences(numbers)
    _analyze()
    return dict(totals)


def _rows(tables, stories: list) -> dict:
    """Table rows of a batch of stories, events and current steps numbered from reserved ids."""
    events = [event for s in stories for event in s.events]
    opened = [s for s in stories if s.open_step]
    event_id = reserve(DossierEvent, len(events)) if events else 0
    step_id = reserve(DossierStep, len(opened)) if opened else 0
    steps = []
    for n, s in enumerate(opened):
        name, role = STEP_NAMES[s.open_step]
        steps.append(dict(id=step_id + n, dossier_id=s.dossier["id"], position=s.open_step, name=name, role=role,
                          unit_id=s.dossier["current_unit_id"], working_hours=8, started_at=s.events[-1]["at"],
                          due_at=s.dossier["due_at"]))
    return {Dossier: [tables[Dossier].row(s.dossier) for s in stories],
            DossierEvent: [tables[DossierEvent].row({**e, "id": event_id + n}) for n, e in enumerate(events)],
            DossierStep: [tables[DossierStep].row(step) for step in steps]}


def _sequences(numbers: Counter) -> None:
    """CodeSequence.last = the highest number given that day, so live receptions continue after it."""
    CodeSequence.objects.bulk_create([CodeSequence(unit_id=unit, day=day, last=last)
                                      for (unit, day), last in numbers.items() if last], batch_size=5000)


def _analyze() -> None:
    """Refresh the planner's statistics after the load (PostgreSQL)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in (Dossier, DossierEvent, DossierStep, CodeSequence):
            cursor.execute(f"ANALYZE {model._meta.db_table}")
