"""The bank simulator itself: it must refuse what a real bank app refuses."""

import pytest

from motcua.payments import vietqr
from motcua.payments.base import PaymentRequest, ReplayedMessage


def test_pay_refuses_a_qr_for_another_account(bank):
    with pytest.raises(ValueError, match="another bank account"):
        bank.pay(vietqr.build_payload("970436", "0011001932418", 50000))


def test_pay_refuses_a_broken_qr(bank):
    payload = vietqr.build_payload("970415", "0011001932418", 50000)
    with pytest.raises(vietqr.VietQRError):
        bank.pay(payload[:-1] + ("0" if payload[-1] != "0" else "1"))


def test_static_qr_needs_a_typed_amount(bank):
    static = vietqr.build_payload("970415", "0011001932418", static=True)
    with pytest.raises(ValueError, match="amount must be typed"):
        bank.pay(static)
    with pytest.raises(vietqr.VietQRError):
        bank.pay(static, amount=0)
    assert bank.pay(static, amount=30000).amount == 30000


def test_transfers_get_increasing_ids_fresh_nonces_and_the_clock_time(bank, plugin, clock):
    qr = plugin.create_payment(PaymentRequest("H15.50-261008-0975", 50000)).qr_payload
    first, second = bank.pay(qr), bank.pay(qr)
    assert (first.transaction_id, second.transaction_id) == ("SIM00000001", "SIM00000002")
    assert first.nonce != second.nonce
    assert first.paid_at == clock() and first.content == "LPHS H15.50-261008-0975"
    assert bank.statement("H15.50-261008-0975") == bank.webhook(second)  # the latest credit


def test_refund_of_an_unknown_payment_is_rejected(plugin):
    result = plugin.refund("H15.50-261008-0001", 1000)
    assert result.status == "rejected" and result.reference == "H15.50-261008-0001"


def test_outage_lasts_until_reset(bank, plugin):
    bank.outage = "timeout"
    with pytest.raises(TimeoutError):
        bank.statement("H15.50-261008-0975")
    bank.outage = None
    assert plugin.query_status("H15.50-261008-0975") is None


@pytest.mark.django_db  # the registry's replay store is the payments table
def test_demo_flow_through_the_registry():
    """What the demo does: the enabled simulator plugin, its bank, the real verification."""
    from motcua.payments import registry

    plugin = registry.get("simulator")
    start = plugin.create_payment(PaymentRequest("H99.50-260302-0001", 25000))
    transfer = plugin.bank_api.pay(start.qr_payload)
    confirmation = plugin.parse_confirmation(*plugin.bank_api.webhook(transfer))
    assert (confirmation.reference, confirmation.amount) == ("H99.50-260302-0001", 25000)
    with pytest.raises(ReplayedMessage):  # a second instance shares the process replay store
        registry.get("simulator").parse_confirmation(*plugin.bank_api.webhook(transfer))
