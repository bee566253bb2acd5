from django.contrib import admin

from motcua.accounts.admin_scoping import ScopedAdmin

from .models import CentreCamera, ExternalIndicator


@admin.register(ExternalIndicator)
class ExternalIndicatorAdmin(ScopedAdmin):
    list_display = ("indicator", "period", "unit", "num", "den", "score", "updated_at")
    list_filter = ("indicator", "period")
    search_fields = ("unit__name", "unit__code", "note")

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(CentreCamera)
class CentreCameraAdmin(ScopedAdmin):
    list_display = ("name", "centre", "page_url", "snapshot_url", "position")
    list_filter = ("centre",)
