"""Forms of the monitoring pages: a report request and an externally fed indicator."""

from django import forms

from . import periods
from .external import entry_problems
from .models import EXTERNAL_INDICATORS, ReportJob
from .index766 import INDICATORS


def _period_field():
    return forms.CharField(label="Kỳ báo cáo / period", max_length=7,
                           help_text="2025-10 (tháng), 2025-Q3 (quý), 2025 (năm)",
                           error_messages={"required": "Nhập kỳ báo cáo / enter a period"})


def _clean_period(value: str) -> periods.Period:
    try:
        return periods.parse(value)
    except periods.PeriodError as exc:
        raise forms.ValidationError(str(exc)) from None


class ReportForm(forms.Form):
    period = _period_field()
    format = forms.ChoiceField(label="Định dạng / format", choices=ReportJob.Format.choices)

    def clean_period(self):
        return _clean_period(self.cleaned_data["period"])


class ExternalForm(forms.Form):
    """Chỉ số nhập từ bên ngoài: numerator and denominator, or a score."""

    indicator = forms.ChoiceField(label="Chỉ số / indicator",
                                  choices=[(i, f"{i} — {INDICATORS[i].name}") for i in EXTERNAL_INDICATORS])
    unit = forms.TypedChoiceField(label="Đơn vị / unit", required=False, coerce=int, empty_value=None)
    period = _period_field()
    num = forms.DecimalField(label="Tử số / numerator", required=False, min_value=0, max_digits=12, decimal_places=2)
    den = forms.DecimalField(label="Mẫu số / denominator", required=False, min_value=0, max_digits=12,
                             decimal_places=2)
    score = forms.DecimalField(label="Hoặc điểm / or score", required=False, min_value=0, max_digits=5,
                               decimal_places=2)
    note = forms.CharField(label="Nguồn, ghi chú / source", required=False, max_length=300)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", "Cả tỉnh / whole province"), *[(u.pk, u.name) for u in units]]

    def clean_period(self):
        return _clean_period(self.cleaned_data["period"])

    def clean(self):
        data = super().clean()
        if "indicator" in data:
            for field, message in entry_problems(data["indicator"], data.get("num"), data.get("den"),
                                                 data.get("score")).items():
                self.add_error(field if field in self.fields else None, message)
        return data
