"""Backup → change → restore gives back the same rows and the same file bytes, on SQLite and on
PostgreSQL (pg_dump / psql); bad archives and restores over data without --force change nothing."""

import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from motcua.backups import service
from motcua.dossiers import services as dossier_services
from motcua.dossiers.models import Attachment, Dossier, DossierEvent
from motcua.payments import services as payment_services
from motcua.payments.models import Payment, Receipt
from tests.fixtures_dossiers import at
from tests.payments.fees_world import fee_procedure, notice_for, received  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.7\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n3 0 obj <</Type /Page>> endobj\n%%EOF"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "data" / "files"
    settings.MOTCUA_BACKUP_DIR = tmp_path / "data" / "backups"
    return tmp_path / "data"


@pytest.fixture
def installation(data_dir, world, applicant, fee_procedure):  # noqa: F811
    """A received dossier with two attachments, a paid fee (receipt) and a generated report file."""
    dossier = received(world, applicant, now=at(2026, 3, 2, 8))
    dossier_services.attach(dossier, PDF, "Tờ khai.pdf", actor=world.reception)
    dossier_services.attach(dossier, PNG, "CCCD.png", actor=world.reception)
    notice = notice_for(dossier, world.reception, now=at(2026, 3, 2, 9))
    payment_services.record_cash(notice, world.reception, 50000, now=at(2026, 3, 2, 9, 5))
    report = data_dir / "files" / "reports" / "bao-cao-thang-3.xlsx"
    report.parent.mkdir(parents=True)
    report.write_bytes(b"PK\x03\x04 report bytes")
    return dossier


def state():
    """What the round trip must give back: counts, a few records, every stored file's bytes."""
    from django.conf import settings

    media = Path(settings.MEDIA_ROOT)
    return {
        "counts": [m.objects.count() for m in (Dossier, Attachment, DossierEvent, Payment, Receipt)],
        "dossiers": list(Dossier.objects.order_by("pk").values_list("code", "state", "version", "applicant_name")),
        "events": list(DossierEvent.objects.order_by("pk").values_list("action", "hash")),
        "receipts": list(Receipt.objects.values_list("year", "number", "payer_name", "issued_at")),
        "files": {p.relative_to(media).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                  for p in media.rglob("*") if p.is_file()},
    }


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def refused(*args) -> CommandError:
    with pytest.raises(CommandError) as err:
        run(*args)
    assert err.value.returncode == 2
    return err.value


def test_round_trip_gives_back_rows_and_file_bytes(installation, world, applicant, data_dir):
    before = state()
    assert before["counts"][:2] == [1, 2] and before["receipts"] and len(before["files"]) == 3
    printed = run("backup")
    archive = next((data_dir / "backups").glob("motcua-*.tar.gz"))
    assert str(archive) in printed and "Dossier 1" in printed
    assert "archive is valid" in run("backup", "--verify", str(archive))

    # Life goes on: a new dossier, a renamed applicant, a damaged file, a lost file, a stray file.
    received(world, applicant, now=at(2026, 3, 3, 8))
    Dossier.objects.filter(pk=installation.pk).update(applicant_name="Sửa sai")
    attachment = Attachment.objects.filter(dossier=installation).first()
    (Path(data_dir / "files") / attachment.storage_name).write_bytes(b"%PDF-1.7 overwritten")
    (data_dir / "files" / "reports" / "bao-cao-thang-3.xlsx").unlink()
    (data_dir / "files" / "stray.txt").write_text("x")
    assert state() != before

    printed = run("restore", str(archive), "--force")
    assert state() == before
    assert "previous data saved in" in printed and "Dossier 1" in printed
    safety = next((data_dir / "backups").glob("before-restore-*.tar.gz"))
    assert service.verify(safety).manifest["row_counts"]["dossiers.Dossier"] == 2  # what --force replaced
    assert "0 with a broken event chain" in run("audit", "verify")
    after = received(world, applicant, now=at(2026, 3, 4, 8))  # sequences and code counters came back too
    assert after.pk > installation.pk and Dossier.objects.count() == 2
    assert not list(data_dir.glob(".restore-*"))  # staging folder cleaned up


def test_restore_over_existing_data_needs_force(installation, data_dir):
    archive, _ = service.backup()
    before = state()
    err = refused("restore", str(archive))
    assert str(err).startswith("Đã có dữ liệu (") and "--force" in str(err)
    assert state() == before and not list((data_dir / "backups").glob("before-restore-*"))


def rewrite(source: Path, target: Path, change) -> Path:
    """A copy of an archive with ``change(name, data) -> [(name, data, type), ...]`` applied per member."""
    with tarfile.open(source, "r:gz") as tar_in, tarfile.open(target, "w:gz") as tar_out:
        for member in tar_in:
            for name, data, kind in change(member.name, tar_in.extractfile(member).read()):
                info = tarfile.TarInfo(name)
                info.size, info.type = len(data), kind
                if kind == tarfile.SYMTYPE:
                    info.size, info.linkname = 0, "/etc/passwd"
                tar_out.addfile(info, io.BytesIO(data))
    return target


def _flip_file_byte(name, data):
    if name.startswith("files/dossiers/"):
        data = data[:-1] + bytes([data[-1] ^ 1])
    return [(name, data, tarfile.REGTYPE)]


def _future_version(name, data):
    if name == "manifest.json":
        manifest = json.loads(data)
        manifest["migrations"]["dossiers"].append("9999_from_a_newer_motcua")
        data = json.dumps(manifest).encode()
    return [(name, data, tarfile.REGTYPE)]


def _format_two(name, data):
    if name == "manifest.json":
        data = json.dumps({**json.loads(data), "format_version": 2}).encode()
    return [(name, data, tarfile.REGTYPE)]


JUNK = b"SQLite format 3\x00 but not really" * 64


def _junk_database(name, data):
    """A database member that is not a database, with a manifest rewritten to match its checksum."""
    if name.startswith("database/"):
        data = JUNK
    elif name == "manifest.json":
        manifest = json.loads(data)
        manifest["database"].update(sha256=hashlib.sha256(JUNK).hexdigest(), size=len(JUNK))
        data = json.dumps(manifest).encode()
    return [(name, data, tarfile.REGTYPE)]


def _manifest_disagrees(name, data):
    if name == "manifest.json":
        manifest = json.loads(data)
        manifest["migrations"]["dossiers"].remove("0001_initial")
        data = json.dumps(manifest).encode()
    return [(name, data, tarfile.REGTYPE)]


def _traversal(name, data):
    extra = [("../../escaped.txt", b"owned", tarfile.REGTYPE)] if name == "manifest.json" else []
    return [(name, data, tarfile.REGTYPE), *extra]


def _symlink(name, data):
    extra = [("files/passwd", b"", tarfile.SYMTYPE)] if name == "manifest.json" else []
    return [(name, data, tarfile.REGTYPE), *extra]


def _no_manifest(name, data):
    return [] if name == "manifest.json" else [(name, data, tarfile.REGTYPE)]


@pytest.mark.parametrize("change,code,words", [
    (_flip_file_byte, "tampered", "không khớp bản kê"),
    (_future_version, "wrong_version", "phiên bản motcua khác/mới hơn"),
    (_format_two, "wrong_version", "định dạng 2"),
    (_junk_database, {"sqlite": "bad_database", "postgresql": "pg_failed"},
     {"sqlite": "cơ sở dữ liệu trong bản sao lưu bị hỏng", "postgresql": "pg_restore thất bại"}),
    (_manifest_disagrees, "bad_manifest", "không khớp nhau (migrations)"),
    (_traversal, "unsafe_path", "đường dẫn không hợp lệ: '../../escaped.txt'"),
    (_symlink, "unsafe_path", "không phải tệp thường"),
    (_no_manifest, "not_a_backup", "không có bản kê"),
])
def test_bad_archives_are_refused_and_change_nothing(installation, data_dir, tmp_path, change, code, words):
    code, words = (x[connection.vendor] if isinstance(x, dict) else x for x in (code, words))
    good, _ = service.backup()
    bad = rewrite(good, tmp_path / "bad.tar.gz", change)
    before = state()
    for args in (("backup", "--verify", str(bad)), ("restore", str(bad), "--force")):
        err = refused(*args)
        assert words in str(err) and str(err).index("/") > 0  # Vietnamese first, then English
    assert state() == before
    assert not (tmp_path / "escaped.txt").exists() and not (data_dir.parent / "escaped.txt").exists()
    assert not list(data_dir.glob(".restore-*")) and not list((data_dir / "backups").glob("before-restore-*"))
    with pytest.raises(service.BackupError) as err:
        service.verify(bad)
    assert err.value.code == code


@pytest.mark.parametrize("keep", [0.5, 0.98])
def test_a_truncated_archive_is_refused(installation, data_dir, tmp_path, keep):
    good, _ = service.backup()
    data = good.read_bytes()
    bad = tmp_path / "cut.tar.gz"
    bad.write_bytes(data[:int(len(data) * keep)])
    before = state()
    err = refused("restore", str(bad), "--force")
    assert "bị hỏng hoặc không đầy đủ" in str(err) and "truncated or corrupt" in str(err)
    assert state() == before


def test_a_missing_archive_is_refused(data_dir, tmp_path):
    assert "Không tìm thấy tệp sao lưu" in str(refused("backup", "--verify", str(tmp_path / "none.tar.gz")))


def test_a_file_deleted_while_the_backup_runs_is_left_out(installation, data_dir, monkeypatch):
    listed = service.stored_files(data_dir / "files")
    monkeypatch.setattr(service, "stored_files", lambda root: [*listed, ("gone/x.pdf", root / "gone" / "x.pdf")])
    archive, manifest = service.backup()
    assert [f["name"] for f in manifest["files"]] == [name for name, _ in listed]
    assert service.verify(archive).manifest == manifest
