from django.contrib import admin

from . import services
from .models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ("created_at", "channel", "key", "status", "attempts", "next_attempt_at", "last_error")
    list_filter = ("channel", "status")
    search_fields = ("key", "ordering_key")
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]
    actions = ["retry"]

    @admin.action(description="Gửi lại các thư đã ngừng gửi / retry parked messages")
    def retry(self, request, queryset):
        self.message_user(request, f"{services.retry_dead(queryset)} thư sẽ được gửi lại")
