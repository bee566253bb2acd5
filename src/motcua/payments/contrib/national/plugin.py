"""National payment platform plugin (Nền tảng thanh toán trực tuyến trên Cổng DVCQG).

The platform's API is not public (domain-vn.md §3.3 and open point 4), so every wire detail here
is ASSUMED [I] and kept configurable (decision 0184): the citizen is redirected to PAY_URL with
signed query parameters; the platform notifies us with a signed JSON body {merchant_code,
reference, transaction_id, amount, paid_at, status, nonce}; status and refunds are signed JSON
POSTs to API_URL/query and API_URL/refund. Signatures use the same HMAC scheme as the bank
webhook, with algorithm and header names from settings.
"""

import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from datetime import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from ...base import (BasePaymentPlugin, Confirmation, GatewayUnavailable, MalformedMessage,
                     NationalPlatformFlag, PaymentError, PaymentRequest, PaymentStart, PaymentStatus,
                     RefundResult, RefundStatus, ReplayGuard, require_amount)
from ...registry import default_replay_guard, register
from .. import signed_json as sj
from ..signed_json import HmacScheme

Transport = Callable[[str, Mapping[str, str], bytes, float], tuple[int, Mapping[str, str], bytes]]


def http_post(url: str, headers: Mapping[str, str], body: bytes, timeout: float) -> tuple[int, dict, bytes]:
    """POST JSON and return (status, headers, body); HTTP errors are answers, not exceptions."""
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={**headers, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


@register("national")
class NationalPlatformPlugin(BasePaymentPlugin):
    verbose_name = "Nền tảng thanh toán Cổng DVCQG / national payment platform"
    national_platform_flag = NationalPlatformFlag.NATIONAL

    def __init__(self, *, pay_url: str, api_url: str, merchant_code: str, scheme: HmacScheme,
                 replay_guard: ReplayGuard, transport: Transport = http_post, timeout: float = 10,
                 clock: Callable[[], datetime] = timezone.now):
        self.pay_url, self.api_url, self.merchant_code = pay_url, api_url.rstrip("/"), merchant_code
        self.scheme, self.replay_guard, self.transport = scheme, replay_guard, transport
        self.timeout, self.clock = timeout, clock

    @classmethod
    def from_settings(cls) -> "NationalPlatformPlugin":
        conf = settings.MOTCUA_NATIONAL_PAYMENT
        missing = [key for key in ("PAY_URL", "API_URL", "MERCHANT_CODE", "SECRET") if not conf.get(key)]
        if missing:
            raise ImproperlyConfigured(f"Nền tảng thanh toán quốc gia: thiếu cấu hình / national platform settings missing: {missing}")
        scheme = HmacScheme(conf["SECRET"].encode(), algorithm=conf["ALGORITHM"],
                            signature_header=conf["SIGNATURE_HEADER"], timestamp_header=conf["TIMESTAMP_HEADER"],
                            window=sj.window_from_settings())
        return cls(pay_url=conf["PAY_URL"], api_url=conf["API_URL"], merchant_code=conf["MERCHANT_CODE"],
                   scheme=scheme, replay_guard=default_replay_guard(), timeout=conf["TIMEOUT"])

    def create_payment(self, request: PaymentRequest) -> PaymentStart:
        timestamp = str(int(self.clock().timestamp()))
        params = sorted({"merchant_code": self.merchant_code, "reference": request.reference,
                         "amount": str(request.amount), "description": request.description,
                         "return_url": request.return_url, "timestamp": timestamp}.items())
        signature = self.scheme.signature(timestamp, urlencode(params).encode())
        url = f"{self.pay_url}?{urlencode([*params, ('signature', signature)])}"
        return PaymentStart(reference=request.reference, amount=request.amount, redirect_url=url)

    def parse_confirmation(self, headers: Mapping[str, str], body: bytes) -> Confirmation:
        self.scheme.verify(headers, body, self.clock())
        data = sj.load(body)
        confirmation = self._confirmation(data)
        sj.remember(self.replay_guard, self.identifier, confirmation.transaction_id, sj.text(data, "nonce"))
        return confirmation

    def query_status(self, reference: str) -> Confirmation | None:
        data = self._post("/query", {"reference": reference})
        return None if data is None else self._confirmation(data)

    def refund(self, reference: str, amount: int) -> RefundResult:
        require_amount(amount)
        data = self._post("/refund", {"reference": reference, "amount": amount})
        if data is None:
            return RefundResult(reference, amount, RefundStatus.REJECTED,
                                message="Nền tảng không biết khoản thanh toán này / unknown payment")
        return sj.refund_result(data)

    def _post(self, path: str, data: dict) -> dict | None:
        """Signed request, verified answer; None for 404 (no such payment)."""
        message = self.scheme.sign(sj.dump({"merchant_code": self.merchant_code, **data}), self.clock())
        try:
            status, headers, body = self.transport(self.api_url + path, message.headers, message.body, self.timeout)
        except OSError as exc:  # timeouts, refused connections, DNS failures
            raise GatewayUnavailable("Nền tảng thanh toán không trả lời, thử lại sau",
                                     f"the payment platform did not answer ({exc.__class__.__name__})") from exc
        if status == 404:
            return None
        if status >= 500:
            raise GatewayUnavailable(f"Nền tảng thanh toán lỗi HTTP {status}", f"payment platform error HTTP {status}")
        if status >= 400:
            raise PaymentError(f"Nền tảng thanh toán từ chối yêu cầu (HTTP {status})",
                               f"the payment platform refused the request (HTTP {status})")
        self.scheme.verify(headers, body, self.clock())
        return sj.load(body)

    def _confirmation(self, data: Mapping) -> Confirmation:
        if sj.text(data, "merchant_code") != self.merchant_code:
            raise MalformedMessage("Thông báo gửi cho đơn vị khác", "the notification is for another merchant")
        try:
            status = PaymentStatus(sj.text(data, "status"))
        except ValueError:
            raise MalformedMessage("Trạng thái thanh toán lạ", "unknown payment status") from None
        return Confirmation(reference=sj.text(data, "reference"), transaction_id=sj.text(data, "transaction_id"),
                            amount=sj.amount(data), paid_at=sj.moment(data, "paid_at"), status=status, raw=dict(data))
