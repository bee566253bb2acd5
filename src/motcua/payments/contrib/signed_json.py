"""Signed JSON messages, shared by the gateway plugins and the bank simulator.

Signature scheme (the bank-transfer webhook; the national platform's is assumed to be the same,
decision 0184): header X-Timestamp = Unix seconds, header X-Signature =
hex(HMAC-SHA256(secret, timestamp + "." + body)). Checks run cheapest-to-forge last: signature
first (nothing unsigned reaches the body parser or the replay store), then the ±5 minute window,
then the body, then the replay store (decision 0183).
"""

import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from ..base import InvalidSignature, MalformedMessage, RefundResult, RefundStatus, ReplayedMessage, ReplayGuard

MIN_SECRET_BYTES = 16


class SignedMessage(NamedTuple):
    headers: dict[str, str]
    body: bytes


@dataclass(frozen=True)
class HmacScheme:
    secret: bytes
    algorithm: str = "sha256"
    signature_header: str = "X-Signature"
    timestamp_header: str = "X-Timestamp"
    window: timedelta = timedelta(minutes=5)

    def __post_init__(self):
        if len(self.secret) < MIN_SECRET_BYTES:
            raise ImproperlyConfigured(f"Khóa bí mật ký tin nhắn phải dài ít nhất {MIN_SECRET_BYTES} byte / "
                                       f"signing secret must be at least {MIN_SECRET_BYTES} bytes")
        if self.algorithm not in hashlib.algorithms_guaranteed:
            raise ImproperlyConfigured(f"Thuật toán băm không có / unknown hash algorithm {self.algorithm!r}")

    def signature(self, timestamp: str, body: bytes) -> str:
        return hmac.new(self.secret, timestamp.encode() + b"." + body, self.algorithm).hexdigest()

    def sign(self, body: bytes, at: datetime) -> SignedMessage:
        timestamp = str(int(at.timestamp()))
        return SignedMessage({self.timestamp_header: timestamp,
                              self.signature_header: self.signature(timestamp, body)}, body)

    def verify(self, headers: Mapping[str, str], body: bytes, now: datetime) -> None:
        """Raise InvalidSignature, or ReplayedMessage when the timestamp is outside the window."""
        lower = {key.lower(): value for key, value in headers.items()}
        timestamp = lower.get(self.timestamp_header.lower(), "")
        given = lower.get(self.signature_header.lower(), "").strip().lower()
        if not hmac.compare_digest(given, self.signature(timestamp, body)):
            raise InvalidSignature("Chữ ký tin nhắn không hợp lệ", "invalid message signature")
        try:
            sent = int(timestamp)
        except ValueError:
            raise MalformedMessage("Dấu thời gian không phải số giây Unix",
                                   "timestamp is not Unix seconds") from None
        skew = abs(now.timestamp() - sent)
        if skew > self.window.total_seconds():
            raise ReplayedMessage(f"Tin nhắn gửi lệch {int(skew)} giây, ngoài khung ±{int(self.window.total_seconds())} giây",
                                  f"message timestamp is {int(skew)} s away, outside the ±{int(self.window.total_seconds())} s window")


def window_from_settings() -> timedelta:
    return timedelta(seconds=settings.MOTCUA_PAYMENT_REPLAY_WINDOW_SECONDS)


def dump(data: Mapping[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def load(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise MalformedMessage("Nội dung tin nhắn không phải JSON", "message body is not JSON") from None
    if not isinstance(data, dict):
        raise MalformedMessage("Nội dung tin nhắn phải là đối tượng JSON", "message body must be a JSON object")
    return data


def text(data: Mapping, key: str, *, required: bool = True) -> str:
    value = data.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise MalformedMessage(f"Thiếu hoặc sai trường {key!r}", f"field {key!r} missing or not text")
    return value


def amount(data: Mapping, key: str = "amount") -> int:
    """Whole VND as a JSON integer or a string of digits; decimals and negatives are refused."""
    value = data.get(key)
    if isinstance(value, str) and value.isascii() and value.isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise MalformedMessage(f"Số tiền {value!r} không hợp lệ", f"field {key!r} is not a positive whole VND")
    return value


def moment(data: Mapping, key: str) -> datetime:
    """ISO 8601 with an offset: a bank time without a zone is ambiguous, so refused."""
    try:
        value = datetime.fromisoformat(text(data, key))
    except ValueError:
        raise MalformedMessage(f"Thời điểm {key!r} không theo ISO 8601", f"field {key!r} is not ISO 8601") from None
    if value.tzinfo is None:
        raise MalformedMessage(f"Thời điểm {key!r} thiếu múi giờ", f"field {key!r} has no time zone offset")
    return value


def refund_result(data: Mapping) -> RefundResult:
    """A gateway's answer to a refund: {reference, amount, status, refund_id?, message?}."""
    try:
        status = RefundStatus(text(data, "status"))
    except ValueError:
        raise MalformedMessage("Trạng thái hoàn tiền lạ", "unknown refund status") from None
    return RefundResult(text(data, "reference"), amount(data), status,
                        refund_id=text(data, "refund_id", required=False), message=text(data, "message", required=False))


def remember(guard: ReplayGuard, namespace: str, transaction_id: str, nonce: str) -> None:
    """Record both keys (so each is remembered) and refuse the message if either was seen."""
    fresh = [guard.first_time(f"{namespace}:txn:{transaction_id}"), guard.first_time(f"{namespace}:nonce:{nonce}")]
    if not all(fresh):
        raise ReplayedMessage(f"Giao dịch {transaction_id} đã được xử lý (tin nhắn lặp lại)",
                              f"transaction {transaction_id} already processed (duplicate message)",
                              transaction_id=transaction_id)
