from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminDateWidget

from .models import DayOverride

WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]


class DayOverrideForm(forms.ModelForm):
    # Django's "vi" locale has no input formats, so the default would read 05/11/2026 as 11 May.
    # Vietnamese write day/month/year; ISO stays accepted for the admin's calendar picker.
    date = forms.DateField(label="Ngày", input_formats=["%d/%m/%Y", "%Y-%m-%d"],
                           widget=AdminDateWidget(format="%d/%m/%Y"), help_text="dd/mm/yyyy")

    class Meta:
        model = DayOverride
        fields = ["province", "date", "is_working_day", "reason"]


@admin.register(DayOverride)
class DayOverrideAdmin(admin.ModelAdmin):
    form = DayOverrideForm
    list_display = ["date", "weekday", "is_working_day", "province", "reason"]
    list_filter = ["province", "is_working_day"]
    date_hierarchy = "date"
    search_fields = ["reason"]

    @admin.display(description="thứ")
    def weekday(self, obj):
        return WEEKDAYS[obj.date.weekday()]
