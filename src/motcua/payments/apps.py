from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "motcua.payments"
    verbose_name = "Phí, lệ phí"

    def ready(self):
        from motcua.dossiers.signals import dossier_changed

        from .signals import close_left_behind_notices

        dossier_changed.connect(close_left_behind_notices, dispatch_uid="payments_close_notices")
