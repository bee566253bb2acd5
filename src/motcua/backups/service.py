"""Backup, verify and restore of the whole installation (sao lưu, kiểm tra, phục hồi).

Order matters. Backup snapshots the database first and then reads the files: a file the snapshot
refers to was stored before its row was committed, so it is already there. Restore checks the whole
archive in a staging folder before touching anything, then swaps the files folder by renames and
replaces the database in one transaction; if that fails the old files folder is put back.
"""

import os
import shutil
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from django.conf import settings

from . import archive, databases
from . import manifest as mf
from .manifest import BackupError, Entry


@dataclass(frozen=True)
class Staged:
    """A fully checked archive, unpacked in ``folder`` (removed when the context ends)."""

    manifest: dict
    folder: Path
    pending_migrations: int

    @property
    def vendor(self) -> str:
        return self.manifest["database"]["vendor"]

    @property
    def database(self) -> Path:
        return self.folder / self.manifest["database"]["name"]


@dataclass(frozen=True)
class Restored:
    manifest: dict
    row_counts: dict[str, int]
    safety_backup: Path | None
    pending_migrations: int


def default_path(prefix: str = "motcua") -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%SZ")
    return Path(settings.MOTCUA_BACKUP_DIR) / f"{prefix}-{stamp}.tar.gz"


def stored_files(root: Path) -> list[tuple[str, Path]]:
    """Every regular file under the files folder, as (name relative to it, path), sorted."""
    if not root.is_dir():
        return []
    found = []
    for folder, dirs, names in os.walk(root):
        dirs.sort()
        for name in sorted(names):
            path = Path(folder, name)
            if path.is_file() and not path.is_symlink():
                found.append((path.relative_to(root).as_posix(), path))
    return found


def backup(output: Path | None = None) -> tuple[Path, dict]:
    """Write one archive (written as ``.partial`` and renamed when complete); returns its path and manifest."""
    output = Path(output or default_path()).resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    media = Path(settings.MEDIA_ROOT)
    partial = output.with_name(output.name + ".partial")
    with tempfile.TemporaryDirectory(dir=output.parent, prefix=".backup-") as tmp:
        snap = databases.snapshot(Path(tmp))
        try:
            with partial.open("wb") as raw, tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as tar:
                database = archive.add_file(tar, snap.path, snap.member)
                files = _add_files(tar, media)
                now = datetime.now(UTC)
                manifest = mf.build(
                    vendor=snap.vendor, database=database, migrations=snap.migrations, row_counts=snap.row_counts,
                    files=[Entry(f.name.removeprefix(f"{mf.FILES_DIR}/"), f.sha256, f.size) for f in files],
                    created_at=now.isoformat(timespec="seconds"), motcua_version=_version())
                archive.add_manifest(tar, manifest, int(now.timestamp()))
                tar.close()  # flushes the gzip stream into raw, which is then made durable
                raw.flush()
                os.fsync(raw.fileno())  # on disk before it carries the final name
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    os.replace(partial, output)
    return output, manifest


def _add_files(tar: tarfile.TarFile, media: Path) -> list[Entry]:
    added = []
    for name, path in stored_files(media):
        try:
            added.append(archive.add_file(tar, path, f"{mf.FILES_DIR}/{name}"))
        except FileNotFoundError:
            continue  # deleted since it was listed (a discarded upload): nothing of it was written
    return added


@contextmanager
def staged(path: Path, parent: Path | None = None) -> Iterator[Staged]:
    """Unpack and check an archive: names, checksums, sizes, format, migrations, the database itself."""
    parent = parent or Path(tempfile.gettempdir())
    parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(dir=parent, prefix=".restore-"))
    try:
        manifest, found = archive.stage(Path(path), folder)
        if manifest is None:
            raise BackupError("Tệp sao lưu không có bản kê (manifest.json)", "the archive has no manifest.json",
                              code="not_a_backup")
        mf.check_format(manifest)
        problems = mf.compare(mf.declared_entries(manifest), found)
        if problems:
            raise BackupError("Tệp sao lưu không khớp bản kê (bị sửa hoặc hỏng): " + "; ".join(problems[:5]),
                              f"the archive does not match its manifest ({len(problems)} problems)", code="tampered")
        known = databases.known_migrations()
        unknown = mf.unknown_migrations(manifest["migrations"], known)
        if unknown:
            raise BackupError(
                "Bản sao lưu đến từ phiên bản motcua khác/mới hơn (migration lạ: " + ", ".join(unknown[:5]) + ")",
                f"the archive comes from another or newer motcua version ({len(unknown)} unknown migrations)",
                code="wrong_version")
        result = Staged(manifest, folder, mf.pending_migrations(manifest["migrations"], known))
        databases.check_staged(result.vendor, result.database, manifest["migrations"])
        yield result
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def verify(path: Path) -> Staged:
    """Check an archive without restoring it (the staging folder is gone when this returns)."""
    with staged(path) as result:
        return result


def existing_data() -> dict[str, int]:
    """Key rows and stored files already here (empty: a fresh installation, safe to restore over)."""
    _, counts = databases.live_state()
    present = {label: n for label, n in counts.items() if n}
    files = len(stored_files(Path(settings.MEDIA_ROOT)))
    return present | ({"files": files} if files else {})


def restore(path: Path, *, force: bool = False) -> Restored:
    media = Path(settings.MEDIA_ROOT)
    with staged(path, media.parent) as archived:
        if archived.vendor != databases.vendor():
            raise BackupError(f"Bản sao lưu là của {archived.vendor}, cơ sở dữ liệu hiện tại là {databases.vendor()}",
                              f"the archive holds a {archived.vendor} database, this installation uses "
                              f"{databases.vendor()}", code="wrong_vendor")
        present = existing_data()
        if present and not force:
            listed = ", ".join(f"{label}: {n}" for label, n in present.items())
            raise BackupError(f"Đã có dữ liệu ({listed}); dùng --force để ghi đè (một bản sao lưu dữ liệu hiện "
                              "có sẽ được tạo trước)",
                              "data already exists; use --force to overwrite it (it is backed up first)",
                              code="data_exists")
        safety = backup(default_path("before-restore"))[0] if present else None
        _swap_in(archived, media)
        _, counts = databases.live_state()
    return Restored(archived.manifest, counts, safety, archived.pending_migrations)


def _swap_in(archived: Staged, media: Path) -> None:
    """Files folder by rename (same file system as the staging folder), then the database; a failed
    database restore puts the old files folder back."""
    new_files = archived.folder / mf.FILES_DIR
    new_files.mkdir(exist_ok=True)
    old = archived.folder / "files-before"
    had_files = media.exists()
    try:
        if had_files:
            os.rename(media, old)
        os.rename(new_files, media)
    except OSError as exc:
        if had_files and old.exists():
            os.rename(old, media)
        raise BackupError(f"Không thay được thư mục tệp {media} ({exc}); không có gì thay đổi. Thư mục này có là "
                          "điểm gắn ổ đĩa không? Hãy gắn ổ đĩa ở MOTCUA_DATA_DIR",
                          f"could not swap the files folder {media} ({exc}); nothing changed. Is it a mount point? "
                          "Mount the disk at MOTCUA_DATA_DIR instead", code="swap_failed") from exc
    try:
        databases.restore(archived.vendor, archived.database)
    except BaseException:
        os.rename(media, new_files)
        if had_files:
            os.rename(old, media)
        raise


def _version() -> str:
    try:
        return metadata.version("motcua")
    except metadata.PackageNotFoundError:
        return "unknown"
