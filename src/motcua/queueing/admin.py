from django.contrib import admin

from motcua.audit.admin import ReadLoggedAdmin

from .models import Appointment, PriorityCategory, QueueSettings, ServiceGroup, Ticket, TicketPeriod


@admin.register(QueueSettings)
class QueueSettingsAdmin(admin.ModelAdmin):
    list_display = ("centre", "priority_mode", "close_policy", "remote_per_day", "alert_ahead")


@admin.register(ServiceGroup)
class ServiceGroupAdmin(admin.ModelAdmin):
    list_display = ("centre", "code", "name", "position", "is_paused", "minutes_per_ticket")
    list_filter = ("centre",)
    filter_horizontal = ("fields", "counters")


@admin.register(PriorityCategory)
class PriorityCategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "position", "is_active")


class PeriodInline(admin.TabularInline):
    model = TicketPeriod
    extra = 0
    readonly_fields = ("state", "started_at", "ended_at", "counter", "officer")
    exclude = ("centre",)
    can_delete = False


@admin.register(Ticket)
class TicketAdmin(ReadLoggedAdmin, admin.ModelAdmin):
    list_display = ("label", "day", "centre", "group", "state", "priority", "counter")
    list_filter = ("state", "day", "centre")
    readonly_fields = [f.name for f in Ticket._meta.fields]
    inlines = [PeriodInline]


@admin.register(Appointment)
class AppointmentAdmin(ReadLoggedAdmin, admin.ModelAdmin):
    list_display = ("code", "starts_at", "group", "citizen", "status")
    list_filter = ("status", "day")
