"""Payment gateway plugins (cổng thanh toán): the interface every gateway implements, and its values.

A plugin turns a fee to pay into something the citizen can act on (a VietQR payload, a redirect to
a gateway), and turns what the gateway sends back into a verified `Confirmation`. It keeps no
state of its own: fee notices, receipts and the replay store belong to the payments models.
See docs/developers/payment-plugins.md.
"""

import threading
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import IntEnum, StrEnum
from typing import ClassVar, Protocol


class NationalPlatformFlag(IntEnum):
    """`DuocThanhToanTrucTuyen` sent to the national portal: which platform took the payment."""

    NATIONAL = 1  # Nền tảng thanh toán trên Cổng Dịch vụ công quốc gia
    LOCAL = 2  # cổng thanh toán / tài khoản của địa phương


class PaymentStatus(StrEnum):
    PAID = "paid"  # đã thanh toán
    FAILED = "failed"  # thanh toán không thành công
    PENDING = "pending"  # đang xử lý


class RefundStatus(StrEnum):
    DONE = "done"  # đã hoàn tiền
    PENDING = "pending"  # gateway accepted, money not yet returned
    MANUAL = "manual"  # no refund API: the accountant transfers the money back by hand
    REJECTED = "rejected"


# --- errors: messages are Vietnamese first, then English ----------------------------------------

class PaymentError(Exception):
    def __init__(self, vi: str, en: str):
        super().__init__(f"{vi} / {en}")


class InvalidSignature(PaymentError):
    """Chữ ký sai: the message was not signed with our shared secret."""


class ReplayedMessage(PaymentError):
    """Tin nhắn phát lại: seen before, or its timestamp is outside the replay window."""

    def __init__(self, vi: str, en: str, transaction_id: str = ""):
        super().__init__(vi, en)
        self.transaction_id = transaction_id


class MalformedMessage(PaymentError):
    """Tin nhắn sai định dạng: signed correctly but not something we can book."""


class GatewayUnavailable(PaymentError):
    """The gateway did not answer (timeout, connection refused, 5xx): try again later."""


class NotSupported(PaymentError):
    """The gateway has no such operation (e.g. a plain bank account has no status API)."""


# --- values -------------------------------------------------------------------------------------

def require_amount(amount: int) -> None:
    """A money amount in this interface: a positive whole number of dong."""
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise ValueError(f"Số tiền phải là số nguyên dương (VND): {amount!r} / amount must be a positive whole VND")


@dataclass(frozen=True)
class PaymentRequest:
    """A fee to pay (yêu cầu thanh toán): `reference` is what the payment must be traced back to,
    normally the dossier code (mã hồ sơ)."""

    reference: str
    amount: int  # VND, whole dong
    description: str = ""  # shown by gateways that show one
    return_url: str = ""  # where a redirecting gateway sends the citizen back

    def __post_init__(self):
        require_amount(self.amount)
        if not self.reference.strip():
            raise ValueError("Thiếu mã tham chiếu thanh toán / payment reference missing")


@dataclass(frozen=True)
class PaymentStart:
    """What the citizen is given to pay: a VietQR payload to scan, or a URL to follow."""

    reference: str
    amount: int
    qr_payload: str = ""
    redirect_url: str = ""


@dataclass(frozen=True)
class Confirmation:
    """A verified statement from the gateway that money moved (xác nhận thanh toán)."""

    reference: str  # "" when the transfer note names no dossier: reconcile by hand
    transaction_id: str  # the gateway's id (mã giao dịch), unique per gateway
    amount: int
    paid_at: datetime  # aware
    status: PaymentStatus = PaymentStatus.PAID
    note: str = ""  # the transfer note as the bank received it
    raw: Mapping = field(default_factory=dict, compare=False)

    def __post_init__(self):
        require_amount(self.amount)
        if self.paid_at.tzinfo is None or self.paid_at.utcoffset() is None:
            raise ValueError("paid_at phải có múi giờ / paid_at must be timezone-aware")


@dataclass(frozen=True)
class RefundResult:
    reference: str
    amount: int
    status: RefundStatus
    refund_id: str = ""
    message: str = ""


def matches(expected_amount: int, confirmation: Confirmation) -> bool:
    """True when the confirmation pays the fee notice exactly; the caller flags anything else
    (short or over payment) for the accountant instead of booking it."""
    require_amount(expected_amount)
    return confirmation.status == PaymentStatus.PAID and confirmation.amount == expected_amount


# --- replay protection --------------------------------------------------------------------------

class ReplayGuard(Protocol):
    """Remembers message keys (nonces, transaction ids) so that a message is booked once.

    `first_time` must check and remember in one atomic step. The production implementation is a
    database table with a unique key, written in the same transaction that books the payment, so
    a failed booking also forgets the key and the gateway's retry is accepted.
    """

    def first_time(self, key: str) -> bool: ...


class MemoryReplayGuard:
    """In-process ReplayGuard for tests and the single-process demo; forgets on restart."""

    def __init__(self):
        self._seen: set[str] = set()
        self._lock = threading.Lock()

    def first_time(self, key: str) -> bool:
        with self._lock:
            if key in self._seen:
                return False
            self._seen.add(key)
            return True


# --- the plugin interface -----------------------------------------------------------------------

class BasePaymentPlugin(ABC):
    """One payment gateway. Subclasses register with `@registry.register("identifier")`."""

    identifier: ClassVar[str]
    verbose_name: ClassVar[str]
    national_platform_flag: ClassVar[NationalPlatformFlag]
    demo: ClassVar[bool] = False  # only enabled with MOTCUA_ENABLE_DEMO_PLUGINS

    @classmethod
    @abstractmethod
    def from_settings(cls) -> "BasePaymentPlugin":
        """Build the plugin from Django settings; ImproperlyConfigured when they are incomplete."""

    @abstractmethod
    def create_payment(self, request: PaymentRequest) -> PaymentStart:
        """Start paying `request`: the QR or URL to give the citizen."""

    @abstractmethod
    def parse_confirmation(self, headers: Mapping[str, str], body: bytes) -> Confirmation:
        """Verify and read a gateway notification (webhook). Raises InvalidSignature,
        ReplayedMessage or MalformedMessage; never returns an unverified confirmation."""

    @abstractmethod
    def query_status(self, reference: str) -> Confirmation | None:
        """Ask the gateway about a payment; None when it knows of none. Raises GatewayUnavailable
        when it does not answer and NotSupported when it has no such API."""

    @abstractmethod
    def refund(self, reference: str, amount: int) -> RefundResult:
        """Give `amount` back for the payment of `reference`."""
