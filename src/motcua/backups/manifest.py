"""The backup manifest (bản kê sao lưu) and the checks on it: pure functions, no database, no disk.

An archive holds ``manifest.json``, one database member under ``database/`` and every stored file
under ``files/``. The manifest lists each member with its SHA-256 and size, the migrations the
database had, and row counts of the key tables, so an archive can be judged before anything is
restored (docs/developers/backups.md).
"""

from dataclasses import dataclass
from pathlib import PurePosixPath

from motcua.core.errors import UserFacingError

FORMAT = "motcua-backup"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
DATABASE_DIR = "database"
FILES_DIR = "files"
DATABASE_MEMBERS = {"sqlite": "database/motcua.sqlite3", "postgresql": "database/motcua.pgdump"}


class BackupError(UserFacingError):
    """An archive that cannot be made, read or restored; the commands exit with code 2."""


@dataclass(frozen=True)
class Entry:
    """One member of the archive as the manifest declares it."""

    name: str
    sha256: str
    size: int


def safe_member_name(name: str) -> str:
    """The member name if it stays inside the archive's own folders; refuses ``../``, absolute
    paths, backslashes and control characters (an archive may come from anywhere)."""
    path = PurePosixPath(name)
    bad = (not name or name.startswith("/") or "\\" in name or any(ord(c) < 32 for c in name)
           or any(part in ("", ".", "..") for part in name.split("/")))
    inside = name == MANIFEST_NAME or (len(path.parts) >= 2 and path.parts[0] in (DATABASE_DIR, FILES_DIR))
    if bad or not inside:
        raise BackupError(f"Tệp sao lưu chứa đường dẫn không hợp lệ: {name!r}",
                          f"the archive holds an unsafe path: {name!r}", code="unsafe_path")
    return name


def build(*, vendor: str, database: Entry, files: list[Entry], migrations: dict[str, list[str]],
          row_counts: dict[str, int], created_at: str, motcua_version: str) -> dict:
    """The manifest as written into the archive (JSON-ready)."""
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "motcua_version": motcua_version,
        "created_at": created_at,
        "database": {"vendor": vendor, "name": database.name, "sha256": database.sha256, "size": database.size},
        "migrations": {app: sorted(names) for app, names in sorted(migrations.items())},
        "row_counts": dict(row_counts),  # in KEY_MODELS order: organisation, people, catalogue, dossiers…
        "files": [{"name": f.name, "sha256": f.sha256, "size": f.size} for f in sorted(files, key=lambda f: f.name)],
    }


def check_format(manifest: dict) -> None:
    """Refuse a manifest this code cannot read (another tool's archive or a newer format)."""
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("Tệp không phải bản sao lưu của motcua", "not a motcua backup archive", code="not_a_backup")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"Bản sao lưu định dạng {manifest.get('format_version')!r}, phiên bản này chỉ đọc định dạng {FORMAT_VERSION}",
            f"archive format {manifest.get('format_version')!r} is not supported (this version reads {FORMAT_VERSION})",
            code="wrong_version")
    migrations, counts = manifest.get("migrations"), manifest.get("row_counts")
    well_formed = (isinstance(migrations, dict) and isinstance(counts, dict)
                   and all(isinstance(names, list) and all(isinstance(n, str) for n in names)
                           for names in migrations.values())
                   and all(isinstance(n, int) for n in counts.values()))
    if not well_formed:
        raise BackupError("Bản kê của bản sao lưu bị thiếu mục hoặc sai kiểu", "the manifest is incomplete or malformed",
                          code="bad_manifest")


def declared_entries(manifest: dict) -> dict[str, Entry]:
    """Every member the manifest declares (database and files), by member name."""
    try:
        db = manifest["database"]
        entries = [Entry(db["name"], db["sha256"], int(db["size"]))]
        entries += [Entry(f"{FILES_DIR}/{f['name']}", f["sha256"], int(f["size"])) for f in manifest["files"]]
    except (KeyError, TypeError, ValueError) as exc:
        raise BackupError("Bản kê của bản sao lưu bị thiếu mục", f"the manifest is incomplete ({exc!r})",
                          code="bad_manifest") from exc
    if db["name"] != DATABASE_MEMBERS.get(db.get("vendor")):
        raise BackupError("Bản kê ghi sai tệp cơ sở dữ liệu", "the manifest names an unexpected database member",
                          code="bad_manifest")
    by_name = {}
    for entry in entries:
        safe_member_name(entry.name)
        if entry.name in by_name:
            raise BackupError(f"Bản kê ghi trùng tệp {entry.name}", f"the manifest lists {entry.name} twice",
                              code="bad_manifest")
        by_name[entry.name] = entry
    return by_name


def compare(declared: dict[str, Entry], found: dict[str, Entry]) -> list[str]:
    """Problems between what the manifest declares and what the archive holds (empty: all good)."""
    problems = [f"thiếu / missing: {name}" for name in sorted(declared.keys() - found.keys())]
    problems += [f"thừa, không có trong bản kê / not in the manifest: {name}"
                 for name in sorted(found.keys() - declared.keys())]
    for name in sorted(declared.keys() & found.keys()):
        want, got = declared[name], found[name]
        if (want.sha256, want.size) != (got.sha256, got.size):
            problems.append(f"sai mã băm hoặc kích thước / checksum or size differs: {name}")
    return problems


def unknown_migrations(archived: dict[str, list[str]], known: set[tuple[str, str]]) -> list[str]:
    """Migrations the archived database had that this code does not have: the archive comes from a
    newer (or another) version, and restoring it would leave tables this code cannot use."""
    return [f"{app}.{name}" for app, names in sorted(archived.items()) for name in sorted(names)
            if (app, name) not in known]


def pending_migrations(archived: dict[str, list[str]], known: set[tuple[str, str]]) -> int:
    """How many of this code's migrations the archived database lacks (run `motcua migrate` after)."""
    applied = {(app, name) for app, names in archived.items() for name in names}
    return len(known - applied)
