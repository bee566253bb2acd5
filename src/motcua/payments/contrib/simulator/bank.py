"""A bank that behaves like the real one, for the demo and the tests (ngân hàng giả lập).

It takes a payment the way a citizen's bank app does (scan the VietQR, maybe change the amount),
and answers the unit's side the way the bank does: signed webhooks, statement queries, refunds.
It can also misbehave on purpose: resend a webhook, forge a signature, send one late, fail or time
out. Everything it sends is checked by the unmodified bank_transfer plugin code.
"""

import itertools
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone

from ... import vietqr
from ..bank_transfer.plugin import find_reference
from ..signed_json import HmacScheme, SignedMessage, dump


@dataclass
class Transfer:
    """One credit to the unit's account (giao dịch ghi có)."""

    transaction_id: str
    account: str
    amount: int
    content: str
    paid_at: datetime
    nonce: str
    refunded: int = 0

    def body(self) -> dict:
        return {"transaction_id": self.transaction_id, "account": self.account, "amount": self.amount,
                "content": self.content, "paid_at": self.paid_at.isoformat(), "nonce": self.nonce}


@dataclass
class BankSimulator:
    scheme: HmacScheme
    bin: str
    account: str
    clock: Callable[[], datetime] = timezone.now
    outage: str | None = None  # "error" or "timeout": how the next API calls fail, until reset
    transfers: list[Transfer] = field(default_factory=list)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1), repr=False)

    # --- the citizen's side ---

    def pay(self, qr_payload: str, *, amount: int | None = None, content: str | None = None) -> Transfer:
        """Scan `qr_payload` and pay it; `amount`/`content` override what the QR says, as a person
        typing into a static QR (or a careless one) would."""
        qr = vietqr.parse_payload(qr_payload)
        if (qr["bin"], qr["account"]) != (self.bin, self.account):
            raise ValueError(f"Mã QR trỏ đến tài khoản khác ({qr['bin']}/{qr['account']}) / "
                             "the QR names another bank account")
        amount = qr["amount"] if amount is None else amount
        if amount is None:
            raise ValueError("Mã QR tĩnh: cần nhập số tiền / static QR: an amount must be typed")
        transfer = Transfer(transaction_id=f"SIM{next(self._ids):08d}", account=self.account,
                            amount=vietqr.check_amount(amount),
                            content=(qr["purpose"] or "") if content is None else content,
                            paid_at=self.clock(), nonce=secrets.token_hex(8))
        self.transfers.append(transfer)
        return transfer

    # --- the bank's side: webhooks ---

    def webhook(self, transfer: Transfer, *, delay: timedelta = timedelta(0)) -> SignedMessage:
        """The notification for `transfer`, signed now (or `delay` ago: a late, replayed message).
        Calling it again for the same transfer is a duplicate delivery: same transaction and nonce."""
        return self.scheme.sign(dump(transfer.body()), self.clock() - delay)

    def forged_webhook(self, transfer: Transfer) -> SignedMessage:
        """The same notification signed with a key that is not the shared secret."""
        forger = HmacScheme(secrets.token_bytes(32), algorithm=self.scheme.algorithm,
                            signature_header=self.scheme.signature_header,
                            timestamp_header=self.scheme.timestamp_header)
        return forger.sign(dump(transfer.body()), self.clock())

    # --- the bank's side: the API the plugin calls (BankApi) ---

    def statement(self, reference: str) -> SignedMessage | None:
        self._maybe_fail()
        transfer = self._latest(reference)
        return self.webhook(transfer) if transfer else None

    def refund(self, reference: str, amount: int) -> SignedMessage:
        self._maybe_fail()
        transfer = self._latest(reference)
        if transfer is None or transfer.refunded + amount > transfer.amount:
            return self._signed({"reference": reference, "amount": amount, "status": "rejected",
                                 "message": "Không có giao dịch đủ tiền để hoàn / no payment large enough to refund"})
        transfer.refunded += amount
        return self._signed({"reference": reference, "amount": amount, "status": "done",
                             "refund_id": f"RF{transfer.transaction_id}-{transfer.refunded}"})

    def _latest(self, reference: str) -> Transfer | None:
        """The latest transfer whose note names ``reference``, or whose transaction id it is (a
        transfer with no dossier in its note can only be refunded by its id)."""
        key = reference.upper()
        matching = [t for t in self.transfers if key in (find_reference(t.content), t.transaction_id.upper())]
        return matching[-1] if matching else None

    def _signed(self, data: dict) -> SignedMessage:
        return self.scheme.sign(dump(data), self.clock())

    def _maybe_fail(self) -> None:
        if self.outage == "timeout":
            raise TimeoutError("bank simulator: timed out")
        if self.outage == "error":
            raise ConnectionRefusedError("bank simulator: connection refused")
