from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "motcua.monitoring"
    verbose_name = "Giám sát"
