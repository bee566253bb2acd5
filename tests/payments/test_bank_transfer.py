"""Bank transfer plugin driven by the bank simulator: every webhook goes through the real checks."""

import json
from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from motcua.payments import vietqr
from motcua.payments.base import (GatewayUnavailable, InvalidSignature, MalformedMessage, MemoryReplayGuard,
                                  NotSupported, PaymentRequest, PaymentStatus, RefundStatus, ReplayedMessage,
                                  matches)
from motcua.payments.contrib.bank_transfer.plugin import BankTransferPlugin, find_reference
from motcua.payments.contrib.signed_json import HmacScheme, dump

from .conftest import SECRET

DOSSIER = "H15.50-261008-0975"
FEE = 50000


@pytest.fixture
def paid(plugin, bank):
    """A citizen scanned the fee QR and paid it as shown."""
    start = plugin.create_payment(PaymentRequest(DOSSIER, FEE))
    return bank.pay(start.qr_payload)


def test_create_payment_is_a_dynamic_vietqr_naming_the_dossier(plugin):
    start = plugin.create_payment(PaymentRequest(DOSSIER, FEE))
    qr = vietqr.parse_payload(start.qr_payload)
    assert (qr["bin"], qr["account"], qr["amount"], qr["purpose"], qr["static"]) == (
        "970415", "0011001932418", FEE, "LPHS H15.50-261008-0975", False)
    assert start.redirect_url == ""


def test_webhook_is_confirmed(plugin, bank, paid):
    message = bank.webhook(paid)
    confirmation = plugin.parse_confirmation(message.headers, message.body)
    assert (confirmation.reference, confirmation.transaction_id, confirmation.amount) == (DOSSIER, "SIM00000001", FEE)
    assert confirmation.status == PaymentStatus.PAID
    assert confirmation.paid_at == bank.clock() and confirmation.paid_at.tzinfo is not None
    assert confirmation.raw["nonce"] == paid.nonce
    assert matches(FEE, confirmation)


def test_header_names_are_case_insensitive(plugin, bank, paid):
    message = bank.webhook(paid)
    lower = {key.lower(): value for key, value in message.headers.items()}
    assert plugin.parse_confirmation(lower, message.body).amount == FEE


def test_duplicate_delivery_is_a_replay(plugin, bank, paid, clock):
    message = bank.webhook(paid)
    plugin.parse_confirmation(message.headers, message.body)
    clock.advance(seconds=30)
    again = bank.webhook(paid)  # the bank retries: new timestamp and signature, same transaction
    with pytest.raises(ReplayedMessage, match="SIM00000001") as error:
        plugin.parse_confirmation(again.headers, again.body)
    assert error.value.transaction_id == "SIM00000001"
    with pytest.raises(ReplayedMessage):  # byte-identical resend too
        plugin.parse_confirmation(message.headers, message.body)


def test_same_transaction_with_a_new_nonce_is_a_replay(plugin, bank, paid):
    message = bank.webhook(paid)
    plugin.parse_confirmation(message.headers, message.body)
    paid.nonce = "a-fresh-nonce"
    again = bank.webhook(paid)
    with pytest.raises(ReplayedMessage):
        plugin.parse_confirmation(again.headers, again.body)


def test_reused_nonce_on_another_transaction_is_a_replay(plugin, bank, paid):
    message = bank.webhook(paid)
    plugin.parse_confirmation(message.headers, message.body)
    other = bank.pay(plugin.create_payment(PaymentRequest("H15.50-261008-0976", FEE)).qr_payload)
    other.nonce = paid.nonce
    again = bank.webhook(other)
    with pytest.raises(ReplayedMessage):
        plugin.parse_confirmation(again.headers, again.body)


def test_forged_signature_is_refused_and_not_remembered(plugin, bank, paid):
    forged = bank.forged_webhook(paid)
    with pytest.raises(InvalidSignature, match="invalid message signature"):
        plugin.parse_confirmation(forged.headers, forged.body)
    genuine = bank.webhook(paid)  # the forgery did not burn the transaction id
    assert plugin.parse_confirmation(genuine.headers, genuine.body).transaction_id == paid.transaction_id


@pytest.mark.parametrize("tamper", [
    lambda h, b: (h, b.replace(b'"amount":50000', b'"amount":5000000')),
    lambda h, b: ({**h, "X-Timestamp": str(int(h["X-Timestamp"]) + 1)}, b),
    lambda h, b: ({k: v for k, v in h.items() if k != "X-Signature"}, b),
    lambda h, b: ({k: v for k, v in h.items() if k != "X-Timestamp"}, b),
    lambda h, b: ({**h, "X-Signature": ""}, b),
])
def test_any_tampering_breaks_the_signature(plugin, bank, paid, tamper):
    headers, body = tamper(*bank.webhook(paid))
    with pytest.raises(InvalidSignature):
        plugin.parse_confirmation(headers, body)


@pytest.mark.parametrize("delay, accepted", [
    (timedelta(minutes=4, seconds=59), True),
    (timedelta(minutes=5), True),
    (timedelta(minutes=5, seconds=1), False),
    (timedelta(minutes=10), False),
    (timedelta(minutes=-6), False),  # stamped in the future
])
def test_replay_window_is_five_minutes_either_way(plugin, bank, paid, delay, accepted):
    message = bank.webhook(paid, delay=delay)
    if accepted:
        assert plugin.parse_confirmation(*message).amount == FEE
    else:
        with pytest.raises(ReplayedMessage, match="±300"):
            plugin.parse_confirmation(*message)


def test_wrong_amount_is_confirmed_but_does_not_match(plugin, bank):
    start = plugin.create_payment(PaymentRequest(DOSSIER, FEE))
    short = bank.pay(start.qr_payload, amount=40000)
    confirmation = plugin.parse_confirmation(*bank.webhook(short))
    assert confirmation.amount == 40000 and confirmation.reference == DOSSIER
    assert not matches(FEE, confirmation)
    assert matches(40000, confirmation)


def test_transfer_without_a_dossier_code_has_an_empty_reference(plugin, bank):
    static_qr = vietqr.build_payload("970415", "0011001932418", static=True)
    transfer = bank.pay(static_qr, amount=FEE, content="chuyen tien le phi")
    assert plugin.parse_confirmation(*bank.webhook(transfer)).reference == ""


def signed(body: bytes, clock):
    return HmacScheme(SECRET).sign(body, clock())


VALID = {"transaction_id": "FT26061", "account": "0011001932418", "amount": 50000,
         "content": "LPHS H15.50-261008-0975", "paid_at": "2026-03-02T09:29:00+07:00", "nonce": "n1"}


@pytest.mark.parametrize("body, message", [
    (b"not json", "not JSON"),
    (b"[1, 2]", "JSON object"),
    (dump({**VALID, "account": "999"}), "not this unit's account"),
    (dump({k: v for k, v in VALID.items() if k != "transaction_id"}), "'transaction_id' missing"),
    (dump({k: v for k, v in VALID.items() if k != "nonce"}), "'nonce' missing"),
    (dump({**VALID, "amount": 50000.5}), "positive whole VND"),
    (dump({**VALID, "amount": "50.000"}), "positive whole VND"),
    (dump({**VALID, "amount": -1}), "positive whole VND"),
    (dump({**VALID, "amount": True}), "positive whole VND"),
    (dump({**VALID, "paid_at": "2026-03-02T09:29:00"}), "no time zone"),
    (dump({**VALID, "paid_at": "02/03/2026"}), "not ISO 8601"),
    (dump({**VALID, "content": 5}), "'content' missing or not text"),
])
def test_malformed_bodies_are_refused(plugin, clock, body, message):
    with pytest.raises(MalformedMessage, match=message):
        plugin.parse_confirmation(*signed(body, clock))


def test_amount_as_digit_string_is_read(plugin, clock):
    confirmation = plugin.parse_confirmation(*signed(dump({**VALID, "amount": "50000"}), clock))
    assert confirmation.amount == 50000


def test_non_numeric_timestamp_is_malformed(plugin):
    scheme = HmacScheme(SECRET)
    body = dump(VALID)
    headers = {"X-Timestamp": "yesterday", "X-Signature": scheme.signature("yesterday", body)}
    with pytest.raises(MalformedMessage, match="Unix seconds"):
        plugin.parse_confirmation(headers, body)


def test_a_plugin_with_another_secret_refuses_the_bank(bank, paid, clock):
    other = BankTransferPlugin(bin="970415", account="0011001932418", scheme=HmacScheme(b"x" * 32),
                               replay_guard=MemoryReplayGuard(), clock=clock)
    with pytest.raises(InvalidSignature):
        other.parse_confirmation(*bank.webhook(paid))


@pytest.mark.parametrize("note, reference", [
    ("LPHS H15.50-261008-0975", "H15.50-261008-0975"),
    ("MBVCB.3281.LPHS.H15.50-261008-0975.CT tu 0123456789", "H15.50-261008-0975"),
    ("lphs h15.50-261008-0975", "H15.50-261008-0975"),
    ("H15.50.05.13-261008-0975", "H15.50.05.13-261008-0975"),
    ("nop phi 000.17.22.H56-210531-0001 ", "000.17.22.H56-210531-0001"),
    ("IBFT LPHS H56.22-250101-0001 NGUYEN VAN A", "H56.22-250101-0001"),
    ("chuyen tien", ""),
    ("H15.50-26100-0975", ""),  # 5-digit date is not a dossier code
])
def test_find_reference(note, reference):
    assert find_reference(note) == reference


# --- query_status and refund through the bank's API ---------------------------------------------

def test_query_status_finds_the_payment_without_consuming_the_webhook(plugin, bank, paid):
    confirmation = plugin.query_status(DOSSIER)
    assert (confirmation.transaction_id, confirmation.amount) == (paid.transaction_id, FEE)
    assert plugin.query_status(DOSSIER) == confirmation  # asking twice is fine
    assert plugin.parse_confirmation(*bank.webhook(paid)).transaction_id == paid.transaction_id


def test_query_status_unknown_reference_is_none(plugin, bank):
    assert plugin.query_status("H15.50-261008-0001") is None


@pytest.mark.parametrize("outage", ["timeout", "error"])
def test_query_status_when_the_bank_fails(plugin, bank, outage):
    bank.outage = outage
    with pytest.raises(GatewayUnavailable, match="try again later"):
        plugin.query_status(DOSSIER)
    with pytest.raises(GatewayUnavailable):
        plugin.refund(DOSSIER, 1000)


def test_refund_done_then_rejected_past_the_paid_amount(plugin, paid):
    first = plugin.refund(DOSSIER, 30000)
    assert (first.status, first.amount, first.refund_id) == (RefundStatus.DONE, 30000, "RFSIM00000001-30000")
    second = plugin.refund(DOSSIER, 30000)
    assert second.status == RefundStatus.REJECTED and "no payment large enough" in second.message
    assert plugin.refund(DOSSIER, 20000).status == RefundStatus.DONE


def test_refund_amount_must_be_positive(plugin):
    with pytest.raises(ValueError):
        plugin.refund(DOSSIER, 0)


def test_without_a_bank_api(clock):
    plain = BankTransferPlugin(bin="970415", account="0011001932418", scheme=HmacScheme(SECRET),
                               replay_guard=MemoryReplayGuard(), clock=clock)
    with pytest.raises(NotSupported):
        plain.query_status(DOSSIER)
    assert plain.refund(DOSSIER, FEE).status == RefundStatus.MANUAL


def test_forged_statement_from_the_bank_api_is_refused(plugin, bank, paid, monkeypatch):
    monkeypatch.setattr(bank, "statement", lambda reference: bank.forged_webhook(paid))
    with pytest.raises(InvalidSignature):
        plugin.query_status(DOSSIER)


# --- configuration ------------------------------------------------------------------------------

CONFIGURED = {"BIN": "970436", "ACCOUNT": "1234567890", "ACCOUNT_NAME": "UBND PHUONG AN BINH",
              "WEBHOOK_SECRET": "a-long-enough-secret-value"}


def test_from_settings():
    with override_settings(MOTCUA_BANK_TRANSFER=CONFIGURED):
        plugin = BankTransferPlugin.from_settings()
    qr = vietqr.parse_payload(plugin.create_payment(PaymentRequest(DOSSIER, FEE)).qr_payload)
    assert (qr["bank"], qr["account"], qr["merchant_name"]) == ("Vietcombank", "1234567890", "UBND PHUONG AN BINH")


@pytest.mark.parametrize("change, message", [
    (dict(BIN=""), "BIN"),
    (dict(WEBHOOK_SECRET=""), "WEBHOOK_SECRET"),
    (dict(WEBHOOK_SECRET="short"), "at least 16 bytes"),
])
def test_from_settings_incomplete(change, message):
    with override_settings(MOTCUA_BANK_TRANSFER={**CONFIGURED, **change}):
        with pytest.raises(ImproperlyConfigured, match=message):
            BankTransferPlugin.from_settings()


@pytest.mark.parametrize("change", [dict(BIN="97043"), dict(ACCOUNT="12-34"), dict(ACCOUNT_NAME="N" * 26)])
def test_from_settings_invalid_values(change):
    with override_settings(MOTCUA_BANK_TRANSFER={**CONFIGURED, **change}):
        with pytest.raises(ImproperlyConfigured, match="MOTCUA_BANK_TRANSFER: .* / "):
            BankTransferPlugin.from_settings()


def test_webhook_body_is_json_the_bank_would_send(bank, paid):
    body = json.loads(bank.webhook(paid).body)
    assert set(body) == {"transaction_id", "account", "amount", "content", "paid_at", "nonce"}
