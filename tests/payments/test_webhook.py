"""The webhook endpoint: a signed confirmation books the payment and moves the dossier on; forged,
stale, replayed, malformed and wrong-amount messages are refused and logged; nothing is dropped."""

from datetime import timedelta

import pytest
from django.db import DatabaseError
from django.test import Client
from django.utils import timezone

from motcua.dossiers.models import Dossier
from motcua.dossiers.workflow import State
from motcua.payments import receipts, services, vietqr
from motcua.payments.contrib.signed_json import HmacScheme, dump
from motcua.payments.contrib.simulator.bank import BankSimulator
from motcua.payments.contrib.simulator.plugin import demo_bank
from motcua.payments.models import (FeeNotice, GatewayTransaction, Payment, PaymentEvent, ReceivingAccount,
                                    ReplayKey)

from .fees_world import dossier, fee_procedure, notice, pay_by_simulator, post_webhook, simulator_qr  # noqa: F401

pytestmark = pytest.mark.django_db


def _state(dossier):
    return Dossier.objects.get(pk=dossier.pk).state


def test_a_confirmed_transfer_pays_the_fee_and_the_dossier_moves_on(client, dossier, notice):
    response, _bank, transfer, _message = pay_by_simulator(client, notice)
    assert response.status_code == 200 and response.json()["result"] == "paid"
    assert _state(dossier) == State.PROCESSING
    payment = Payment.objects.get()
    assert (payment.amount, payment.method, payment.plugin_id, payment.transaction_id) == (
        50000, "online", "simulator", transfer.transaction_id)
    assert payment.paid_online and payment.platform_flag == 2  # DuocThanhToanTrucTuyen: local gateway
    assert payment.receipt.number == 1
    tx = GatewayTransaction.objects.get()
    assert (tx.status, tx.reference, tx.note, tx.payment) == ("matched", dossier.code, f"LPHS {dossier.code}", payment)
    event = PaymentEvent.objects.get(kind="paid")
    assert (event.http_status, event.transaction_id, event.remote_addr) == (200, transfer.transaction_id, "127.0.0.1")
    assert services.dossier_platform_flag(dossier) == 2
    assert Dossier.objects.get(pk=dossier.pk).events.order_by("-seq").first().actor_name == "Hệ thống"


def test_a_duplicate_confirmation_changes_nothing(client, dossier, notice):
    _response, _bank, _transfer, message = pay_by_simulator(client, notice)
    before = (Payment.objects.count(), GatewayTransaction.objects.count(), ReplayKey.objects.count())
    again = post_webhook(client, message)
    assert again.status_code == 200 and again.json()["result"] == "duplicate"
    assert (Payment.objects.count(), GatewayTransaction.objects.count(), ReplayKey.objects.count()) == before
    assert PaymentEvent.objects.filter(kind="duplicate", reason="duplicate").count() == 1


def test_a_forged_webhook_is_refused_and_logged_and_burns_nothing(client, dossier, notice):
    bank = demo_bank()
    transfer = bank.pay(simulator_qr(notice))
    forged = bank.forged_webhook(transfer)
    response = post_webhook(client, forged)
    assert response.status_code == 401 and response.json()["result"] == "bad_signature"
    assert "Chữ ký tin nhắn không hợp lệ" in response.json()["message"]
    event = PaymentEvent.objects.get(kind="refused")
    assert (event.reason, event.http_status, event.plugin_id) == ("bad_signature", 401, "simulator")
    assert transfer.transaction_id in event.body and len(event.body_sha256) == 64
    assert _state(dossier) == State.FEE_REQUESTED
    assert not ReplayKey.objects.exists() and not GatewayTransaction.objects.exists()
    # the genuine message for the same transfer still goes through
    assert post_webhook(client, bank.webhook(transfer)).json()["result"] == "paid"


def test_a_late_message_is_refused_as_stale(client, dossier, notice):
    bank = demo_bank()
    response = post_webhook(client, bank.webhook(bank.pay(simulator_qr(notice)), delay=timedelta(minutes=10)))
    assert response.status_code == 401 and response.json()["result"] == "stale_timestamp"
    assert PaymentEvent.objects.get(kind="refused").reason == "stale_timestamp"
    assert _state(dossier) == State.FEE_REQUESTED


def test_a_wrong_amount_is_refused_but_the_money_is_kept_for_the_accountant(client, dossier, notice):
    response, _bank, _transfer, message = pay_by_simulator(client, notice, amount=40000)
    assert response.status_code == 422 and response.json()["result"] == "amount_mismatch"
    assert _state(dossier) == State.FEE_REQUESTED and not Payment.objects.exists()
    tx = GatewayTransaction.objects.get()
    assert (tx.status, tx.reason, tx.amount, tx.notice, tx.unit) == (
        "amount_mismatch", "short_payment", 40000, notice, dossier.unit)
    assert PaymentEvent.objects.get(kind="amount_mismatch").http_status == 422
    assert post_webhook(client, message).json()["result"] == "duplicate"  # the bank's retry


def test_a_transfer_naming_no_dossier_is_kept_as_unmatched(client, world, applicant, dossier, notice):
    from motcua.dossiers import services as dossier_services

    dossier_services.create(procedure=dossier.procedure, unit=world.org.commune_b, channel="online",
                            applicant=applicant)  # a draft: no code yet, must not be taken for the payer
    response, *_ = pay_by_simulator(client, notice, content="chuyen tien le phi")
    assert response.status_code == 202 and response.json()["result"] == "unmatched"
    tx = GatewayTransaction.objects.get()
    assert (tx.status, tx.reason, tx.reference, tx.unit) == ("unmatched", "no_open_notice", "", None)
    assert services.open_notice(dossier) == notice


def test_a_second_transfer_for_a_paid_notice_is_unmatched(client, dossier, notice):
    qr = simulator_qr(notice)
    pay_by_simulator(client, notice)
    bank = demo_bank()
    response = post_webhook(client, bank.webhook(bank.pay(qr)))  # the citizen paid twice
    assert response.status_code == 202
    assert GatewayTransaction.objects.filter(status="unmatched").get().unit == dossier.unit
    assert Payment.objects.count() == 1


def test_signed_but_malformed_and_unknown_plugins_are_refused(client, dossier, notice):
    bank = demo_bank()
    message = bank.scheme.sign(dump({"transaction_id": "X1", "account": bank.account, "amount": "12.5",
                                     "content": "", "paid_at": "2026-03-02T09:00:00+07:00", "nonce": "n1"}),
                               bank.clock())
    response = post_webhook(client, message)
    assert response.status_code == 400 and response.json()["result"] == "malformed"
    assert post_webhook(client, message, plugin_id="no_such_bank").status_code == 404
    assert list(PaymentEvent.objects.filter(kind="refused").order_by("at").values_list("reason", "http_status")) == [
        ("malformed", 400), ("unknown_plugin", 404)]
    assert Client().get("/thanh-toan/webhook/simulator/").status_code == 405


def test_the_webhook_needs_no_csrf_token(dossier, notice):
    response, *_ = pay_by_simulator(Client(enforce_csrf_checks=True), notice)
    assert response.status_code == 200


def test_a_failed_booking_forgets_its_replay_keys_so_the_retry_is_booked(client, dossier, notice, monkeypatch):
    real_issue = receipts.issue

    def broken(payment):
        raise DatabaseError("disk full")

    monkeypatch.setattr(receipts, "issue", broken)
    response, _bank, _transfer, message = pay_by_simulator(client, notice)
    assert response.status_code == 503 and response.json()["result"] == "retry_later"
    assert not ReplayKey.objects.exists() and not GatewayTransaction.objects.exists() and not Payment.objects.exists()
    assert PaymentEvent.objects.exclude(kind="notice_issued").get().kind == "error"
    monkeypatch.setattr(receipts, "issue", real_issue)
    assert post_webhook(client, message).json()["result"] == "paid"
    assert _state(dossier) == State.PROCESSING


SECRET = "bank-webhook-secret-0123456789"
UNIT_ACCOUNT = "0011001932418"


@pytest.fixture
def real_bank(settings):
    """The production bank_transfer plugin, configured for the province's account at VietinBank."""
    settings.MOTCUA_PAYMENT_PLUGINS = ["bank_transfer"]
    settings.MOTCUA_ENABLE_DEMO_PLUGINS = False
    settings.MOTCUA_BANK_TRANSFER = {"BIN": "970415", "ACCOUNT": "1122334455", "ACCOUNT_NAME": "SO TAI CHINH H99",
                                     "WEBHOOK_SECRET": SECRET}
    return BankSimulator(scheme=HmacScheme(SECRET.encode()), bin="970415", account=UNIT_ACCOUNT)


def test_the_units_own_account_is_in_the_qr_and_its_credits_are_accepted(client, world, dossier, notice, real_bank):
    ReceivingAccount.objects.create(unit=world.org.commune_a, bank_bin="970415", account_number=UNIT_ACCOUNT,
                                    account_name="UBND PHUONG AN BINH")
    (option,) = services.payment_options(notice)
    assert option.plugin_id == "bank_transfer" and not option.demo
    assert option.account == f"VietinBank {UNIT_ACCOUNT} — UBND PHUONG AN BINH"
    assert option.note == f"LPHS {dossier.code}"
    response = post_webhook(client, real_bank.webhook(real_bank.pay(option.qr_payload)), "bank_transfer")
    assert response.json()["result"] == "paid"
    assert Payment.objects.get().plugin_id == "bank_transfer"
    # a transfer to the same account whose note names no dossier belongs to the account's unit
    stray = post_webhook(client, real_bank.webhook(real_bank.pay(option.qr_payload, content="nop tien")), "bank_transfer")
    assert stray.status_code == 202
    assert GatewayTransaction.objects.get(status="unmatched").unit == world.org.commune_a


def test_a_credit_to_someone_elses_account_is_refused(client, dossier, notice, real_bank):
    stranger = BankSimulator(scheme=real_bank.scheme, bin="970415", account="9999999999")
    qr = vietqr.build_payload("970415", "9999999999", 50000, purpose=f"LPHS {dossier.code}")
    response = post_webhook(client, stranger.webhook(stranger.pay(qr)), "bank_transfer")
    assert response.status_code == 400
    assert FeeNotice.objects.get().status == "issued"


NATIONAL = {"PAY_URL": "https://pay.example.gov.vn/pay", "API_URL": "https://pay.example.gov.vn/api",
            "MERCHANT_CODE": "H99.50", "SECRET": "national-platform-secret-0123", "ALGORITHM": "sha256",
            "SIGNATURE_HEADER": "X-Signature", "TIMESTAMP_HEADER": "X-Timestamp", "TIMEOUT": 5}


def test_the_national_platform_pays_with_flag_1_after_a_pending_notification(client, settings, dossier, notice):
    settings.MOTCUA_PAYMENT_PLUGINS = ["national"]
    settings.MOTCUA_NATIONAL_PAYMENT = NATIONAL
    options = services.payment_options(notice, return_url="https://motcua.example/thanh-toan/x/")
    national = next(o for o in options if o.plugin_id == "national")
    assert national.redirect_url.startswith(NATIONAL["PAY_URL"] + "?") and "amount=50000" in national.redirect_url
    scheme = HmacScheme(NATIONAL["SECRET"].encode())

    def notification(status, nonce):
        body = {"merchant_code": "H99.50", "reference": dossier.code, "transaction_id": "PG-77", "amount": 50000,
                "paid_at": timezone.now().isoformat(), "status": status, "nonce": nonce}
        return scheme.sign(dump(body), timezone.now())

    pending = post_webhook(client, notification("pending", "a1"), "national")
    assert pending.status_code == 200 and pending.json()["result"] == "not_paid"
    assert not ReplayKey.objects.exists()  # the paid message for PG-77 must still be accepted
    paid = post_webhook(client, notification("paid", "a2"), "national")
    assert paid.json()["result"] == "paid"
    payment = Payment.objects.get()
    assert (payment.platform_flag, payment.paid_online) == (1, True)
    assert services.dossier_platform_flag(dossier) == 1
