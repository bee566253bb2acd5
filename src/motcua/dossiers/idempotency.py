"""Idempotent submission: the same Idempotency-Key from the same sender yields the same dossier.

The key row is inserted in the same transaction as the dossier. A concurrent retry with the same
key blocks on the unique index until the first commits, then finds the first dossier; if the
first rolled back, the retry creates the dossier itself. Nothing is ever created twice.
"""

import hashlib
import json

from django.db import IntegrityError, transaction

from motcua.core.errors import UserFacingError

from .models import Dossier, IdempotencyKey


def request_fingerprint(payload: dict) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def once(key: str, owner_key: str, fingerprint: str, create):
    """Return (dossier, created). ``create()`` runs at most once per (owner_key, key)."""
    if not key or len(key) > 100:
        raise UserFacingError("Thiếu hoặc sai tiêu đề Idempotency-Key (1–100 ký tự)",
                              "missing or invalid Idempotency-Key header (1–100 characters)",
                              field="Idempotency-Key", code="idempotency_key")
    existing = _existing(key, owner_key, fingerprint)
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            dossier = create()
            IdempotencyKey.objects.create(key=key, owner_key=owner_key, request_hash=fingerprint, dossier=dossier)
            return dossier, True
    except IntegrityError:
        existing = _existing(key, owner_key, fingerprint)
        if existing is None:
            raise
        return existing, False


def _existing(key, owner_key, fingerprint):
    # A narrow read first: nearly every key is new, and the dossier with its procedure and units
    # (for the answer) is worth a second query only on a retry.
    row = IdempotencyKey.objects.filter(key=key, owner_key=owner_key).values_list("request_hash", "dossier_id").first()
    if row is None:
        return None
    if row[0] != fingerprint:
        raise UserFacingError("Idempotency-Key này đã dùng cho một yêu cầu khác",
                              "this Idempotency-Key was already used for a different request",
                              field="Idempotency-Key", code="idempotency_conflict")
    return Dossier.objects.select_related("procedure", "unit", "current_unit").get(pk=row[1])
