"""Bank transfer plugin (chuyển khoản): a VietQR to the unit's account, confirmed by a webhook.

Webhook: JSON body {transaction_id, account, amount, content, paid_at, nonce}, headers X-Timestamp
and X-Signature (see ..signed_json). `content` is the transfer note; the dossier code in it
(written by vietqr.fit_purpose) becomes the confirmation's reference.
"""

import copy
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from ... import vietqr
from ...base import (BasePaymentPlugin, Confirmation, GatewayUnavailable, MalformedMessage,
                     NationalPlatformFlag, NotSupported, PaymentRequest, PaymentStart, RefundResult,
                     RefundStatus, ReplayGuard, require_amount)
from ...registry import default_replay_guard, register
from .. import signed_json as sj
from ..signed_json import HmacScheme, SignedMessage

# A dossier code: agency segments joined by dots, receipt date YYMMDD, daily sequence
# (domain-vn.md §2.6). After "LPHS" when present, so a bank's own prefix is not taken for it.
_CODE = r"(?:[0-9A-Z]{1,4}\.)*[0-9A-Z]{1,4}-[0-9]{6}-[0-9]{4,7}"
_FEE_NOTE = re.compile(rf"{vietqr.DOSSIER_FEE_PREFIX}[\s._-]*({_CODE})", re.IGNORECASE)
_BARE_CODE = re.compile(rf"(?<![0-9A-Za-z.])({_CODE})(?![0-9])", re.IGNORECASE)


def find_reference(note: str) -> str:
    """The dossier code named in a transfer note, upper case; "" when there is none."""
    found = _FEE_NOTE.search(note) or _BARE_CODE.search(note)
    return found.group(1).upper() if found else ""


class BankApi(Protocol):
    """What a bank offers besides webhooks. Answers are signed like webhooks and verified the same
    way. Real banks each have their own API; the simulator implements this one."""

    def statement(self, reference: str) -> SignedMessage | None:
        """The latest credit whose note names `reference`, as a webhook-shaped message."""

    def refund(self, reference: str, amount: int) -> SignedMessage:
        """Send money back; body {reference, amount, refund_id, status}."""


@register("bank_transfer")
class BankTransferPlugin(BasePaymentPlugin):
    verbose_name = "Chuyển khoản ngân hàng (VietQR) / bank transfer"
    national_platform_flag = NationalPlatformFlag.LOCAL

    def __init__(self, *, bin: str, account: str, scheme: HmacScheme, replay_guard: ReplayGuard,
                 bank_api: BankApi | None = None, account_name: str = "",
                 clock: Callable[[], datetime] = timezone.now):
        self.bin, self.account = vietqr.check_bin(bin), vietqr.check_account(account)
        self.account_name = vietqr.ascii_text(account_name, ("Tên tài khoản", "account name"), vietqr.NAME_LIMIT)
        self.scheme, self.replay_guard, self.bank_api, self.clock = scheme, replay_guard, bank_api, clock
        self.accounts = frozenset({self.account})  # credits to these are ours (see accepting)

    @classmethod
    def from_settings(cls) -> "BankTransferPlugin":
        conf = settings.MOTCUA_BANK_TRANSFER
        missing = [key for key in ("BIN", "ACCOUNT", "WEBHOOK_SECRET") if not conf.get(key)]
        if missing:
            raise ImproperlyConfigured(f"Chuyển khoản: thiếu cấu hình / bank transfer settings missing: {missing}")
        try:
            return cls(bin=conf["BIN"], account=conf["ACCOUNT"], account_name=conf.get("ACCOUNT_NAME", ""),
                       scheme=HmacScheme(conf["WEBHOOK_SECRET"].encode(), window=sj.window_from_settings()),
                       replay_guard=default_replay_guard())
        except vietqr.VietQRError as exc:
            raise ImproperlyConfigured(f"MOTCUA_BANK_TRANSFER: {exc}") from exc

    def with_account(self, bin: str, account: str, account_name: str = "") -> "BankTransferPlugin":
        """The same bank connection collecting into another account, e.g. a unit's own receiving
        account (payments.ReceivingAccount): its QRs name that account."""
        other = copy.copy(self)
        other.bin, other.account = vietqr.check_bin(bin), vietqr.check_account(account)
        other.account_name = vietqr.ascii_text(account_name, ("Tên tài khoản", "account name"), vietqr.NAME_LIMIT)
        other.accounts = self.accounts | {other.account}
        return other

    def accepting(self, accounts: Iterable[str]) -> "BankTransferPlugin":
        """A copy that also takes confirmations of credits to ``accounts`` (the units' accounts at
        this bank); any other account in a webhook is still MalformedMessage."""
        other = copy.copy(self)
        other.accounts = self.accounts | set(accounts)
        return other

    def create_payment(self, request: PaymentRequest) -> PaymentStart:
        payload = vietqr.build_payload(self.bin, self.account, request.amount,
                                       purpose=vietqr.fit_purpose(request.reference),
                                       merchant_name=self.account_name or None)
        return PaymentStart(reference=request.reference, amount=request.amount, qr_payload=payload)

    def parse_confirmation(self, headers: Mapping[str, str], body: bytes) -> Confirmation:
        self.scheme.verify(headers, body, self.clock())
        data = sj.load(body)
        confirmation = self._confirmation(data)
        sj.remember(self.replay_guard, self.identifier, confirmation.transaction_id, sj.text(data, "nonce"))
        return confirmation

    def query_status(self, reference: str) -> Confirmation | None:
        # Same checks as a webhook except the replay store: asking twice is not a replay.
        message = self._call("statement", reference)
        if message is None:
            return None
        self.scheme.verify(message.headers, message.body, self.clock())
        return self._confirmation(sj.load(message.body))

    def refund(self, reference: str, amount: int) -> RefundResult:
        require_amount(amount)
        if self.bank_api is None:
            return RefundResult(reference, amount, RefundStatus.MANUAL,
                                message="Kế toán chuyển trả thủ công / the accountant transfers the money back by hand")
        message = self._call("refund", reference, amount)
        self.scheme.verify(message.headers, message.body, self.clock())
        return sj.refund_result(sj.load(message.body))

    def _call(self, operation: str, *args):
        if self.bank_api is None:
            raise NotSupported("Tài khoản này không có API tra cứu của ngân hàng",
                               "this account has no bank API to ask")
        try:
            return getattr(self.bank_api, operation)(*args)
        except OSError as exc:  # timeouts and refused connections are OSErrors
            raise GatewayUnavailable("Ngân hàng không trả lời, thử lại sau",
                                     f"the bank did not answer ({exc.__class__.__name__}), try again later") from exc

    def _confirmation(self, data: Mapping) -> Confirmation:
        if sj.text(data, "account") not in self.accounts:
            raise MalformedMessage(f"Tài khoản nhận {data['account']!r} không phải tài khoản của đơn vị",
                                   "the credited account is not this unit's account")
        note = sj.text(data, "content", required=False)
        return Confirmation(reference=find_reference(note), transaction_id=sj.text(data, "transaction_id"),
                            amount=sj.amount(data), paid_at=sj.moment(data, "paid_at"), note=note, raw=dict(data))
