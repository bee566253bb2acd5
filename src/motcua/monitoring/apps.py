from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "motcua.monitoring"
    verbose_name = "Giám sát"

    def ready(self):
        from motcua.dossiers.signals import dossier_changed

        from .facts import record

        dossier_changed.connect(record, dispatch_uid="monitoring_facts")
