from django.apps import AppConfig


class SimulatorConfig(AppConfig):
    name = "motcua.notifications.contrib.simulator"
    label = "channel_simulator"
    verbose_name = "Mô phỏng SMS và Cổng DVCQG"

    def ready(self):
        from . import plugins  # noqa: F401  (registers the plugins)
