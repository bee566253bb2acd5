"""Public catalogue pages: search (tra cứu), procedure detail and the printable sheet for the board."""

from html import escape  # the standard library's: Django's lazy-aware wrapper costs more per call

import segno
from django import forms
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from motcua.organizations.models import Unit

from . import presentation, search as catalog_search
from .models import Field, Level, OnlineLevel, Procedure, UnitProcedure

PAGE_SIZE = 20
FILTERS = ("field", "level", "online", "unit")


def _invalid(what_vi: str, what_en: str) -> dict:
    return {"invalid_choice": f"{what_vi} không hợp lệ / invalid {what_en}",
            "invalid_pk_value": f"{what_vi} không hợp lệ / invalid {what_en}"}


class SearchForm(forms.Form):
    """The search box and its filters; every field is optional, a bad value is reported and ignored."""

    q = forms.CharField(required=False, max_length=200, strip=True, label=_("Bạn cần làm thủ tục gì?"), error_messages={
        "max_length": "Từ khóa quá dài (tối đa 200 ký tự) / search text too long (200 characters at most)"})
    field = forms.ModelChoiceField(Field.objects.all(), required=False, label=_("Lĩnh vực"), empty_label=_("Tất cả lĩnh vực"),
                                   error_messages=_invalid("Lĩnh vực", "field"))
    level = forms.ChoiceField(choices=[("", _("Tất cả các cấp")), *Level.choices], required=False, label=_("Cấp thực hiện"),
                              error_messages=_invalid("Cấp thực hiện", "level"))
    online = forms.ChoiceField(choices=[("", _("Mọi mức độ")), *OnlineLevel.choices], required=False,
                               label=_("Nộp trực tuyến"),
                               error_messages=_invalid("Mức độ trực tuyến", "online level"))
    unit = forms.ModelChoiceField(Unit.objects.none(), required=False, to_field_name="code", label=_("Nơi tiếp nhận"),
                                  empty_label=_("Mọi nơi tiếp nhận"), error_messages=_invalid("Đơn vị", "unit"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        # Only units that actually receive some procedure are worth offering.
        self.fields["unit"].queryset = Unit.objects.filter(
            is_active=True, procedures__is_enabled=True).distinct().order_by("name")

    def filters(self) -> catalog_search.Filters:
        data = self.cleaned_data
        unit = data.get("unit")
        return catalog_search.Filters(
            field_id=data["field"].pk if data.get("field") else None,
            level=data.get("level", ""),
            online_level=data.get("online", ""),
            procedure_ids=frozenset(UnitProcedure.objects.filter(unit=unit, is_enabled=True)
                                    .values_list("procedure_id", flat=True)) if unit else None,
        )


def _marked(name: str, q: str) -> str:
    """The name with the searched words in <mark>, built in Python: a template loop per word is slow."""
    return mark_safe("".join(f"<mark>{escape(text)}</mark>" if hit else escape(text)
                             for text, hit in catalog_search.highlight(name, q)))


def _select(bound) -> str:
    """A filter <select> built in Python: Django's widget templates take ~8 ms for the 140 fields."""
    choices = list(iter(bound.field.choices))  # iter(): no COUNT query before the SELECT
    if len(choices) < 2:  # only "all": nothing to choose from (no unit receives procedures yet)
        return ""
    value = str(bound.value() or "")
    options = "".join(f'<option value="{escape(str(key))}"{" selected" if str(key) == value else ""}>'
                      f"{escape(str(label))}</option>" for key, label in choices)
    return mark_safe(f'<select name="{bound.html_name}" id="{bound.id_for_label}">{options}</select>')


def _result_rows(procedure_ids: list[int], q: str) -> list[dict]:
    by_id = (Procedure.objects.select_related("field")
             .only("code", "name", "levels", "online_level", "field__name").in_bulk(procedure_ids))
    # a procedure deleted by another process since the index was built is simply left out
    return [{"procedure": p, "name": _marked(p.name, q), "levels": presentation.level_labels(p.levels),
             "badge": presentation.online_badge(p.online_level)}
            for p in (by_id[pk] for pk in procedure_ids if pk in by_id)]


def _url(request, **changes) -> str:
    """This page's URL with ``changes`` applied and empty parameters left out, to share or bookmark."""
    params = request.GET.copy()
    for key, value in changes.items():
        params[key] = value
    kept = QueryDict(mutable=True)
    for key, values in params.lists():
        kept.setlist(key, [v for v in values if v])
    return f"{request.path}?{kept.urlencode()}" if kept else request.path


def search(request):
    partial = bool(request.htmx) and not request.htmx.history_restore_request
    form = SearchForm(request.GET)
    form.is_valid()  # invalid filters are shown as errors and left out; cleaned_data keeps the rest
    q = form.cleaned_data.get("q", "")
    page = Paginator(catalog_search.search(q, form.filters()), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "q": q, "page": page, "rows": _result_rows(list(page.object_list), q),
               "prev_url": _url(request, page=page.previous_page_number()) if page.has_previous() else "",
               "next_url": _url(request, page=page.next_page_number()) if page.has_next() else "",
               "filtered": any(request.GET.get(k) for k in FILTERS),
               "unfiltered_url": _url(request, page="", **dict.fromkeys(FILTERS, ""))}
    if not partial:
        context["selects"] = {name: _select(form[name]) for name in FILTERS}
    if partial:
        response = render(request, "catalog/_results.html", context)
        response["HX-Push-Url"] = _url(request)  # the address bar follows the search, minus empty filters
    else:
        response = render(request, "catalog/search.html", context)
    patch_vary_headers(response, ["HX-Request"])  # the same URL answers a page or a fragment
    return response


def _procedure_context(code: str) -> dict:
    procedure = get_object_or_404(
        Procedure.objects.select_related("field").prefetch_related("channels", "fees", "documents"),
        code=code, is_active=True)
    units = (UnitProcedure.objects.filter(procedure=procedure, is_enabled=True, unit__is_active=True)
             .select_related("unit").order_by("unit__name"))
    badge = presentation.online_badge(procedure.online_level)
    return {
        "procedure": procedure,
        "levels": presentation.level_labels(procedure.levels),
        "badge": badge,
        "time_and_fees": presentation.time_and_fees(procedure.channels.all(), procedure.fees.all()),
        "document_groups": presentation.documents_by_case(procedure.documents.all()),
        "units": [up.unit for up in units],
        "submit_url": reverse("portal:submit", args=[procedure.code]) if badge.can_submit_online else "",
    }


def detail(request, code):
    return render(request, "catalog/detail.html", _procedure_context(code))


def print_sheet(request, code):
    """A4 sheet for the public board (niêm yết), with a QR code back to the online page."""
    context = _procedure_context(code)
    page_url = request.build_absolute_uri(reverse("catalog:detail", args=[context["procedure"].code]))
    # segno writes the SVG itself from the URL, so it is safe to embed unescaped
    context["qr_svg"] = mark_safe(segno.make(page_url, error="m").svg_inline(scale=3))
    context["page_url"] = page_url
    return render(request, "catalog/print.html", context)
