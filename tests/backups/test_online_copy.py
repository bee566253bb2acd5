"""The SQLite copy is taken online: a writer keeps committing during the copy, and every copy is the
database as of one commit (a transfer between two accounts is never half in a copy)."""

import sqlite3
import threading
import time

from motcua.backups.databases import copy_sqlite

TOTAL = 1000


def _open(path):
    db = sqlite3.connect(path, timeout=20, isolation_level=None, check_same_thread=False)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")  # as the settings have it: no fsync per commit in WAL
    return db


def _writer(path, stop: threading.Event, commits: list[int]):
    """Moves 1 from a to b and logs it, in one transaction, as fast as it can."""
    db = _open(path)
    while not stop.is_set():
        db.execute("BEGIN IMMEDIATE")
        db.execute("UPDATE account SET balance = balance - 1 WHERE name = 'a'")
        db.execute("UPDATE account SET balance = balance + 1 WHERE name = 'b'")
        db.execute("INSERT INTO ledger (moved, filler) VALUES (1, randomblob(512))")
        db.execute("COMMIT")
        commits[0] += 1
    db.close()


def test_copies_taken_while_a_writer_commits_are_consistent(tmp_path):
    path = tmp_path / "live.sqlite3"
    db = _open(path)
    db.execute("CREATE TABLE account (name TEXT PRIMARY KEY, balance INTEGER)")
    db.execute("CREATE TABLE ledger (id INTEGER PRIMARY KEY, moved INTEGER, filler BLOB)")
    db.execute("CREATE TABLE padding (data BLOB)")  # a few MB so that a copy takes a while
    db.execute("INSERT INTO account VALUES ('a', ?), ('b', 0)", (TOTAL * 1000,))
    db.execute("INSERT INTO padding WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) "
               "SELECT randomblob(4096) FROM n")
    stop, commits = threading.Event(), [0]
    writer = threading.Thread(target=_writer, args=(path, stop, commits))
    writer.start()
    try:
        seen = []
        for i in range(5):
            time.sleep(0.05)
            before = commits[0]
            copy_sqlite(db, tmp_path / f"copy{i}.sqlite3")
            seen.append((before, commits[0]))
    finally:
        stop.set()
        writer.join()
    assert commits[0] > 0
    logged = []
    for i in range(5):
        copy = sqlite3.connect(tmp_path / f"copy{i}.sqlite3")
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one self-contained file
        a, b = (row[0] for row in copy.execute("SELECT balance FROM account ORDER BY name"))
        moved = copy.execute("SELECT COUNT(*) FROM ledger").fetchone()[0]
        assert (a + b, b) == (TOTAL * 1000, moved)
        logged.append(moved)
        copy.close()
    assert logged == sorted(logged) and logged[-1] > logged[0]  # the writer went on between copies
    assert any(after > before for before, after in seen)  # …and during at least one copy
