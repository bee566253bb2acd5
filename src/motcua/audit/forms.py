from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.backoffice.forms import errors
from motcua.backoffice.views.printing import DAY, DAY_FORMATS
from motcua.dossiers.models import Dossier

from .models import ReadRecord
from .queries import Filters


class ReadLogFilterForm(forms.Form):
    """Lọc nhật ký truy cập: by officer, dossier code, kind and dates."""

    username = forms.CharField(label=_("Cán bộ (tên đăng nhập)"), required=False, max_length=150)
    code = forms.CharField(label=_("Mã hồ sơ"), required=False, max_length=40)
    kind = forms.ChoiceField(label=_("Thao tác"), required=False,
                             choices=[("", "—"), *ReadRecord.Kind.choices], error_messages=errors())
    start = forms.DateField(label=_("Từ ngày"), required=False, widget=DAY, input_formats=DAY_FORMATS,
                            error_messages=errors())
    end = forms.DateField(label=_("Đến ngày"), required=False, widget=DAY, input_formats=DAY_FORMATS,
                          error_messages=errors())

    def __init__(self, *args, province_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.province_ids = province_ids

    def clean_code(self):
        code = self.cleaned_data["code"].strip().upper()
        if code:
            dossier = Dossier.objects.filter(code=code, province_id__in=self.province_ids).only("pk").first()
            if dossier is None:
                raise forms.ValidationError("Không tìm thấy hồ sơ có mã này / no dossier with this code")
            self.dossier_id = dossier.pk
        return code

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError("Từ ngày phải trước đến ngày / the start date is after the end date",
                                        code="order")
        return data

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(username=data.get("username", "").strip(), dossier_id=getattr(self, "dossier_id", None),
                       kind=data.get("kind", ""), start=data.get("start"), end=data.get("end"))
