"""Django admin for the procedure catalogue (danh mục thủ tục hành chính), in Vietnamese."""

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Q
from django.utils.html import format_html_join

from motcua.accounts.models import Role
from motcua.core.text import fold

from .models import (BundleMember, Fee, Field, Level, ProcessStep, Procedure, ProcedureChannel,
                     RequiredDocument)


# Short text areas: a procedure page holds a dozen of them and every inline row has one.
COMPACT_TEXT = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 60})}}


class ChannelInline(admin.TabularInline):
    model = ProcedureChannel
    fields = ["position", "channel", "duration", "duration_unit", "description"]
    formfield_overrides = COMPACT_TEXT
    extra = 0


class FeeInline(admin.TabularInline):
    model = Fee
    fields = ["position", "channel", "name", "amount", "currency", "foreign_amount", "conditions"]
    formfield_overrides = COMPACT_TEXT
    extra = 0


class DocumentInline(admin.StackedInline):
    model = RequiredDocument
    fields = [("position", "originals", "copies", "is_required"), "name", "form_template", "case"]
    formfield_overrides = COMPACT_TEXT
    extra = 0


class ProcessStepForm(forms.ModelForm):
    role = forms.ChoiceField(label="Vai trò thực hiện", choices=Role.choices)

    class Meta:
        model = ProcessStep
        fields = "__all__"


class ProcessStepInline(admin.TabularInline):
    model = ProcessStep
    form = ProcessStepForm
    fields = ["position", "name", "role", "unit_kind", "working_hours"]
    extra = 0


class BundleMemberInline(admin.TabularInline):
    model = BundleMember
    fk_name = "bundle"
    fields = ["position", "member", "unit_kind"]
    autocomplete_fields = ["member"]
    extra = 0


def _has_level(level: str) -> Q:
    """``levels`` is space-separated ("province commune"): match the whole word."""
    return (Q(levels=level) | Q(levels__startswith=f"{level} ") | Q(levels__endswith=f" {level}")
            | Q(levels__contains=f" {level} "))


class LevelFilter(admin.SimpleListFilter):
    title = "cấp thực hiện"
    parameter_name = "cap"

    def lookups(self, request, model_admin):
        return Level.choices

    def queryset(self, request, queryset):
        return queryset.filter(_has_level(self.value())) if self.value() in Level.values else queryset


class IssueFilter(admin.SimpleListFilter):
    title = "vấn đề khi nhập"
    parameter_name = "van_de"

    def lookups(self, request, model_admin):
        return [("co", "Có vấn đề"), ("khong", "Không có")]

    def queryset(self, request, queryset):
        if self.value() == "co":
            return queryset.exclude(import_issues=[])
        if self.value() == "khong":
            return queryset.filter(import_issues=[])
        return queryset


class ProcedureForm(forms.ModelForm):
    levels = forms.MultipleChoiceField(label="Cấp thực hiện", choices=Level.choices, required=False,
                                       widget=forms.CheckboxSelectMultiple)
    source_url = forms.URLField(label="Nguồn", max_length=500, required=False, assume_scheme="https")

    class Meta:
        model = Procedure
        exclude = ["import_issues"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["levels"] = self.instance.level_list

    def clean_levels(self):
        return " ".join(self.cleaned_data["levels"])


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    form = ProcedureForm
    list_display = ["code", "name", "field", "level_labels", "online_level", "issue_count", "is_active"]
    list_display_links = ["code", "name"]
    list_filter = ["online_level", LevelFilter, IssueFilter, "is_active", "field"]
    search_fields = ["code", "name"]
    list_select_related = ["field"]
    autocomplete_fields = ["field"]
    readonly_fields = ["issues", "updated_at"]
    formfield_overrides = COMPACT_TEXT
    inlines = [ChannelInline, FeeInline, DocumentInline, ProcessStepInline, BundleMemberInline]
    fieldsets = [
        ("Thông tin chung", {"fields": ["code", "name", "field", "levels", "online_level", "decision_number",
                                        "procedure_type", "requires_verified_identity", "is_bundle", "is_active"]}),
        ("Cơ quan", {"fields": ["competent_agency", "implementing_agency", "delegated_agency",
                                "coordinating_agency", "receiving_address"]}),
        ("Nội dung", {"fields": ["applicants", "steps_text", "conditions", "result_text", "legal_basis",
                                 "related_codes"]}),
        ("Nguồn dữ liệu", {"fields": ["source_group", "source_url", "formality_id", "issues", "updated_at"]}),
    ]

    @admin.display(description="cấp thực hiện")
    def level_labels(self, procedure):
        return ", ".join(str(Level(level).label) for level in procedure.level_list if level in Level.values)

    @admin.display(description="vấn đề khi nhập")
    def issue_count(self, procedure):
        return len(procedure.import_issues) or ""

    @admin.display(description="vấn đề khi nhập")
    def issues(self, procedure):
        if not procedure.import_issues:
            return "Không có"
        return format_html_join("", "<p>{}</p>", ((issue,) for issue in procedure.import_issues))

    def get_search_results(self, request, queryset, search_term):
        """Also match the folded text, so "dang ky khai sinh" finds "Đăng ký khai sinh"."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            results |= queryset.filter(search_text__contains=fold(search_term))
        return results, may_have_duplicates


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]
