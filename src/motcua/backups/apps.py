from django.apps import AppConfig


class BackupsConfig(AppConfig):
    name = "motcua.backups"
    verbose_name = "Sao lưu / Backups"
