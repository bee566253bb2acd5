"""The "simulator" plugin: the bank_transfer plugin wired to one process-wide BankSimulator.

A demo plugin: enabled only with MOTCUA_ENABLE_DEMO_PLUGINS. Its account is not a real one
(letters in the number), so a demo QR scanned by a real bank app cannot move real money.
"""

from functools import cache

from django.conf import settings

from ...registry import default_replay_guard, register
from ..bank_transfer.plugin import BankTransferPlugin
from ..signed_json import HmacScheme, window_from_settings
from .bank import BankSimulator

DEMO_BIN, DEMO_ACCOUNT = "970415", "MOTCUADEMO01"


@cache
def demo_bank() -> BankSimulator:
    """The one simulator of this process: the demo's pages and its webhooks must share its state."""
    scheme = HmacScheme(settings.MOTCUA_SIMULATOR_SECRET.encode(), window=window_from_settings())
    return BankSimulator(scheme=scheme, bin=DEMO_BIN, account=DEMO_ACCOUNT)


@register("simulator")
class SimulatorPlugin(BankTransferPlugin):
    verbose_name = "Ngân hàng giả lập (demo) / bank simulator"
    demo = True

    @classmethod
    def from_settings(cls) -> "SimulatorPlugin":
        bank = demo_bank()
        return cls(bin=bank.bin, account=bank.account, account_name="MOTCUA DEMO", scheme=bank.scheme,
                   replay_guard=default_replay_guard(), bank_api=bank)
