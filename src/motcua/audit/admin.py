from django.contrib import admin

from .models import ReadRecord


@admin.register(ReadRecord)
class ReadRecordAdmin(admin.ModelAdmin):
    """Read-only: the log is append-only for people too (decision 0521)."""

    list_display = ("at", "username", "kind", "dossier_id", "count", "ip", "path")
    list_filter = ("kind",)
    search_fields = ("username",)
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
