"""Database copies per vendor: an online snapshot for the archive, a check of a staged copy, and an
all-or-nothing restore.

SQLite: the sqlite3 backup API (one read transaction: the copy is the database as of one commit,
while the server keeps writing in WAL mode); restore copies the staged file into the live database
with the same API, which SQLite applies as one write transaction.
PostgreSQL: ``pg_dump`` in custom format inside a REPEATABLE READ transaction whose snapshot the
manifest's counts also read; restore drops every table and replays the dump in one ``psql``
transaction. Without the client tools it refuses and points to docs/operators/backup.md.
"""

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.db import connections, transaction
from django.db.migrations.loader import MigrationLoader

from .manifest import DATABASE_MEMBERS, BackupError

# The tables whose row counts the manifest records and restore compares (bảng chính).
KEY_MODELS = [
    "organizations.Province", "organizations.Unit", "accounts.User", "catalog.Procedure",
    "dossiers.Dossier", "dossiers.DossierEvent", "dossiers.Attachment", "payments.Payment",
    "payments.Receipt", "delivery.StoredResult", "feedback.Rating", "feedback.Petition",
    "queueing.Ticket", "monitoring.ReportJob",
]
PG_PROCEDURE = "docs/operators/backup.md (PostgreSQL)"


@dataclass(frozen=True)
class Snapshot:
    path: Path
    member: str
    vendor: str
    migrations: dict[str, list[str]]
    row_counts: dict[str, int]


def vendor() -> str:
    name = connections["default"].vendor
    if name not in DATABASE_MEMBERS:
        raise BackupError(f"Không hỗ trợ sao lưu cơ sở dữ liệu {name}", f"backups do not support {name}",
                          code="unsupported")
    return name


def known_migrations() -> set[tuple[str, str]]:
    """(app, migration) pairs this version of the code ships."""
    return set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def key_tables() -> dict[str, str]:
    return {label: apps.get_model(label)._meta.db_table for label in KEY_MODELS}


def read_state(cursor, tables: set[str]) -> tuple[dict[str, list[str]], dict[str, int]]:
    """Applied migrations and key-table row counts as this cursor sees them (a missing table counts 0)."""
    migrations: dict[str, list[str]] = {}
    if "django_migrations" in tables:
        cursor.execute("SELECT app, name FROM django_migrations")
        for app, name in cursor.fetchall():
            migrations.setdefault(app, []).append(name)
    counts = {}
    for label, table in key_tables().items():
        if table in tables:
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # names from our own models, not input
            counts[label] = cursor.fetchone()[0]
        else:
            counts[label] = 0
    return migrations, counts


def live_state() -> tuple[dict[str, list[str]], dict[str, int]]:
    connection = connections["default"]
    with connection.cursor() as cursor:
        return read_state(cursor, set(connection.introspection.table_names(cursor)))


def snapshot(into: Path) -> Snapshot:
    """A consistent copy of the live database written under ``into``."""
    kind = vendor()
    path = into / Path(DATABASE_MEMBERS[kind]).name
    state = _sqlite_snapshot(path) if kind == "sqlite" else _pg_snapshot(path)
    return Snapshot(path, DATABASE_MEMBERS[kind], kind, *state)


def check_staged(kind: str, path: Path, archived_migrations: dict[str, list[str]]) -> None:
    """The staged database reads back and has the manifest's migrations (SQLite: after its own
    integrity check; PostgreSQL: the django_migrations rows inside the dump)."""
    if kind == "sqlite":
        source = _read_only(path)
        try:
            verdict = source.execute("PRAGMA integrity_check").fetchone()[0]
            migrations, _ = _sqlite_state(source)
        except sqlite3.DatabaseError as exc:
            verdict = str(exc)
        finally:
            source.close()
        if verdict != "ok":
            raise BackupError(f"Tệp cơ sở dữ liệu trong bản sao lưu bị hỏng ({verdict})",
                              f"the database in the archive is damaged ({verdict})", code="bad_database")
    else:
        migrations = _pg_dump_migrations(path)
    if _normalised(migrations) != _normalised(archived_migrations):
        raise BackupError("Bản kê và cơ sở dữ liệu trong bản sao lưu không khớp nhau (migrations)",
                          "the manifest and the archived database disagree on migrations", code="bad_manifest")


def restore(kind: str, path: Path) -> None:
    """Replace the live database with the staged copy, all or nothing."""
    if kind == "sqlite":
        _sqlite_restore(path)
    else:
        _pg_restore(path)


# --- SQLite ---------------------------------------------------------------------------------------

def copy_sqlite(source: sqlite3.Connection, dest_path: Path) -> None:
    """Online copy: one backup step holds one read transaction, so writers committing meanwhile
    (WAL) are either wholly in the copy or not at all. The copy is a single self-contained file."""
    dest = sqlite3.connect(dest_path)
    try:
        source.backup(dest)
        dest.execute("PRAGMA journal_mode=DELETE")
    finally:
        dest.close()


def _outside_transaction():
    """Django's connection, refused inside ``atomic()``: the SQLite backup API and the exported
    PostgreSQL snapshot each need a transaction of their own."""
    connection = connections["default"]
    if connection.in_atomic_block:
        raise BackupError("Không sao lưu/phục hồi được bên trong một giao dịch",
                          "cannot back up or restore inside a transaction", code="in_transaction")
    return connection


def _live_sqlite() -> sqlite3.Connection:
    connection = _outside_transaction()
    connection.ensure_connection()
    return connection.connection


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def _sqlite_state(db: sqlite3.Connection):
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    return read_state(db.cursor(), tables)


def _sqlite_snapshot(path: Path):
    copy_sqlite(_live_sqlite(), path)
    copy = _read_only(path)
    try:
        return _sqlite_state(copy)
    finally:
        copy.close()


def _sqlite_restore(path: Path) -> None:
    source = _read_only(path)
    try:
        source.backup(_live_sqlite())
    except sqlite3.Error as exc:
        raise BackupError(f"Không ghi được cơ sở dữ liệu ({exc}); dữ liệu hiện có không đổi",
                          f"could not write the database ({exc}); the existing data is unchanged",
                          code="restore_failed") from exc
    finally:
        source.close()


def _normalised(migrations: dict[str, list[str]]) -> dict[str, list[str]]:
    return {app: sorted(names) for app, names in migrations.items()}


# --- PostgreSQL -----------------------------------------------------------------------------------

def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(
            f"Không tìm thấy lệnh {name} (gói postgresql-client); hãy cài đặt, hoặc sao lưu theo {PG_PROCEDURE}",
            f"{name} is not on PATH (postgresql-client); install it or follow {PG_PROCEDURE}", code="no_pg_tools")
    return found


def _pg_env() -> dict[str, str]:
    """libpq variables from the Django settings, so no password appears on a command line."""
    settings = connections["default"].settings_dict
    env = dict(os.environ)
    for var, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD"),
                     ("PGDATABASE", "NAME")):
        if settings.get(key):
            env[var] = str(settings[key])
    for var, option in (("PGSSLMODE", "sslmode"), ("PGSSLROOTCERT", "sslrootcert")):
        if settings.get("OPTIONS", {}).get(option):
            env[var] = str(settings["OPTIONS"][option])
    return env


def _run(command: list[str], *, what: str) -> str:
    done = subprocess.run(command, env=_pg_env(), capture_output=True, text=True)
    if done.returncode:
        detail = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}"
        raise BackupError(f"{what} thất bại: {detail}", f"{what} failed: {detail}", code="pg_failed")
    return done.stdout


def _pg_dump_migrations(path: Path) -> dict[str, list[str]]:
    """The django_migrations rows of a custom-format dump (its COPY block: id, app, name, applied);
    reading them also proves the dump's table of contents and that table's data are readable."""
    script = _run([_tool("pg_restore"), "--data-only", "--table=django_migrations", "--file=-", str(path)],
                  what="pg_restore")
    migrations: dict[str, list[str]] = {}
    lines = iter(script.splitlines())
    for line in lines:  # up to the COPY line; the rows follow, up to "\."
        if line.startswith("COPY ") and line.endswith(" FROM stdin;"):
            break
    for line in lines:
        if line == "\\.":
            break
        _, app, name, _ = line.split("\t")
        migrations.setdefault(app, []).append(name)
    return migrations


def _pg_snapshot(path: Path):
    pg_dump = _tool("pg_dump")
    connection = _outside_transaction()
    with transaction.atomic(), connection.cursor() as cursor:
        # pg_dump joins this transaction's snapshot: the dump and the manifest's counts see one state.
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot_id = cursor.fetchone()[0]
        state = read_state(cursor, set(connection.introspection.table_names(cursor)))
        _run([pg_dump, "--format=custom", f"--snapshot={snapshot_id}", f"--file={path}"], what="pg_dump")
    return state


def _pg_restore(path: Path) -> None:
    """Drop every table and replay the dump in ONE psql transaction: a failure leaves the database
    as it was. The dump is turned into SQL first, so a damaged dump fails before psql starts."""
    pg_restore, psql = _tool("pg_restore"), _tool("psql")
    script = path.with_suffix(".sql")
    connection = _outside_transaction()
    _run([pg_restore, "--no-owner", "--no-privileges", f"--file={script}", str(path)], what="pg_restore")
    tables = connection.introspection.table_names()
    drop = ["-c", "DROP TABLE IF EXISTS " + ", ".join(connection.ops.quote_name(t) for t in tables) + " CASCADE"]
    connection.close()  # nothing of ours holds a lock on the tables being dropped
    _run([psql, "-X", "-q", "--single-transaction", "-v", "ON_ERROR_STOP=1", *(drop if tables else []),
          "-f", str(script)], what="psql")
