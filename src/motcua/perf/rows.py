"""Seeded rows as text, written by COPY (PostgreSQL) or executemany (SQLite).

A row is a list of strings in the table's column order, NULL as ``\\N``: the COPY text format,
which both databases accept once SQLite's NULLs are put back. Times are naive UTC
("2026-11-23 02:30:00"): Django's PostgreSQL sessions run in UTC, and SQLite stores them so.
Seeded texts are made here or cleaned by ``world`` and never hold a tab, a newline or a backslash,
so no value needs escaping (tests check it).
"""

import json
import uuid
from datetime import date, datetime, timezone
from decimal import Decimal

from django.db import connection

NULL = "\\N"


def text(value) -> str:
    """One value in COPY text format (the Python types a story holds)."""
    kind = type(value)
    if kind is str:
        return value
    if value is None:
        return NULL
    if kind is int:
        return str(value)
    if kind is datetime:
        return str(value.astimezone(timezone.utc))[:-6]
    if kind is bool:
        return "1" if value else "0"
    if kind is uuid.UUID:
        return value.hex
    if kind is dict or kind is list:
        if not value:  # every event's data: no need to ask json
            return "{}" if kind is dict else "[]"
        return json.dumps(value, ensure_ascii=False).replace("\\", "\\\\")
    if kind is date or kind is Decimal:
        return str(value)
    if isinstance(value, (str, int)):  # a choice (enum.Enum over str or int): its value
        return text(value.value)
    raise TypeError(f"no text for {kind.__name__}")


class Table:
    """A model's table: its columns (the id left to the database when ``own_ids`` is false) and
    every column's default, so that a row names only what differs."""

    def __init__(self, model, *, own_ids: bool = True, order: tuple = ()):
        self.name = model._meta.db_table
        fields = [f for f in model._meta.concrete_fields if own_ids or not f.primary_key]
        if order:  # a caller that builds whole rows itself gives the column order it builds
            by_name = {f.attname: f for f in fields}
            fields = [by_name[name] for name in order]
        self.columns = [f.column for f in fields]
        self.position = {f.attname: n for n, f in enumerate(fields)}
        self.defaults = [NULL if f.null or f.primary_key else text(_default(f)) for f in fields]

    def row(self, values: dict) -> list:
        row = self.defaults.copy()
        position = self.position
        for name, value in values.items():
            row[position[name]] = text(value)
        return row

    def write(self, rows: list) -> None:
        """Append ``rows`` in the current transaction."""
        if not rows:
            return
        columns = ", ".join(self.columns)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {self.name} ({columns}) FROM STDIN") as copy:
                    copy.write("".join("\t".join(row) + "\n" for row in rows))
                return
            marks = ", ".join(["%s"] * len(self.columns))
            cursor.executemany(f"INSERT INTO {self.name} ({columns}) VALUES ({marks})",
                               [[None if v == NULL else v for v in row] for row in rows])


def _default(field):
    """A column's value when a story does not give it: the field's default, "" or 0 for the rest
    (0 in a time column fails the insert: a story must give every time, auto_now ones included)."""
    if field.has_default():
        return field.get_default()
    return "" if field.get_internal_type() in ("CharField", "TextField", "SlugField", "EmailField") else 0
