"""National payment platform plugin: assumed wire format, configurable signing, real HTTP client."""

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from motcua.payments.base import (GatewayUnavailable, InvalidSignature, MalformedMessage, MemoryReplayGuard,
                                  NationalPlatformFlag, PaymentError, PaymentRequest, PaymentStatus,
                                  RefundStatus, ReplayedMessage, matches)
from motcua.payments.contrib.national.plugin import NationalPlatformPlugin, http_post
from motcua.payments.contrib.signed_json import HmacScheme, dump, load

# A platform that signs with SHA-512 under its own header names: proves both are configurable.
SCHEME = HmacScheme(b"national-platform-secret-0123", algorithm="sha512",
                    signature_header="X-DVC-Signature", timestamp_header="X-DVC-Time")
NOTICE = {"merchant_code": "H15.50", "reference": "H15.50-261008-0975", "transaction_id": "PG123",
          "amount": 50000, "paid_at": "2026-03-02T09:29:00+07:00", "status": "paid", "nonce": "k1"}


class FakePlatform:
    """Stands in for the platform's API behind the plugin's transport."""

    def __init__(self, clock):
        self.clock, self.calls, self.reply = clock, [], None

    def __call__(self, url, headers, body, timeout):
        SCHEME.verify(headers, body, self.clock())  # the plugin signs its requests too
        self.calls.append((urlsplit(url).path, load(body)))
        if isinstance(self.reply, Exception):
            raise self.reply
        status, data = self.reply
        return (status, *SCHEME.sign(dump(data), self.clock())) if data is not None else (status, {}, b"")


@pytest.fixture
def platform(clock):
    return FakePlatform(clock)


@pytest.fixture
def national(platform, clock):
    return NationalPlatformPlugin(pay_url="https://pay.example.vn/pay", api_url="https://api.example.vn/v1/",
                                  merchant_code="H15.50", scheme=SCHEME, replay_guard=MemoryReplayGuard(),
                                  transport=platform, clock=clock)


def test_flag_is_national_platform():
    assert NationalPlatformPlugin.national_platform_flag == NationalPlatformFlag.NATIONAL == 1


def test_create_payment_redirects_with_signed_parameters(national, clock):
    start = national.create_payment(PaymentRequest("H15.50-261008-0975", 50000, description="Lệ phí hộ tịch",
                                                   return_url="https://motcua.example.vn/ho-so/1"))
    url = urlsplit(start.redirect_url)
    assert f"{url.scheme}://{url.netloc}{url.path}" == "https://pay.example.vn/pay"
    params = dict(parse_qsl(url.query))
    assert (params["reference"], params["amount"], params["description"]) == ("H15.50-261008-0975", "50000", "Lệ phí hộ tịch")
    signature = params.pop("signature")
    assert signature == SCHEME.signature(params["timestamp"], urlencode(sorted(params.items())).encode())
    assert start.qr_payload == ""


def test_notification_is_confirmed_once(national, clock):
    message = SCHEME.sign(dump(NOTICE), clock())
    confirmation = national.parse_confirmation(*message)
    assert (confirmation.reference, confirmation.transaction_id, confirmation.amount) == ("H15.50-261008-0975", "PG123", 50000)
    assert matches(50000, confirmation)
    with pytest.raises(ReplayedMessage):
        national.parse_confirmation(*message)


def test_failed_payment_notification_never_matches(national, clock):
    confirmation = national.parse_confirmation(*SCHEME.sign(dump({**NOTICE, "status": "failed"}), clock()))
    assert confirmation.status == PaymentStatus.FAILED
    assert not matches(50000, confirmation)


@pytest.mark.parametrize("change, error", [
    ({"merchant_code": "H15.51"}, MalformedMessage),
    ({"status": "ok"}, MalformedMessage),
    ({"reference": ""}, MalformedMessage),
])
def test_bad_notifications(national, clock, change, error):
    with pytest.raises(error):
        national.parse_confirmation(*SCHEME.sign(dump({**NOTICE, **change}), clock()))


def test_default_header_names_are_not_accepted_when_configured_otherwise(national, clock):
    default = HmacScheme(SCHEME.secret, algorithm="sha512")
    with pytest.raises(InvalidSignature):
        national.parse_confirmation(*default.sign(dump(NOTICE), clock()))


def test_query_status(national, platform):
    platform.reply = (200, NOTICE)
    confirmation = national.query_status("H15.50-261008-0975")
    assert confirmation.transaction_id == "PG123"
    assert platform.calls == [("/v1/query", {"merchant_code": "H15.50", "reference": "H15.50-261008-0975"})]
    platform.reply = (404, None)
    assert national.query_status("H15.50-261008-0001") is None


@pytest.mark.parametrize("reply, error", [
    ((503, None), GatewayUnavailable),
    (TimeoutError("slow"), GatewayUnavailable),
    (ConnectionRefusedError(), GatewayUnavailable),
    ((400, None), PaymentError),
])
def test_query_status_failures(national, platform, reply, error):
    platform.reply = reply
    with pytest.raises(error, match=" / "):
        national.query_status("H15.50-261008-0975")


def test_unsigned_answer_is_refused(national, platform, monkeypatch):
    national.transport = lambda url, headers, body, timeout: (200, {}, dump(NOTICE))
    with pytest.raises(InvalidSignature):
        national.query_status("H15.50-261008-0975")


def test_refund(national, platform):
    platform.reply = (200, {"reference": "H15.50-261008-0975", "amount": 50000, "status": "pending", "refund_id": "R1"})
    result = national.refund("H15.50-261008-0975", 50000)
    assert (result.status, result.refund_id) == (RefundStatus.PENDING, "R1")
    assert platform.calls[-1] == ("/v1/refund", {"merchant_code": "H15.50", "reference": "H15.50-261008-0975",
                                                 "amount": 50000})
    platform.reply = (404, None)
    assert national.refund("H15.50-261008-0975", 50000).status == RefundStatus.REJECTED


# --- the real HTTP client -----------------------------------------------------------------------

class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        status = 404 if self.path.endswith("/missing") else 200
        self.send_response(status)
        self.send_header("X-Echo-Type", self.headers["Content-Type"])
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


def test_http_post_returns_status_headers_and_body(server):
    status, headers, body = http_post(server + "/query", {"X-A": "1"}, b'{"a":1}', 5)
    assert (status, body, headers["X-Echo-Type"]) == (200, b'{"a":1}', "application/json")
    assert http_post(server + "/missing", {}, b"{}", 5)[0] == 404


def test_closed_port_is_gateway_unavailable(clock):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    plugin = NationalPlatformPlugin(pay_url="http://x", api_url=f"http://127.0.0.1:{port}", merchant_code="H15.50",
                                    scheme=SCHEME, replay_guard=MemoryReplayGuard(), timeout=2, clock=clock)
    with pytest.raises(GatewayUnavailable):
        plugin.query_status("H15.50-261008-0975")


# --- configuration ------------------------------------------------------------------------------

CONF = {"PAY_URL": "https://pay.example.vn/pay", "API_URL": "https://api.example.vn", "MERCHANT_CODE": "H15.50",
        "SECRET": "national-platform-secret-0123", "ALGORITHM": "sha512", "SIGNATURE_HEADER": "X-DVC-Signature",
        "TIMESTAMP_HEADER": "X-DVC-Time", "TIMEOUT": 3}


@pytest.mark.django_db  # the registry's replay store is the payments table
def test_from_settings(clock):
    with override_settings(MOTCUA_NATIONAL_PAYMENT=CONF):
        plugin = NationalPlatformPlugin.from_settings()
    assert (plugin.scheme.algorithm, plugin.scheme.signature_header, plugin.timeout) == ("sha512", "X-DVC-Signature", 3)
    plugin.clock = clock
    assert plugin.parse_confirmation(*SCHEME.sign(dump(NOTICE), clock())).amount == 50000


@pytest.mark.parametrize("change, message", [({"SECRET": ""}, "SECRET"), ({"ALGORITHM": "crc32"}, "unknown hash")])
def test_from_settings_incomplete(change, message):
    with override_settings(MOTCUA_NATIONAL_PAYMENT={**CONF, **change}):
        with pytest.raises(ImproperlyConfigured, match=message):
            NationalPlatformPlugin.from_settings()
