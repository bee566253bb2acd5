from django.contrib import admin

from motcua.accounts.admin_scoping import ReadOnlyMixin

from . import reads
from .models import ReadRecord


class ReadLoggedAdmin:
    """ModelAdmin mixin for models holding personal data: the object of a change page, and the rows
    of a list page, are reads (one row per request, as for the other pages)."""

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        reads.note(obj)
        return obj

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        reads.note(*changelist.result_list)
        return changelist


@admin.register(ReadRecord)
class ReadRecordAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Read-only: the log is append-only for people too (decision 0521)."""

    list_display = ("at", "username", "kind", "dossier_id", "count", "ip", "path")
    list_filter = ("kind",)
    search_fields = ("username",)
    date_hierarchy = "at"
