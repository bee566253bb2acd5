"""Printing: the official forms of a dossier (Mẫu 01–06) and the tracking register of a unit."""

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from motcua.accounts.permissions import units_for
from motcua.accounts.policy import Action
from motcua.core.errors import UserFacingError
from motcua.dossiers import forms as official

from ..forms import add_user_error, errors
from ..i18n import vi_en
from .common import staff_required, visible_dossier_or_404
from .dossier import refused_page


def _file(content: bytes, content_type: str, filename: str, inline: bool) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@staff_required
def form_pdf(request, public_id, key):
    """One official form of a dossier, opened in the browser to print. ``?so=`` fills "Số: …"."""
    dossier = visible_dossier_or_404(request.user, public_id)
    try:
        content = official.render_pdf(key, dossier, number=request.GET.get("so", "")[:40])
    except UserFacingError as err:
        return refused_page(request, dossier, err)
    return _file(content, "application/pdf", f"{dossier.code or 'ho-so'}-{key}.pdf", inline=True)


DAY = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DAY_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class RegisterForm(forms.Form):
    """Sổ theo dõi hồ sơ: a unit, a period of receipt dates, PDF or Excel."""

    unit = forms.ModelChoiceField(None, label=vi_en("Đơn vị", "Unit"), error_messages=errors())
    start = forms.DateField(label=vi_en("Từ ngày", "From"), widget=DAY, input_formats=DAY_FORMATS,
                            error_messages=errors())
    end = forms.DateField(label=vi_en("Đến ngày", "To"), widget=DAY, input_formats=DAY_FORMATS,
                          error_messages=errors())
    kind = forms.ChoiceField(label=vi_en("Định dạng", "Format"), widget=forms.RadioSelect, initial="xlsx",
                             choices=[("xlsx", "Excel (.xlsx)"), ("pdf", "PDF")], error_messages=errors())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_for(user, Action.VIEW).filter(is_active=True).order_by("name")
        self.fields["unit"].empty_label = None  # the first unit is chosen already


@staff_required
def register(request):
    today = timezone.localdate()
    initial = {"start": today.replace(day=1), "end": today}
    form = RegisterForm(request.GET or None, user=request.user, initial=initial)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        unit, start, end = data["unit"], data["start"], data["end"]
        name = f"so-theo-doi-{unit.code}-{start:%Y%m%d}-{end:%Y%m%d}"
        try:
            if data["kind"] == "pdf":
                return _file(official.register_pdf(unit, start, end), "application/pdf", f"{name}.pdf", inline=True)
            return _file(official.register_xlsx(unit, start, end),
                         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", f"{name}.xlsx",
                         inline=False)
        except UserFacingError as err:
            add_user_error(form, err)
    return render(request, "backoffice/register.html", {"form": form}, status=400 if form.errors else 200)
