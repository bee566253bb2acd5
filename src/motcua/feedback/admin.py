"""Ratings and petitions in the admin, read-only, within the administrator's reach."""

from django.contrib import admin

from motcua.accounts.admin_scoping import ScopedAdmin
from motcua.audit.admin import ReadLoggedAdmin

from .models import Petition, Rating


class ReadOnlyAdmin(ReadLoggedAdmin, ScopedAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Rating)
class RatingAdmin(ReadOnlyAdmin):
    list_display = ("dossier", "unit", "officer", "overall", "channel", "created_at")
    list_filter = ("overall", "channel")


@admin.register(Petition)
class PetitionAdmin(ReadOnlyAdmin):
    list_display = ("code", "title", "unit", "classification", "status", "received_at", "answer_due_at", "late")
    list_filter = ("status", "classification", "source", "late")
    search_fields = ("title", "content")
