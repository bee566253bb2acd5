"""On PostgreSQL the dump and the manifest's counts read one snapshot while writers go on: rows
written in pairs are never split, and the restored database has exactly the manifest's counts."""

import threading
import time

import pytest
from django.db import connections, transaction

from motcua.backups import service
from motcua.organizations.models import Province

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


def _write_pairs(stop: threading.Event, written: list[int]):
    try:
        while not stop.is_set():
            with transaction.atomic():
                n = written[0]
                Province.objects.bulk_create([Province(code=f"H{n:05d}", name="a"),
                                              Province(code=f"T{n:05d}", name="b")])
            written[0] += 1
    finally:
        connections.close_all()


def test_backup_while_a_writer_commits_is_one_snapshot(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    stop, written = threading.Event(), [0]
    writer = threading.Thread(target=_write_pairs, args=(stop, written))
    writer.start()
    try:
        while written[0] < 20:
            time.sleep(0.01)
        archive, manifest = service.backup(tmp_path / "b.tar.gz")
        during = written[0]
    finally:
        stop.set()
        writer.join()
    counted = manifest["row_counts"]["organizations.Province"]
    assert counted % 2 == 0 and 40 <= counted <= 2 * during
    assert Province.objects.count() > counted  # the writer went on after the snapshot
    restored = service.restore(archive, force=True)
    assert restored.row_counts == manifest["row_counts"]
    assert Province.objects.count() == counted


def test_without_the_client_tools_backup_refuses_and_points_to_the_procedure(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "files"
    monkeypatch.setenv("PATH", str(tmp_path))  # no pg_dump here
    with pytest.raises(service.BackupError) as err:
        service.backup(tmp_path / "b.tar.gz")
    assert err.value.code == "no_pg_tools"
    assert err.value.message_vi.startswith("Không tìm thấy lệnh pg_dump")
    assert "docs/operators/backup.md" in err.value.message_vi
    assert not list(tmp_path.glob("b.tar.gz*"))  # no archive, not even a partial one
