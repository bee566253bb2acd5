"""Django admin for provinces, units, centres and counters (Vietnamese labels from the models)."""

from django.contrib import admin

from motcua.accounts.admin_scoping import ScopedAdmin, ScopedChoicesMixin

from .models import Centre, Counter, Province, Unit

# Filters list only the provinces, units and centres in the rows shown, never other provinces'.
RELATED_ONLY = admin.RelatedOnlyFieldListFilter


@admin.register(Province)
class ProvinceAdmin(ScopedAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


class CentreInline(ScopedChoicesMixin, admin.TabularInline):
    model = Centre
    fk_name = "unit"
    fields = ["code", "name", "parent", "address", "phone"]
    extra = 0
    show_change_link = True


@admin.register(Unit)
class UnitAdmin(ScopedAdmin):
    list_display = ["code", "name", "kind", "province", "is_active"]
    list_filter = ["kind", "is_active", ("province", RELATED_ONLY)]
    search_fields = ["code", "name"]
    fields = ["province", "code", "name", "kind", "parent", "working_periods", "is_active"]
    inlines = [CentreInline]


class CounterInline(admin.TabularInline):
    model = Counter
    fields = ["number", "name", "zone", "is_priority", "is_open"]
    extra = 0


@admin.register(Centre)
class CentreAdmin(ScopedAdmin):
    list_display = ["code", "name", "unit", "parent"]
    list_filter = [("unit__province", RELATED_ONLY)]
    search_fields = ["code", "name", "unit__code"]
    inlines = [CounterInline]


@admin.register(Counter)
class CounterAdmin(ScopedAdmin):
    list_display = ["__str__", "centre", "number", "is_priority", "is_open"]
    list_filter = ["is_priority", "is_open", ("centre", RELATED_ONLY)]
