"""Demo only: the bank simulator pays a fee notice and sends its signed webhook to the real endpoint.

The payment page's "simulate bank transfer" button lands here. The notification goes over HTTP to
``/thanh-toan/webhook/simulator/`` like a bank's would, so the demo passes through the same
signature, replay and booking code as production.
"""

from django.http import Http404

from . import registry
from .contrib.national.plugin import http_post
from .contrib.simulator.plugin import demo_bank
from .models import FeeNotice
from .services import payment_options

SIMULATOR = "simulator"


def simulator_enabled() -> bool:
    return SIMULATOR in registry.enabled_ids()


def simulate_transfer(notice: FeeNotice, webhook_url: str, *, amount: int | None = None) -> tuple[int, bytes]:
    """Scan the notice's simulator QR, pay it (``amount`` overrides, as a careless payer would) and
    POST the bank's notification to ``webhook_url``. Returns the endpoint's status and body."""
    if not simulator_enabled():
        raise Http404("Ngân hàng giả lập chưa bật / the bank simulator is not enabled")
    option = next((o for o in payment_options(notice) if o.plugin_id == SIMULATOR), None)
    if option is None or not option.qr_payload:
        raise Http404("Không có mã QR của ngân hàng giả lập / no simulator QR for this notice")
    bank = demo_bank()
    message = bank.webhook(bank.pay(option.qr_payload, amount=amount))
    status, _headers, body = http_post(webhook_url, message.headers, message.body, 15)
    return status, body
