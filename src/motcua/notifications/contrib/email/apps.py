from django.apps import AppConfig


class EmailChannelConfig(AppConfig):
    name = "motcua.notifications.contrib.email"
    label = "channel_email"
    verbose_name = "Thư điện tử"

    def ready(self):
        from . import plugin  # noqa: F401
