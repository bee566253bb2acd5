"""Plugin registry: ids, enabling by setting, demo plugins only when allowed."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from motcua.payments import registry
from motcua.payments.base import BasePaymentPlugin, MemoryReplayGuard, NationalPlatformFlag
from motcua.payments.replay import DatabaseReplayGuard
from motcua.payments.contrib.bank_transfer.plugin import BankTransferPlugin
from motcua.payments.contrib.simulator.plugin import SimulatorPlugin, demo_bank

BANK = {"BIN": "970415", "ACCOUNT": "0011001932418", "ACCOUNT_NAME": "", "WEBHOOK_SECRET": "a-long-enough-secret-value"}


def test_demo_plugins_are_on_under_test_settings():
    assert registry.enabled_ids() == ["simulator"]
    assert isinstance(registry.get("simulator"), SimulatorPlugin)


@override_settings(MOTCUA_PAYMENT_PLUGINS=["bank_transfer"], MOTCUA_BANK_TRANSFER=BANK)
def test_listed_plugins_come_first_then_demo_ones():
    assert registry.enabled_ids() == ["bank_transfer", "simulator"]
    plugins = list(registry.iter_enabled())
    assert [type(p) for p in plugins] == [BankTransferPlugin, SimulatorPlugin]
    assert [p.national_platform_flag for p in plugins] == [NationalPlatformFlag.LOCAL] * 2


@override_settings(MOTCUA_ENABLE_DEMO_PLUGINS=False, MOTCUA_PAYMENT_PLUGINS=["simulator", "bank_transfer"],
                   MOTCUA_BANK_TRANSFER=BANK)
def test_demo_plugins_stay_off_even_when_listed():
    assert registry.enabled_ids() == ["bank_transfer"]
    with pytest.raises(registry.PluginNotEnabled, match="not enabled"):
        registry.get("simulator")


@override_settings(MOTCUA_PAYMENT_PLUGINS=["national"])
def test_enabled_but_unconfigured_plugin_says_what_is_missing():
    with pytest.raises(ImproperlyConfigured, match="PAY_URL"):
        registry.get("national")


def test_not_enabled_plugin_is_refused():
    with pytest.raises(registry.PluginNotEnabled):
        registry.get("national")
    with pytest.raises(registry.PluginNotEnabled):
        registry.get("no-such-plugin")


@override_settings(MOTCUA_PAYMENT_PLUGINS=["paypal"])
def test_unknown_id_in_settings_is_a_configuration_error():
    with pytest.raises(ImproperlyConfigured, match="paypal"):
        registry.enabled_ids()


def test_register_sets_identifier_and_refuses_a_second_class_under_one_id():
    try:
        @registry.register("test-gateway")
        class Gateway(BasePaymentPlugin):
            verbose_name = "test"
            national_platform_flag = NationalPlatformFlag.LOCAL

        assert Gateway.identifier == "test-gateway"
        registry.register("test-gateway")(Gateway)  # the same class again is harmless
        with pytest.raises(ImproperlyConfigured, match="duplicate"):
            registry.register("test-gateway")(type("Other", (Gateway,), {}))
    finally:
        registry._plugins.pop("test-gateway", None)


def test_builtin_ids():
    registry.enabled_ids()
    assert {"bank_transfer", "national", "simulator"} <= set(registry._plugins)


def test_default_replay_guard_is_shared_and_configurable():
    assert registry.default_replay_guard() is registry.default_replay_guard()
    assert isinstance(registry.default_replay_guard(), DatabaseReplayGuard)  # the payments table (decision 0183)
    with override_settings(MOTCUA_PAYMENT_REPLAY_GUARD="tests.payments.test_registry.CountingGuard"):
        assert isinstance(registry.default_replay_guard(), CountingGuard)


class CountingGuard(MemoryReplayGuard):
    pass


def test_simulator_plugin_uses_the_process_bank_and_a_fake_account():
    plugin = registry.get("simulator")
    assert plugin.bank_api is demo_bank()
    assert not plugin.account.isdigit()  # a real bank app cannot pay it


@pytest.mark.parametrize("settings_module, expected", [
    ("motcua.conf.dev", "True"), ("motcua.conf.test", "True"), ("motcua.conf.production", "False")])
def test_demo_flag_default_per_settings_module(settings_module, expected, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "MOTCUA_ENABLE_DEMO_PLUGINS"}
    env.update(DJANGO_SETTINGS_MODULE=settings_module, MOTCUA_SECRET_KEY="x" * 50, MOTCUA_DATA_DIR=str(tmp_path))
    code = "from django.conf import settings; print(settings.MOTCUA_ENABLE_DEMO_PLUGINS)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert result.stdout.strip() == expected, result.stderr
