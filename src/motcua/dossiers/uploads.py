"""Attachments: the real type is read from the bytes, never from the name or the browser's claim.

Accepted: PDF (without embedded JavaScript), JPEG, PNG, within the size and page limits. Files are
stored under MEDIA_ROOT, outside the web root, and served only through permission-checked views.
"""

import hashlib
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from motcua.core.errors import UserFacingError
from motcua.core.text import to_ascii

from .models import Attachment

SIGNATURES = [
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
]
_PDF_PAGE = re.compile(rb"/Type\s*/Page(?!s)")
_PDF_ACTIVE = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile)\b")


@dataclass(frozen=True)
class CheckedFile:
    content: bytes
    content_type: str
    name: str
    sha256: str


def sniff(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) from the first bytes, or None for anything not accepted."""
    for magic, content_type, ext in SIGNATURES:
        if head.startswith(magic):
            return content_type, ext
    return None


def safe_name(name: str, ext: str) -> str:
    """A plain ASCII file name with the extension that matches the real type."""
    stem = to_ascii((name or "").replace("\\", "/").rsplit("/", 1)[-1]).rsplit(".", 1)[0]
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-_")[:80] or "tep"
    return f"{stem}.{ext}"


def check(content: bytes, name: str) -> CheckedFile:
    limit = settings.MOTCUA_MAX_ATTACHMENT_BYTES
    if len(content) > limit:
        raise UserFacingError(f"Tệp '{name}' vượt quá dung lượng cho phép ({limit // (1024 * 1024)} MB)",
                              f"file '{name}' is larger than {limit // (1024 * 1024)} MB", field="file", code="too_large")
    if not content:
        raise UserFacingError(f"Tệp '{name}' rỗng", f"file '{name}' is empty", field="file", code="empty")
    kind = sniff(content[:16])
    if kind is None:
        raise UserFacingError(
            f"Tệp '{name}' không phải PDF, JPEG hoặc PNG thật (nội dung không khớp), nên không được nhận",
            f"file '{name}' is not a real PDF, JPEG or PNG", field="file", code="bad_type")
    content_type, ext = kind
    if content_type == "application/pdf":
        _check_pdf(content, name)
    return CheckedFile(content, content_type, safe_name(name, ext), hashlib.sha256(content).hexdigest())


def _check_pdf(content: bytes, name: str):
    if _PDF_ACTIVE.search(content):
        raise UserFacingError(f"Tệp PDF '{name}' chứa mã chạy tự động hoặc tệp nhúng, không được nhận",
                              f"PDF '{name}' contains scripts or embedded files", field="file", code="active_pdf")
    pages = len(_PDF_PAGE.findall(content))
    if pages > settings.MOTCUA_MAX_PDF_PAGES:
        raise UserFacingError(f"Tệp PDF '{name}' có {pages} trang, vượt quá {settings.MOTCUA_MAX_PDF_PAGES} trang",
                              f"PDF '{name}' has too many pages", field="file", code="too_many_pages")


def store(dossier, checked: CheckedFile) -> str:
    path = f"dossiers/{dossier.public_id}/{checked.sha256[:16]}-{checked.name}"
    if not default_storage.exists(path):
        path = default_storage.save(path, ContentFile(checked.content))
        flush_to_disk(path)
    return path


def flush_to_disk(name: str) -> None:
    """fsync a file written to the file-system storage, and the folders that gained an entry, so
    that the file is on disk before the transaction that refers to it commits (durable commits
    would otherwise keep an attachment row whose bytes a power cut lost). Other storages (object
    stores) answer a write only once it is kept, and have no ``path``."""
    try:
        full = Path(default_storage.path(name))
    except NotImplementedError:
        return
    root = Path(default_storage.path(""))
    for target in (full, *[p for p in full.parents if p == root or root in p.parents]):
        fd = os.open(target, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextmanager
def files_undone_on_failure() -> Iterator[list[str]]:
    """A transaction that also takes back the files written in it when it rolls back."""
    stored: list[str] = []  # callers append the storage names they write
    try:
        with transaction.atomic():
            yield stored
    except Exception:
        discard_unreferenced(stored)
        raise


def discard_unreferenced(paths: list[str]) -> None:
    """Remove stored files no attachment refers to (the same content may be stored once for two)."""
    referenced = set(Attachment.objects.filter(storage_name__in=paths).values_list("storage_name", flat=True))
    for path in set(paths) - referenced:
        default_storage.delete(path)
