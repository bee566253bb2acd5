"""Django admin limited to an administrator's reach (Role.ADMIN in a province or a unit).

Superusers are installation accounts and see everything; every other administrator sees, changes
and picks from lists only the rows ``scope(..., Action.ADMINISTER)`` lets through.
"""

from django.contrib import admin

from .permissions import allows, scope
from .policy import Action

# Foreign keys whose choices are narrowed to what the administrator may administer.
SCOPED_CHOICES = {"organizations.province", "organizations.unit", "organizations.centre", "accounts.user"}


class ScopedChoicesMixin:
    """For ModelAdmin and inlines: drop-down lists offer only rows within the administrator's reach."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.related_model._meta.label_lower
        if related in SCOPED_CHOICES and not request.user.is_superuser:
            kwargs["queryset"] = scope(db_field.related_model._default_manager.all(), request.user, Action.ADMINISTER)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ScopedAdmin(ScopedChoicesMixin, admin.ModelAdmin):
    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset if request.user.is_superuser else scope(queryset, request.user, Action.ADMINISTER)

    def _within_reach(self, request, obj) -> bool:
        return obj is None or request.user.is_superuser or allows(request.user, Action.ADMINISTER, obj)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._within_reach(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._within_reach(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._within_reach(request, obj)


class ReadOnlyMixin:
    """For records other code writes (payments, logs, ratings): shown here, never added, changed
    or deleted by hand."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ReadOnlyMixin, ScopedAdmin):
    """Read-only records within the administrator's reach."""
