"""Forms of the rating and petition pages. They shape input; the rules answer with UserFacingError."""

from django import forms
from django.utils import timezone

from motcua.backoffice.i18n import vi_en

from .models import Meeting, Petition, Verdict

REQUIRED = {"required": vi_en("Vui lòng nhập thông tin này", "this field is required"),
            "invalid_choice": vi_en("Lựa chọn không hợp lệ", "invalid choice"),
            "invalid": vi_en("Giá trị không hợp lệ", "invalid value")}
VERDICTS = [(Verdict.LIKE, Verdict.LIKE.label), (Verdict.DISLIKE, Verdict.DISLIKE.label)]


def _verdict(label, required=False):
    return forms.ChoiceField(label=label, choices=VERDICTS, required=required, widget=forms.RadioSelect,
                             error_messages=REQUIRED)


class RatingForm(forms.Form):
    overall = _verdict(vi_en("Ông/bà có hài lòng với việc giải quyết hồ sơ?", "Are you satisfied overall?"),
                       required=True)
    attitude = _verdict(vi_en("Thái độ của cán bộ", "The officer's attitude"))
    timeliness = _verdict(vi_en("Thời gian giải quyết", "The time it took"))
    guidance = _verdict(vi_en("Hướng dẫn rõ ràng, dễ hiểu", "Clear guidance"))
    comment = forms.CharField(label=vi_en("Góp ý thêm (không bắt buộc)", "Anything else? (optional)"),
                              required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


ABOUT = [
    ("procedure", vi_en("Quy định, thủ tục hành chính", "A rule or procedure")),
    ("officer", vi_en("Thái độ, hành vi của cán bộ, công chức", "An officer's behaviour")),
    ("question", vi_en("Tôi muốn hỏi về thủ tục", "I have a question")),
]


class PetitionForm(forms.Form):
    about = forms.ChoiceField(label=vi_en("Ông/bà phản ánh, kiến nghị về", "This is about"), choices=ABOUT,
                              widget=forms.RadioSelect, initial="procedure", error_messages=REQUIRED)
    unit = forms.ModelChoiceField(label=vi_en("Cơ quan, đơn vị", "The office concerned"), queryset=None,
                                  error_messages=REQUIRED)
    dossier_code = forms.CharField(label=vi_en("Mã hồ sơ liên quan (nếu có)", "Related dossier code (if any)"),
                                   required=False, max_length=40)
    title = forms.CharField(label=vi_en("Tiêu đề", "Subject"), required=False, max_length=200)
    content = forms.CharField(label=vi_en("Nội dung", "What happened, or your question"), max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 6}), error_messages=REQUIRED)
    sender_name = forms.CharField(label=vi_en("Họ tên", "Your name"), required=False, max_length=200)
    sender_phone = forms.CharField(label=vi_en("Điện thoại di động (để nhận trả lời)", "Mobile phone"),
                                   required=False, max_length=15)
    sender_email = forms.CharField(label=vi_en("Thư điện tử", "E-mail"), required=False, max_length=254)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

    def kind_and_class(self) -> tuple[str, str]:
        about = self.cleaned_data["about"]
        if about == "question":
            return Petition.Kind.QUESTION, Petition.Classification.PROCEDURE
        return Petition.Kind.FEEDBACK, about


class IntakeForm(PetitionForm):
    """Staff recording a note from the suggestion box or a hotline call."""

    source = forms.ChoiceField(label=vi_en("Nguồn", "Source"), choices=[
        (Petition.Source.BOX, Petition.Source.BOX.label), (Petition.Source.HOTLINE, Petition.Source.HOTLINE.label)],
        widget=forms.RadioSelect, initial=Petition.Source.HOTLINE, error_messages=REQUIRED)
    field_order = ["source"]


class MeetingForm(forms.Form):
    unit = forms.ModelChoiceField(label=vi_en("Đơn vị", "Unit"), queryset=None, error_messages=REQUIRED)
    kind = forms.ChoiceField(label=vi_en("Hình thức", "Kind of meeting"), choices=Meeting.Kind.choices,
                             error_messages=REQUIRED)
    held_on = forms.DateField(label=vi_en("Ngày", "Date"), error_messages=REQUIRED, initial=timezone.localdate,
                              widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                              input_formats=["%Y-%m-%d", "%d/%m/%Y"])
    place = forms.CharField(label=vi_en("Địa điểm", "Place"), max_length=200, error_messages=REQUIRED)
    lines = forms.CharField(
        label=vi_en("Câu hỏi, mỗi dòng một câu: 'nội dung' hoặc 'họ tên | nội dung' hoặc "
                    "'họ tên | điện thoại | nội dung'", "One question per line"),
        widget=forms.Textarea(attrs={"rows": 10}), error_messages=REQUIRED)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class TextForm(forms.Form):
    text = forms.CharField(label=vi_en("Nội dung", "Text"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5}),
                           error_messages=REQUIRED)


class AnswerForm(TextForm):
    to_publish = forms.BooleanField(label=vi_en("Công khai câu trả lời trong mục Hỏi đáp", "Publish the answer"),
                                    required=False, initial=True)


class ClassifyForm(forms.Form):
    classification = forms.ChoiceField(label=vi_en("Phân loại (chỉ số 5.1)", "Class (indicator 5.1)"),
                                       choices=Petition.Classification.choices, error_messages=REQUIRED)


class AssignForm(forms.Form):
    handler = forms.ModelChoiceField(label=vi_en("Cán bộ xử lý", "Handled by"), queryset=None, error_messages=REQUIRED)

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = staff
