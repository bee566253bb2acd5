"""The real `motcua` command on file databases, as an operator runs it: restore into a fresh
installation without --force, backup of a live WAL database, exit code 2 on refusal."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from motcua.backups import service
from motcua.organizations.models import Province

pytestmark = [pytest.mark.django_db(transaction=True),
              pytest.mark.skipif(connection.vendor != "sqlite", reason="embedded SQLite installation only")]


def motcua(data_dir: Path, *args) -> subprocess.CompletedProcess:
    env = {**os.environ, "MOTCUA_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "motcua.conf.dev"}
    env.pop("DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "motcua.cli", *args], env=env, capture_output=True, text=True,
                          timeout=300)


def test_restore_into_fresh_installations_and_back_up_a_live_one(settings, tmp_path):
    # A migrated database to start from, without a slow `migrate`: the test database's own backup.
    settings.MEDIA_ROOT = tmp_path / "seed" / "files"
    Province.objects.create(code="H15", name="Tỉnh Sen Vàng")
    (settings.MEDIA_ROOT / "dossiers" / "x").mkdir(parents=True)
    (settings.MEDIA_ROOT / "dossiers" / "x" / "a.pdf").write_bytes(b"%PDF-1.7 bytes")
    seed, _ = service.backup(tmp_path / "seed.tar.gz")

    old, new = tmp_path / "old", tmp_path / "new"
    done = motcua(old, "restore", str(seed))  # nothing there yet: no --force needed
    assert done.returncode == 0, done.stderr
    assert "Province 1" in done.stdout and "Đã phục hồi / restored" in done.stdout

    live = sqlite3.connect(old / "motcua.sqlite3")
    live.execute("INSERT INTO organizations_province (code, name) VALUES ('H16', 'Tỉnh Sen Hồng')")
    live.commit()  # stays open: the backup reads a live database with its WAL file
    assert (old / "motcua.sqlite3-wal").exists()
    done = motcua(old, "backup")
    assert done.returncode == 0, done.stderr
    archive = next((old / "backups").glob("motcua-*.tar.gz"))
    assert "Province 2" in done.stdout
    assert motcua(old, "backup", "--verify", str(archive)).returncode == 0

    done = motcua(new, "restore", str(archive))
    assert done.returncode == 0, done.stderr
    restored = sqlite3.connect(new / "motcua.sqlite3")
    assert restored.execute("SELECT code FROM organizations_province ORDER BY code").fetchall() == [("H15",), ("H16",)]
    assert restored.execute("PRAGMA journal_mode").fetchone()[0] == "wal"  # the settings' mode is kept
    assert (new / "files" / "dossiers" / "x" / "a.pdf").read_bytes() == b"%PDF-1.7 bytes"
    restored.close()

    again = motcua(new, "restore", str(archive))
    assert again.returncode == 2
    assert "Đã có dữ liệu (organizations.Province: 2, files: 1); dùng --force" in again.stderr
    live.close()
