from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class BackofficeConfig(AppConfig):
    name = "motcua.backoffice"
    verbose_name = "Nghiệp vụ"

    def ready(self):
        from motcua.catalog.models import Field, Procedure, UnitProcedure

        from .filter_choices import forget

        for model in (Procedure, Field, UnitProcedure):
            post_save.connect(forget, sender=model, dispatch_uid=f"backoffice-filters-{model.__name__}")
            post_delete.connect(forget, sender=model, dispatch_uid=f"backoffice-filters-delete-{model.__name__}")
