"""The manifest's pure checks: member names, declared versus found members, migrations, format."""

import pytest

from motcua.backups import manifest as mf
from motcua.backups.manifest import BackupError, Entry


@pytest.mark.parametrize("name", ["manifest.json", "database/motcua.sqlite3", "files/dossiers/ab12/0f3e-to-khai.pdf",
                                  "files/reports/bao-cao 2026.xlsx"])
def test_names_inside_the_archive_folders_are_accepted(name):
    assert mf.safe_member_name(name) == name


@pytest.mark.parametrize("name", ["../../etc/passwd", "/etc/passwd", "files/../../etc/passwd", "files/./a.pdf",
                                  "files//a.pdf", "files/", "files", "files\\..\\a", "files/a\x00.pdf",
                                  "other/a.pdf", "manifest.json/x", "", "database/../manifest.json"])
def test_names_that_leave_the_archive_folders_are_refused(name):
    with pytest.raises(BackupError) as err:
        mf.safe_member_name(name)
    assert err.value.code == "unsafe_path"
    assert err.value.message_vi.startswith("Tệp sao lưu chứa đường dẫn không hợp lệ")


def _manifest(**database):
    db = {"vendor": "sqlite", "name": "database/motcua.sqlite3", "sha256": "d" * 64, "size": 10, **database}
    return {"format": mf.FORMAT, "format_version": mf.FORMAT_VERSION, "database": db,
            "files": [{"name": "dossiers/x/a.pdf", "sha256": "a" * 64, "size": 3}]}


def test_declared_entries_name_the_database_and_every_file():
    declared = mf.declared_entries(_manifest())
    assert declared == {"database/motcua.sqlite3": Entry("database/motcua.sqlite3", "d" * 64, 10),
                        "files/dossiers/x/a.pdf": Entry("files/dossiers/x/a.pdf", "a" * 64, 3)}


@pytest.mark.parametrize("database", [{"name": "database/other.db"}, {"vendor": "mysql"},
                                      {"name": "database/motcua.pgdump"}])
def test_a_manifest_naming_another_database_member_is_refused(database):
    with pytest.raises(BackupError) as err:
        mf.declared_entries(_manifest(**database))
    assert err.value.code == "bad_manifest"


def test_a_manifest_with_a_traversal_file_name_is_refused():
    manifest = _manifest()
    manifest["files"][0]["name"] = "../../../etc/cron.d/x"
    with pytest.raises(BackupError) as err:
        mf.declared_entries(manifest)
    assert err.value.code == "unsafe_path"


def test_compare_reports_missing_extra_and_changed_members():
    declared = {"a": Entry("a", "1" * 64, 1), "b": Entry("b", "2" * 64, 2), "c": Entry("c", "3" * 64, 3)}
    found = {"a": Entry("a", "1" * 64, 1), "b": Entry("b", "f" * 64, 2), "d": Entry("d", "4" * 64, 4)}
    assert mf.compare(declared, found) == [
        "thiếu / missing: c",
        "thừa, không có trong bản kê / not in the manifest: d",
        "sai mã băm hoặc kích thước / checksum or size differs: b",
    ]
    assert mf.compare(declared, dict(declared)) == []


def test_migrations_unknown_to_this_code_and_pending_ones():
    known = {("dossiers", "0001_initial"), ("dossiers", "0002_events"), ("payments", "0001_initial")}
    archived = {"dossiers": ["0002_events", "0001_initial"], "payments": ["0001_initial", "0002_from_the_future"]}
    assert mf.unknown_migrations(archived, known) == ["payments.0002_from_the_future"]
    assert mf.pending_migrations({"dossiers": ["0001_initial"]}, known) == 2
    assert mf.pending_migrations(archived, known) == 0


def _well_formed(**changes):
    return {"format": mf.FORMAT, "format_version": mf.FORMAT_VERSION, "migrations": {"dossiers": ["0001_initial"]},
            "row_counts": {"dossiers.Dossier": 1}, **changes}


@pytest.mark.parametrize("manifest,code", [({"format": "other"}, "not_a_backup"), ([], "not_a_backup"),
                                           ({"format": mf.FORMAT, "format_version": 2}, "wrong_version"),
                                           ({"format": mf.FORMAT}, "wrong_version"),
                                           (_well_formed(migrations=None), "bad_manifest"),
                                           (_well_formed(migrations={"dossiers": "0001_initial"}), "bad_manifest"),
                                           (_well_formed(row_counts={"dossiers.Dossier": "many"}), "bad_manifest")])
def test_another_format_or_version_is_refused(manifest, code):
    with pytest.raises(BackupError) as err:
        mf.check_format(manifest)
    assert err.value.code == code
    mf.check_format(_well_formed())


def test_build_sorts_files_and_records_what_the_restore_checks():
    built = mf.build(vendor="sqlite", database=Entry("database/motcua.sqlite3", "d" * 64, 10),
                     files=[Entry("z.pdf", "1" * 64, 1), Entry("a.pdf", "2" * 64, 2)],
                     migrations={"b": ["0002", "0001"], "a": ["0001"]}, row_counts={"dossiers.Dossier": 4},
                     created_at="2026-11-23T05:00:00+00:00", motcua_version="0.1.0")
    assert [f["name"] for f in built["files"]] == ["a.pdf", "z.pdf"]
    assert built["migrations"] == {"a": ["0001"], "b": ["0001", "0002"]}
    mf.check_format(built)
    assert set(mf.declared_entries(built)) == {"database/motcua.sqlite3", "files/a.pdf", "files/z.pdf"}
