from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "motcua.delivery"
    verbose_name = "Trả kết quả"

    def ready(self):
        from django.db.models.signals import post_save

        from motcua.dossiers.models import Attachment
        from motcua.dossiers.signals import dossier_changed

        from .receivers import keep_new_result_file, keep_results

        dossier_changed.connect(keep_results, dispatch_uid="delivery_keep_results")
        post_save.connect(keep_new_result_file, sender=Attachment, dispatch_uid="delivery_keep_result_file")
