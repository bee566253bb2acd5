"""Pure rules of the citizen portal: no database, no HTTP, tested with plain values."""

import hmac
import re
from collections.abc import Iterable

from motcua.dossiers.codes import CODE_RE
from motcua.dossiers.models import Delivery

FACTOR = re.compile(r"^\d{4}$")


def normalise_code(text: str) -> str:
    """What a person types from the receipt → the stored form: capitals, no spaces."""
    return re.sub(r"\s+", "", text or "").upper()


def is_dossier_code(code: str) -> bool:
    """Shaped like a dossier code (e.g. H15.50-251203-2035); says nothing about existence."""
    return bool(CODE_RE.match(code))


def factor_matches(factor: str, phone: str, id_number: str) -> bool:
    """The second factor of the public lookup: the last 4 digits of the applicant's phone or of
    the ID number (số định danh / mã số thuế). Both comparisons always run, in constant time, so
    the answer takes the same time whichever one matched, or none."""
    if not FACTOR.match(factor or ""):
        return False
    phone_tail = _digits(phone)[-4:].rjust(4, "x")  # a missing phone can never match
    id_tail = _digits(id_number)[-4:].rjust(4, "x")
    by_phone = hmac.compare_digest(factor, phone_tail)
    by_id = hmac.compare_digest(factor, id_tail)
    return by_phone | by_id


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text or "")


def mask_name(name: str) -> str:
    """'Nguyễn Văn An' → 'Nguyễn V. A.': the family name, then initials. A one-word name keeps
    only its initial, so no full given name is ever shown publicly."""
    words = (name or "").split()
    if not words:
        return ""
    initials = [f"{w[0].upper()}." for w in words[1:]]
    if not initials:
        return f"{words[0][0].upper()}."
    return " ".join([words[0], *initials])


def missing_documents(documents: Iterable, provided_ids: set[int]) -> list:
    """Required documents (thành phần hồ sơ) still without a file.

    A document of a particular case (trường hợp) is required only in that case, which the
    citizen knows and the system does not; the reception officer checks it. So only required
    documents of the common case (empty ``case``) block an online submission.
    """
    return [d for d in documents if d.is_required and not d.case and d.pk not in provided_ids]


def needs_address(delivery: str) -> bool:
    """Results sent by post need a postal address."""
    return delivery == Delivery.POST
