"""Bulk loading of seeded dossiers: COPY on PostgreSQL (psycopg's copy API), executemany on SQLite.

Rows get their ids here (after the table's current maximum) so that events can point at their
dossier before either is written; the id sequences are moved past them at the end.
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

    def next_id(self) -> int:
        return (self.model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1


def receipt_days(until: datetime, days: int) -> list:
    """Working days (Monday–Friday, aware midnights) of the ``days`` calendar days before ``until``."""
    start = until - timedelta(days=days)
    return [d for d in (start + timedelta(days=n) for n in range(days)) if d.weekday() < 5]


def load(world, count: int, *, seed: int, days: int, until: datetime, batch: int = 10_000, progress=None,
         mix: Mix = Mix()) -> dict:
    """Write ``count`` dossiers received over ``days`` days before ``until``; return row counts."""
    rng = random.Random(seed)
    tables = {m: Table(m) for m in (Dossier, DossierEvent, DossierStep)}
    dossier_id, event_id, step_id = (tables[m].next_id() for m in (Dossier, DossierEvent, DossierStep))
    calendar = receipt_days(until, days)
    numbers, totals = Counter(), Counter()
    now = until
    for start in range(0, count, batch):
        size = min(batch, count - start)
        dossiers, events, steps = [], [], []
        for _ in range(size):
            place = rng.choice(world.places)
            day = calendar[min(len(calendar) - 1, int(len(calendar) * rng.random() ** 0.9))]  # growth over the year
            received = day + timedelta(minutes=450 + rng.randrange(540))
            numbers[place.unit_id, day.date()] += 1
            s = story(rng, mix, dossier_id, place, rng.choice(world.procedures), received, now,
                      numbers[place.unit_id, day.date()])
            if not s.dossier.get("code"):  # the number was not used: received later, or never
                numbers[place.unit_id, day.date()] -= 1
            dossiers.append(tables[Dossier].row(s.dossier))
            for event in s.events:
                events.append(tables[DossierEvent].row({**event, "id": event_id}))
                event_id += 1
            if s.open_step:
                name, role = STEP_NAMES[s.open_step]
                steps.append(tables[DossierStep].row(dict(
                    id=step_id, dossier_id=dossier_id, position=s.open_step, name=name, role=role,
                    unit_id=place.unit_id, working_hours=8, started_at=s.events[-1]["at"],
                    due_at=s.dossier["due_at"])))
                step_id += 1
            dossier_id += 1
        with transaction.atomic():
            for model, rows in ((Dossier, dossiers), (DossierEvent, events), (DossierStep, steps)):
                tables[model].write(rows)
                totals[model._meta.model_name] += len(rows)
        if progress:
            progress.update(size)
    _sequences(world, numbers)
    _finish()
    return dict(totals)


def _sequences(world, numbers: Counter) -> None:
    """CodeSequence.last = the highest number given that day, so live receptions continue after it."""
    CodeSequence.objects.bulk_create([CodeSequence(unit_id=unit, day=day, last=last)
                                      for (unit, day), last in numbers.items() if last], batch_size=5000)


def _finish() -> None:
    """Move the id sequences past the loaded rows and refresh the planner's statistics (PostgreSQL)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in (Dossier, DossierEvent, DossierStep):
            table = model._meta.db_table
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                           f"(SELECT COALESCE(MAX(id), 1) FROM {table}))")
        for model in (Dossier, DossierEvent, DossierStep, CodeSequence):
            cursor.execute(f"ANALYZE {model._meta.db_table}")
