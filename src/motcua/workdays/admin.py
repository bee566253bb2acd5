from django.contrib import admin

from .models import DayOverride

WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]


@admin.register(DayOverride)
class DayOverrideAdmin(admin.ModelAdmin):
    list_display = ["date", "weekday", "is_working_day", "reason", "province"]
    list_filter = ["province", "is_working_day"]
    date_hierarchy = "date"
    search_fields = ["reason"]

    @admin.display(description="thứ")
    def weekday(self, obj):
        return WEEKDAYS[obj.date.weekday()]
