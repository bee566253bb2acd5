"""Secondary indexes and constraints set aside during a bulk load (PostgreSQL).

COPY into a table with indexes updates every index row by row and checks every foreign key with a
trigger per row; building the index once afterwards and validating a key with one join is several
times cheaper (figures: docs/developers/seeding.md). The primary keys stay: ids are reserved from
them. ``deferred`` drops the rest and puts back exactly what was there, also when the load fails.
"""

from contextlib import contextmanager

from django.db import connection

SAVED = """
SELECT 'constraint', t.relname, c.conname, format('ALTER TABLE %%I ADD CONSTRAINT %%I %%s', t.relname, c.conname,
                                       pg_get_constraintdef(c.oid)), c.contype
FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
WHERE t.relname = ANY(%s) AND c.contype IN ('u', 'f')
UNION ALL
SELECT 'index', t.relname, i.relname, pg_get_indexdef(i.oid), ''
FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
WHERE t.relname = ANY(%s) AND NOT x.indisprimary
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid AND c.contype IN ('u', 'p', 'x'))
"""


def saved(tables: list[str]) -> list[tuple]:
    """(kind, table, name, statement that recreates it, constraint type) of every secondary index and
    unique or foreign-key constraint of ``tables``; uniques first and foreign keys last, the order
    they are put back in (a foreign key may need a unique constraint of another of the tables)."""
    with connection.cursor() as cursor:
        cursor.execute(SAVED, [tables, tables])
        rows = cursor.fetchall()
    return sorted(rows, key=lambda r: ({"u": 0, "": 1, "f": 2}[r[4]], r[1], r[2]))


@contextmanager
def deferred(tables: list[str], enabled: bool = True):
    """Drop the secondary indexes and constraints of ``tables`` for the block, then rebuild them.
    Yields the list of what was set aside (empty when disabled or off PostgreSQL)."""
    if not enabled or connection.vendor != "postgresql":
        yield []
        return
    items = saved(tables)
    inside = connection.in_atomic_block  # a test's transaction: its deferred key checks must run first
    with connection.cursor() as cursor:
        if inside:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for kind, table, name, _, _ in reversed(items):  # foreign keys first
            cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"' if kind == "constraint"
                           else f'DROP INDEX "{name}"')
    try:
        yield items
    finally:
        restore(items)
        if inside:
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def restore(items: list[tuple]) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '512MB'")
        for _, _, _, statement, _ in items:
            cursor.execute(statement)
