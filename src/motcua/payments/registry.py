"""Registry of payment gateway plugins (Open Forms style): register by id, enable by setting.

MOTCUA_PAYMENT_PLUGINS lists the enabled ids in display order. Demo plugins (the bank simulator)
are added when MOTCUA_ENABLE_DEMO_PLUGINS is on and are never enabled when it is off, even if
listed, so a production settings file cannot switch on a fake bank by accident.
"""

from collections.abc import Iterator
from functools import cache
from importlib import import_module

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from .base import BasePaymentPlugin, ReplayGuard

# Imported on first use rather than in AppConfig.ready(), so that the registry works in scripts
# and tests without the app registry; third-party plugins register from their own ready().
BUILTIN_MODULES = (
    "motcua.payments.contrib.bank_transfer.plugin",
    "motcua.payments.contrib.national.plugin",
    "motcua.payments.contrib.simulator.plugin",
)

_plugins: dict[str, type[BasePaymentPlugin]] = {}


class PluginNotEnabled(LookupError):
    def __init__(self, identifier: str):
        super().__init__(f"Cổng thanh toán {identifier!r} không có hoặc chưa bật / "
                         f"payment plugin {identifier!r} is unknown or not enabled")


def register(identifier: str):
    """Class decorator: `@register("bank_transfer")` makes the plugin available under that id."""

    def decorator(cls: type[BasePaymentPlugin]) -> type[BasePaymentPlugin]:
        if _plugins.get(identifier, cls) is not cls:
            raise ImproperlyConfigured(f"Trùng mã cổng thanh toán / duplicate payment plugin id {identifier!r}")
        cls.identifier = identifier
        _plugins[identifier] = cls
        return cls

    return decorator


@cache
def _load_builtin() -> None:
    for module in BUILTIN_MODULES:
        import_module(module)


def enabled_ids() -> list[str]:
    _load_builtin()
    listed = list(settings.MOTCUA_PAYMENT_PLUGINS)
    unknown = [i for i in listed if i not in _plugins]
    if unknown:
        raise ImproperlyConfigured(f"MOTCUA_PAYMENT_PLUGINS: không có cổng thanh toán / unknown plugin {unknown}")
    demo_on = settings.MOTCUA_ENABLE_DEMO_PLUGINS
    demo = [i for i, cls in _plugins.items() if cls.demo and i not in listed] if demo_on else []
    return [i for i in listed if demo_on or not _plugins[i].demo] + demo


def get(identifier: str) -> BasePaymentPlugin:
    """A configured instance of an enabled plugin; PluginNotEnabled otherwise."""
    if identifier not in enabled_ids():
        raise PluginNotEnabled(identifier)
    return _plugins[identifier].from_settings()


def iter_enabled() -> Iterator[BasePaymentPlugin]:
    for identifier in enabled_ids():
        yield _plugins[identifier].from_settings()


def default_replay_guard() -> ReplayGuard:
    """The process-wide replay store named by MOTCUA_PAYMENT_REPLAY_GUARD (a dotted class path)."""
    return _guard(settings.MOTCUA_PAYMENT_REPLAY_GUARD)


@cache
def _guard(path: str) -> ReplayGuard:
    return import_string(path)()
