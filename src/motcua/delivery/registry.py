"""Plugins by identifier, as in notifications/registry.py: a setting names the one in use.

``postal`` serves MOTCUA_POSTAL_PLUGIN and ``hardware`` MOTCUA_LOCKER_PLUGIN. When the setting is
empty, the simulator is used if demo plugins are on (dev, test, the demo) and nothing otherwise,
so a production installation never sends results to a pretend post office by accident.
"""

from functools import cache
from importlib import import_module

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .base import DeliveryError

BUILTIN_MODULES = ("motcua.delivery.contrib.simulator.post", "motcua.delivery.contrib.simulator.locker")


class NotConfigured(DeliveryError):
    pass


class Registry:
    def __init__(self, setting: str, simulator: str, what_vi: str, what_en: str):
        self.setting, self.simulator = setting, simulator
        self.what_vi, self.what_en = what_vi, what_en
        self._plugins: dict[str, type] = {}

    def register(self, identifier: str):
        def decorator(cls):
            if self._plugins.get(identifier, cls) is not cls:
                raise ImproperlyConfigured(f"{self.setting}: plugin {identifier!r} registered twice")
            cls.identifier = identifier
            self._plugins[identifier] = cls
            return cls
        return decorator

    def configured_id(self) -> str:
        chosen = getattr(settings, self.setting, "")
        if chosen:
            return chosen
        return self.simulator if settings.MOTCUA_ENABLE_DEMO_PLUGINS else ""

    def get(self):
        """The configured plugin instance; NotConfigured when there is none (a message for the page)."""
        _load_builtin()
        identifier = self.configured_id()
        plugin = self._plugins.get(identifier)
        if plugin is None or (plugin.demo and not settings.MOTCUA_ENABLE_DEMO_PLUGINS):
            raise NotConfigured(f"Chưa cấu hình {self.what_vi} ({self.setting})",
                                f"no {self.what_en} configured ({self.setting})")
        return plugin.from_settings()

    def is_simulator(self) -> bool:
        return self.configured_id() == self.simulator and settings.MOTCUA_ENABLE_DEMO_PLUGINS


@cache
def _load_builtin() -> None:
    for module in BUILTIN_MODULES:
        import_module(module)


postal = Registry("MOTCUA_POSTAL_PLUGIN", "post-simulator", "dịch vụ bưu chính", "postal service")
hardware = Registry("MOTCUA_LOCKER_PLUGIN", "locker-simulator", "bộ điều khiển tủ 24 giờ", "locker hardware")
