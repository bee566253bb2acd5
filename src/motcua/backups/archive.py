"""The archive file (tệp sao lưu): a gzip tar written member by member with each member's SHA-256
taken from the very bytes written, and read back by streaming into a staging folder, never with
``extractall`` (names are checked first; links, devices and folders are refused)."""

import hashlib
import io
import json
import tarfile
import zlib
from pathlib import Path

from .manifest import MANIFEST_NAME, BackupError, Entry, safe_member_name

CHUNK = 1024 * 1024


class _Hashing:
    """A file reader that hashes what tarfile copies out of it."""

    def __init__(self, raw):
        self.raw, self.sha256, self.size = raw, hashlib.sha256(), 0

    def read(self, n=-1):
        data = self.raw.read(n)
        self.sha256.update(data)
        self.size += len(data)
        return data


def add_file(tar: tarfile.TarFile, source: Path, member: str) -> Entry:
    """Add one file; the entry's checksum is of the bytes that went into the archive."""
    info = tarfile.TarInfo(safe_member_name(member))
    stat = source.stat()
    info.size, info.mtime, info.mode = stat.st_size, int(stat.st_mtime), 0o644
    with source.open("rb") as raw:
        reader = _Hashing(raw)
        tar.addfile(info, reader)
    return Entry(member, reader.sha256.hexdigest(), reader.size)


def add_manifest(tar: tarfile.TarFile, manifest: dict, mtime: int) -> None:
    data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
    info = tarfile.TarInfo(MANIFEST_NAME)
    info.size, info.mtime, info.mode = len(data), mtime, 0o644
    tar.addfile(info, io.BytesIO(data))


def stage(archive: Path, into: Path) -> tuple[dict | None, dict[str, Entry]]:
    """Copy every member under ``into`` (same relative name), hashing on the way.

    Returns the manifest (None if the archive has none) and what was found, by member name. A bad
    name, a non-file member, a duplicate, a truncated or corrupt archive stops at once.
    """
    if not archive.is_file():
        raise BackupError(f"Không tìm thấy tệp sao lưu {archive}", f"no archive at {archive}", code="not_found")
    manifest, found = None, {}
    try:
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar:
                name = safe_member_name(member.name)
                if not member.isfile():
                    raise BackupError(f"Tệp sao lưu chứa mục không phải tệp thường: {name}",
                                      f"the archive holds a link, device or folder: {name}", code="unsafe_path")
                if name in found or (name == MANIFEST_NAME and manifest is not None):
                    raise BackupError(f"Tệp sao lưu chứa {name} hai lần", f"the archive holds {name} twice",
                                      code="duplicate")
                source = tar.extractfile(member)
                if name == MANIFEST_NAME:
                    manifest = _parse_manifest(source.read())
                else:
                    found[name] = _copy(source, into / name, name)
    except BackupError:
        raise
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        raise BackupError(f"Tệp sao lưu bị hỏng hoặc không đầy đủ ({exc})",
                          f"the archive is truncated or corrupt ({exc})", code="corrupt") from exc
    return manifest, found


def _copy(source, target: Path, name: str) -> Entry:
    target.parent.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    with target.open("xb") as out:  # "x": a name seen twice under another spelling cannot overwrite
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    return Entry(name, digest.hexdigest(), size)


def _parse_manifest(data: bytes) -> dict:
    try:
        return json.loads(data)
    except ValueError as exc:
        raise BackupError("Bản kê (manifest.json) không đọc được", "manifest.json is not valid JSON",
                          code="bad_manifest") from exc
