from datetime import datetime, timedelta, timezone

import pytest

from motcua.payments.base import MemoryReplayGuard
from motcua.payments.contrib.bank_transfer.plugin import BankTransferPlugin
from motcua.payments.contrib.signed_json import HmacScheme
from motcua.payments.contrib.simulator.bank import BankSimulator

SECRET = b"test-shared-secret-0123456789"


class Clock:
    """A clock the test moves by hand; the bank and the plugin share it."""

    def __init__(self):
        self.now = datetime(2026, 3, 2, 9, 30, tzinfo=timezone(timedelta(hours=7)))

    def __call__(self):
        return self.now

    def advance(self, **kwargs):
        self.now += timedelta(**kwargs)


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def bank(clock):
    return BankSimulator(scheme=HmacScheme(SECRET), bin="970415", account="0011001932418", clock=clock)


@pytest.fixture
def plugin(bank, clock):
    """The real bank_transfer plugin, talking to the simulator as its bank."""
    return BankTransferPlugin(bin="970415", account="0011001932418", scheme=HmacScheme(SECRET),
                              replay_guard=MemoryReplayGuard(), bank_api=bank, clock=clock)
