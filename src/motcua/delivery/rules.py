"""Rules of returning results, as pure functions (no database): locker codes, postal status
updates and which list of the return desk (quầy trả kết quả) a finished dossier belongs to."""

import hashlib
import hmac
from datetime import datetime, timedelta
from enum import StrEnum

CODE_DIGITS = 6

# --- locker one-time codes (mã mở tủ) ------------------------------------------------------------


def code_digest(secret: bytes, salt: str, code: str) -> str:
    """The stored form of a one-time code: HMAC-SHA256 keyed with the installation's secret.

    A plain hash of six digits is reversed by trying all 10⁶ codes; keyed, a copy of the table
    alone is useless. ``salt`` (the dossier's public id) makes equal codes hash differently.
    """
    return hmac.new(secret, f"{salt}:{code}".encode(), hashlib.sha256).hexdigest()


def code_matches(secret: bytes, salt: str, code: str, digest: str) -> bool:
    return hmac.compare_digest(code_digest(secret, salt, code), digest)


def clean_code(text: str) -> str:
    """What was typed on the locker screen, without spaces; digits only or nothing."""
    code = "".join((text or "").split())
    return code if code.isascii() and code.isdigit() and len(code) == CODE_DIGITS else ""


def clean_dossier_code(text: str) -> str:
    return "".join((text or "").split()).upper()[:40]


class Verdict(StrEnum):
    OPEN = "open"              # right code, in time: open the door
    REFUSE = "refuse"          # the placement cannot be opened with a code (expired, locked, used)
    WRONG = "wrong"            # wrong code: count the failure
    LOCK = "lock"              # wrong code, and the last one allowed: lock the placement


def judge_attempt(*, status: str, expires_at: datetime, failed_attempts: int, max_attempts: int,
                  now: datetime, matches: bool) -> Verdict:
    """What one try at the locker screen does to a placement (whose status is ``status``).

    The screen shows the same answer for REFUSE, WRONG and LOCK and for a dossier that is not in
    the locker at all: a guess learns nothing, not even whether the dossier exists.
    """
    if status != "waiting" or now >= expires_at:
        return Verdict.REFUSE
    if matches:
        return Verdict.OPEN
    return Verdict.LOCK if failed_attempts + 1 >= max_attempts else Verdict.WRONG


def recall_due(placed_at: datetime, keep_days: int, now: datetime) -> bool:
    """An uncollected result goes back to the counter ``keep_days`` full days after it was placed."""
    return now >= placed_at + timedelta(days=keep_days)


# --- postal status updates -------------------------------------------------------------------------

SENT, DELIVERED, FAILED, RETURNED = "sent", "delivered", "failed", "returned"
_NEXT = {
    SENT: {DELIVERED, FAILED, RETURNED},
    FAILED: {RETURNED},  # the parcel that could not be delivered travels back: recorded
}


def next_shipment_status(current: str, reported: str) -> str | None:
    """The shipment's new status after the post reports ``reported``; None when the report changes
    nothing (a repeat, or news after the end: delivered and returned parcels stay so)."""
    return reported if reported in _NEXT.get(current, ()) else None


# --- the return desk's lists ---------------------------------------------------------------------

class Bucket(StrEnum):
    """Where a finished dossier (status 9) waits at the return desk."""

    COUNTER = "counter"          # chờ trả tại quầy (also: post failed, locker recalled)
    TO_SHIP = "to_ship"          # chờ gửi bưu chính
    IN_TRANSIT = "in_transit"    # bưu chính đang phát
    TO_PLACE = "to_place"        # chờ đặt vào tủ 24 giờ
    IN_LOCKER = "in_locker"      # trong tủ, chờ công dân lấy
    TO_RECALL = "to_recall"      # quá hạn trong tủ: thu hồi về quầy
    ELECTRONIC = "electronic"    # chờ công dân tải kết quả điện tử


def desk_bucket(delivery: str, shipment_status: str | None, placement_status: str | None,
                has_result_file: bool) -> Bucket:
    """The list a finished dossier belongs to, from how the applicant asked to receive it and what
    happened so far (its latest shipment and latest locker placement, if any)."""
    if placement_status in ("waiting", "locked"):
        return Bucket.IN_LOCKER
    if placement_status == "expired":
        return Bucket.TO_RECALL
    if shipment_status == SENT:
        return Bucket.IN_TRANSIT
    came_back = shipment_status in (FAILED, RETURNED) or placement_status == "recalled"
    if came_back:
        return Bucket.COUNTER
    if delivery == "post":
        return Bucket.TO_SHIP
    if delivery == "locker":
        return Bucket.TO_PLACE
    if delivery == "electronic" and has_result_file:
        return Bucket.ELECTRONIC
    return Bucket.COUNTER
