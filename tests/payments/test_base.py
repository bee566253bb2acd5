"""Values of the plugin interface."""

from datetime import datetime, timedelta, timezone

import pytest

from motcua.payments.base import Confirmation, MemoryReplayGuard, PaymentRequest, PaymentStatus, matches

PAID_AT = datetime(2026, 3, 2, 9, 30, tzinfo=timezone(timedelta(hours=7)))


@pytest.mark.parametrize("amount", [0, -1, 1.5, "100", True])
def test_payment_request_amount_is_positive_whole_vnd(amount):
    with pytest.raises(ValueError, match="positive whole VND"):
        PaymentRequest("H15.50-261008-0975", amount)


def test_payment_request_needs_a_reference():
    with pytest.raises(ValueError, match="reference missing"):
        PaymentRequest("  ", 1000)


def test_confirmation_needs_an_aware_time():
    with pytest.raises(ValueError, match="timezone-aware"):
        Confirmation("R", "T", 1000, datetime(2026, 3, 2, 9, 30))


@pytest.mark.parametrize("expected, amount, status, result", [
    (50000, 50000, PaymentStatus.PAID, True),
    (50000, 49999, PaymentStatus.PAID, False),
    (50000, 50001, PaymentStatus.PAID, False),
    (50000, 50000, PaymentStatus.FAILED, False),
    (50000, 50000, PaymentStatus.PENDING, False),
])
def test_matches(expected, amount, status, result):
    assert matches(expected, Confirmation("R", "T", amount, PAID_AT, status=status)) is result


def test_matches_refuses_a_bad_expected_amount():
    with pytest.raises(ValueError):
        matches(0, Confirmation("R", "T", 1, PAID_AT))


def test_memory_replay_guard():
    guard = MemoryReplayGuard()
    assert guard.first_time("a") and guard.first_time("b")
    assert not guard.first_time("a")
