"""Lockers and their slots are set up here, within the administrator's reach; logs are read-only."""

from django.contrib import admin

from motcua.accounts.admin_scoping import ReadOnlyAdmin, ScopedAdmin

from .models import Locker, LockerOpening, LockerSlot, Shipment


class SlotInline(admin.TabularInline):
    model = LockerSlot
    extra = 0


@admin.register(Locker)
class LockerAdmin(ScopedAdmin):
    list_display = ("name", "code", "centre", "is_active")
    list_filter = ("is_active",)
    inlines = [SlotInline]


@admin.register(LockerOpening)
class LockerOpeningAdmin(ReadOnlyAdmin):
    list_display = ("at", "slot", "reason", "actor", "client")
    list_filter = ("reason",)


@admin.register(Shipment)
class ShipmentAdmin(ReadOnlyAdmin):
    list_display = ("tracking_number", "dossier", "status", "created_at", "status_at")
    list_filter = ("status", "plugin")
    search_fields = ("tracking_number", "dossier__code")
