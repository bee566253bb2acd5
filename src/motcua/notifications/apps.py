from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "motcua.notifications"
    verbose_name = "Thông báo và đồng bộ"

    def ready(self):
        from . import receivers  # noqa: F401  (connects dossier_changed)
