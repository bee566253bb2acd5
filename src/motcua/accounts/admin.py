"""Django admin for accounts and role assignments, limited to the administrator's province."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from .admin_scoping import ScopedAdmin, ScopedChoicesMixin
from .models import RoleAssignment, User

admin.site.site_header = "Quản trị hệ thống một cửa"
admin.site.site_title = "Quản trị motcua"
admin.site.index_title = "Danh mục quản trị"

# Only superusers (installation accounts) may hand out Django-level powers.
SUPERUSER_ONLY_FIELDS = {"is_superuser", "groups", "user_permissions"}


class RoleAssignmentInline(ScopedChoicesMixin, admin.TabularInline):
    model = RoleAssignment
    fk_name = "user"
    fields = ["role", "unit", "centre", "province"]
    extra = 0


@admin.register(User)
class UserAdmin(ScopedAdmin, DjangoUserAdmin):
    list_display = ["username", "full_name", "kind", "province", "is_active", "is_staff"]
    list_filter = ["kind", "is_active", ("province", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["username", "full_name", "personal_id", "phone", "email"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        ("Thông tin", {"fields": ["kind", "full_name", "personal_id", "phone", "email", "province"]}),
        ("Quyền truy cập", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        ("Thời gian", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["username", "kind", "full_name", "province",
                                                "usable_password", "password1", "password2"]}),
    ]

    def get_inlines(self, request, obj):
        return [RoleAssignmentInline] if obj is not None else []

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        return [(name, {**opts, "fields": [f for f in opts["fields"] if f not in SUPERUSER_ONLY_FIELDS]})
                for name, opts in fieldsets]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if not request.user.is_superuser and "province" in form.base_fields:
            form.base_fields["province"].required = True  # or the new account falls out of reach
        return form


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ScopedAdmin):
    list_display = ["user", "role", "unit", "centre", "province"]
    list_filter = ["role", ("province", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["user__username", "user__full_name", "unit__code", "unit__name"]
    autocomplete_fields = ["user"]
