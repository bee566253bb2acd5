"""Ratings and petitions in the admin, read-only, within the administrator's reach."""

from django.contrib import admin

from motcua.accounts.admin_scoping import ReadOnlyAdmin
from motcua.audit.admin import ReadLoggedAdmin

from .models import Petition, Rating


class FeedbackAdmin(ReadLoggedAdmin, ReadOnlyAdmin):
    """Ratings and petitions hold applicants' names and phones: their pages are reads."""


@admin.register(Rating)
class RatingAdmin(FeedbackAdmin):
    list_display = ("dossier", "unit", "officer", "overall", "channel", "created_at")
    list_filter = ("overall", "channel")


@admin.register(Petition)
class PetitionAdmin(FeedbackAdmin):
    list_display = ("code", "title", "unit", "classification", "status", "received_at", "answer_due_at", "late")
    list_filter = ("status", "classification", "source", "late")
    search_fields = ("title", "content")
