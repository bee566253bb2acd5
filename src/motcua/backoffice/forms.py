"""Forms of the back office: inbox filters and one form per dossier action.

Forms only shape input. The rules (allowed transitions, required reasons, dates, roles) live in
``dossiers.services`` and answer with UserFacingError, shown next to the field it names.
"""

from django import forms
from django.utils import timezone

from motcua.accounts.models import User
from motcua.core.errors import UserFacingError
from motcua.dossiers.workflow import State
from motcua.organizations.models import Unit
from motcua.workdays.services import calendar_for_unit

from . import due, rules
from .filter_choices import filter_choices
from .i18n import error_text, vi_en
from .widgets import FastHiddenInput, FastSelect, FastTextarea

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%d/%m/%Y %H:%M"]
BAD_DATETIME = vi_en("Ngày giờ không hợp lệ (ví dụ 27/02/2026 16:30)", "invalid date and time (e.g. 27/02/2026 16:30)")
REQUIRED = vi_en("Vui lòng nhập thông tin này", "this field is required")
BAD_CHOICE = vi_en("Lựa chọn không hợp lệ", "invalid choice")


def errors(**extra) -> dict:
    return {"required": REQUIRED, "invalid": BAD_DATETIME, "invalid_choice": BAD_CHOICE,
            "invalid_pk_value": BAD_CHOICE, **extra}


def add_user_error(form: forms.Form, err) -> None:
    """Show a UserFacingError/IllegalTransition next to its field, or above the form."""
    name = getattr(err, "field", None)
    name = form.file_field if name == "file" and getattr(form, "file_field", None) else name
    form.add_error(name if name in form.fields else None, error_text(err))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django checks each one)."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data else []


def local_input(moment) -> str:
    """A moment as the value of a datetime-local input."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def moment_field(label, required=False):
    return forms.DateTimeField(label=label, required=required, input_formats=DATETIME_FORMATS,
                               widget=forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                          format="%Y-%m-%dT%H:%M"),
                               error_messages=errors())


# --- inbox filters ------------------------------------------------------------------------------

def _choice(label, choices=()) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(label=label, required=False, coerce=int, empty_value=None, choices=choices,
                                  widget=FastSelect, error_messages=errors())


class InboxFilterForm(forms.Form):
    """Bộ lọc hộp việc. A bad value is reported and ignored, never a server error. Procedures and
    fields are ids (the choices are cached lists, not querysets)."""

    unit = _choice(vi_en("Đơn vị", "Unit"))
    procedure = _choice(vi_en("Thủ tục", "Procedure"))
    field = _choice(vi_en("Lĩnh vực", "Field"))
    state = forms.ChoiceField(label=vi_en("Trạng thái", "Status"), required=False, error_messages=errors(),
                              choices=[("", vi_en("Mọi trạng thái", "Any status")), *State.CHOICES[1:]],
                              widget=FastSelect)
    q = forms.CharField(label=vi_en("Mã hồ sơ", "Dossier code"), required=False, max_length=60, strip=True,
                        error_messages=errors(max_length=vi_en("Mã hồ sơ quá dài", "code too long")))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", vi_en("Mọi đơn vị của tôi", "All my units")),
                                       *[(u.pk, u.name) for u in units]]
        procedures, fields = filter_choices([u.pk for u in units])
        self.fields["procedure"].choices = [("", "—"), *procedures]
        self.fields["field"].choices = [("", "—"), *fields]


# --- one form per action ------------------------------------------------------------------------

COMMENT_LABELS = {
    "request_completion": ("Giấy tờ cần bổ sung, hoàn thiện", "Documents to complete"),
    "refuse": ("Lý do từ chối tiếp nhận", "Reasons for refusal"),
    "request_supplement": ("Nội dung yêu cầu bổ sung", "What must be supplemented"),
    "send_back": ("Lý do trả lại", "Why it goes back"),
    "suspend": ("Lý do tạm dừng", "Why processing is suspended"),
    "stop": ("Lý do dừng giải quyết", "Why processing stops"),
    "withdraw": ("Lý do rút hồ sơ", "Why the applicant withdraws"),
    "apologize": ("Lý do chậm trễ", "Why the dossier is late"),
}


class ActionForm(forms.Form):
    """Base form: the version the officer saw (optimistic lock) and a comment or reason."""

    file_field = None
    upload_kind = "submission"

    version = forms.IntegerField(widget=FastHiddenInput, error_messages=errors())
    comment = forms.CharField(label=vi_en("Ghi chú", "Comment"), required=False, max_length=2000,
                              widget=FastTextarea(attrs={"rows": 2}))

    def __init__(self, *args, dossier, action, **kwargs):
        super().__init__(*args, prefix=action.name, **kwargs)
        self.dossier, self.action = dossier, action
        self.fields["version"].initial = dossier.version
        if action.name in COMMENT_LABELS:
            self.fields["comment"].label = vi_en(*COMMENT_LABELS[action.name])
        if action.needs_comment:
            self.fields["comment"].widget.attrs["required"] = True
        self.order_fields([name for name in self.fields if name != "comment"] + ["comment"])

    def params(self) -> dict:
        """Keyword arguments of services.perform besides comment and version."""
        return {}

    def uploads(self) -> list:
        files = self.cleaned_data.get(self.file_field) if self.file_field else None
        files = files if isinstance(files, list) else [files] if files else []
        return [(f, self.upload_kind) for f in files]


class AcceptForm(ActionForm):
    received_at = moment_field(vi_en("Nhập bù: thời điểm đã nhận hồ sơ giấy", "Back-fill: when the paper dossier "
                                                                             "was received"))
    paper_reason = forms.CharField(label=vi_en("Lý do nhập bù", "Reason for the back-fill"), required=False,
                                   max_length=300)

    def params(self):
        moment = self.cleaned_data.get("received_at")
        return {"received_at": moment, "paper_reason": self.cleaned_data["paper_reason"]} if moment else {}


class ForwardForm(ActionForm):
    assignee = forms.ModelChoiceField(User.objects.none(), label=vi_en("Giao cho", "Assign to"), required=False,
                                      widget=FastSelect, error_messages=errors())

    def __init__(self, *args, next_step=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        field.empty_label = vi_en("— Mọi người có vai trò ở bước sau —", "— anyone holding the next step's role —")
        field.label_from_instance = lambda u: u.full_name or u.username
        if next_step is not None:
            field.queryset = User.objects.filter(roles__role=next_step.role, roles__unit_id=next_step.unit_id,
                                                 is_active=True).order_by("full_name", "username").distinct()

    def params(self):
        return {"assignee": self.cleaned_data.get("assignee")}


class TransferForm(ActionForm):
    to_unit = forms.ModelChoiceField(Unit.objects.none(), label=vi_en("Đơn vị nhận liên thông", "Receiving unit"),
                                     widget=FastSelect, error_messages=errors())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_unit"].queryset = (Unit.objects.filter(province_id=self.dossier.province_id, is_active=True)
                                           .exclude(pk=self.dossier.current_unit_id).order_by("name"))

    def params(self):
        return {"to_unit": self.cleaned_data["to_unit"]}


class ApologizeForm(ActionForm):
    new_due_at = moment_field(vi_en("Ngày hẹn trả mới", "New due date"), required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        suggestion = due.suggest_new_due(calendar_for_unit(self.dossier.unit), timezone.now(), self.dossier.due_at)
        self.fields["new_due_at"].initial = suggestion
        self.fields["new_due_at"].help_text = vi_en("Gợi ý theo lịch làm việc", "Suggested by the working calendar")

    def params(self):
        return {"new_due_at": self.cleaned_data["new_due_at"]}


class CompleteForm(ActionForm):
    file_field = "result_file"
    upload_kind = "result"

    result_summary = forms.CharField(label=vi_en("Kết quả giải quyết", "Result"), max_length=2000,
                                     widget=FastTextarea(attrs={"rows": 2}), error_messages=errors())
    result_file = forms.FileField(label=vi_en("Tệp kết quả (PDF, JPEG, PNG)", "Result file (PDF, JPEG, PNG)"),
                                  required=False)

    def params(self):
        return {"result_summary": self.cleaned_data["result_summary"]}


class ReceiveSupplementForm(ActionForm):
    file_field = "files"
    upload_kind = "supplement"

    files = MultipleFileField(label=vi_en("Giấy tờ bổ sung (nếu có tệp)", "Supplemented documents (files)"),
                              required=False)


class ReturnResultForm(ActionForm):
    receiver = forms.ChoiceField(label=vi_en("Người nhận", "Collected by"), widget=forms.RadioSelect,
                                 choices=[(k, vi_en(*v)) for k, v in rules.RECEIVERS.items()], initial=rules.APPLICANT,
                                 error_messages=errors())
    received_by_name = forms.CharField(label=vi_en("Họ tên người nhận", "Name of the receiver"), max_length=200,
                                       required=False)
    received_by_id_number = forms.CharField(label=vi_en("Số định danh (CCCD) người nhận", "Receiver's ID number"),
                                            max_length=20, error_messages=errors())
    authorisation = forms.CharField(label=vi_en("Giấy ủy quyền (số, ngày) đã kiểm tra", "Power of attorney checked "
                                                                                       "(number, date)"),
                                    max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_by_name"].initial = self.dossier.applicant_name

    def clean(self):
        data = super().clean()
        if "receiver" in data and "received_by_id_number" in data:
            try:
                self.record = rules.receiver_record(
                    data["receiver"], self.dossier.applicant_kind, self.dossier.applicant_id_number,
                    data["received_by_id_number"], data.get("authorisation", ""))
            except UserFacingError as err:
                add_user_error(self, err)
        return data

    def params(self):
        return {"received_by_name": self.cleaned_data["received_by_name"],
                "received_by_id_number": self.cleaned_data["received_by_id_number"].replace(" ", ""),
                "event_data": self.record}


FORMS = {"accept": AcceptForm, "forward": ForwardForm, "transfer": TransferForm, "apologize": ApologizeForm,
         "complete": CompleteForm, "receive_supplement": ReceiveSupplementForm, "return_result": ReturnResultForm}


# --- counter reception --------------------------------------------------------------------------

DECISION_LABELS = {
    "accept": ("Tiếp nhận hồ sơ", "Receive the dossier"),
    "request_completion": ("Yêu cầu bổ sung, hoàn thiện (Mẫu 02)", "Request completion (form 02)"),
    "refuse": ("Từ chối tiếp nhận (Mẫu 03)", "Refuse (form 03)"),
    "submit": ("Nộp hồ sơ cho bộ phận một cửa", "Submit to the reception desk"),
}


class ReceptionForm(forms.Form):
    """Walk-in applicant, documents and checklist (tiếp nhận nhanh), and the decision."""

    unit = forms.TypedChoiceField(label=vi_en("Đơn vị tiếp nhận", "Receiving unit"), coerce=int,
                                  error_messages=errors())
    applicant_kind = forms.ChoiceField(label=vi_en("Chủ hồ sơ là", "The applicant is"), widget=forms.RadioSelect,
                                       choices=[("citizen", vi_en("Công dân", "A citizen")),
                                                ("business", vi_en("Tổ chức, doanh nghiệp", "An organisation"))],
                                       initial="citizen", error_messages=errors())
    applicant_name = forms.CharField(label=vi_en("Họ tên / tên tổ chức", "Name"), max_length=200,
                                     error_messages=errors())
    applicant_id_number = forms.CharField(label=vi_en("Số định danh cá nhân / mã số thuế", "Personal ID / tax code"),
                                          max_length=20, error_messages=errors())
    applicant_phone = forms.CharField(label=vi_en("Điện thoại di động", "Mobile phone"), max_length=20, required=False)
    applicant_email = forms.EmailField(label=vi_en("Thư điện tử", "E-mail"), required=False, error_messages={
        "invalid": vi_en("Địa chỉ thư điện tử không hợp lệ", "invalid e-mail address")})
    applicant_address = forms.CharField(label=vi_en("Địa chỉ", "Address"), max_length=300, required=False)
    summary = forms.CharField(label=vi_en("Trích yếu", "Summary"), max_length=500, required=False)
    delivery = forms.ChoiceField(label=vi_en("Nhận kết quả", "Result delivery"), error_messages=errors(),
                                 choices=[("counter", vi_en("Tại quầy", "At the counter")),
                                          ("post", vi_en("Qua bưu chính", "By post")),
                                          ("electronic", vi_en("Bản điện tử", "Electronic copy"))])
    checklist = forms.TypedMultipleChoiceField(label=vi_en("Giấy tờ đã kiểm tra, đủ", "Documents checked"),
                                               coerce=int, required=False, widget=forms.CheckboxSelectMultiple,
                                               error_messages=errors())
    other_files = MultipleFileField(label=vi_en("Tệp khác", "Other files"), required=False)
    comment = forms.CharField(label=vi_en("Ghi chú / lý do", "Note / reasons"), max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    received_at = moment_field(vi_en("Nhập bù: thời điểm đã nhận hồ sơ giấy", "Back-fill: when the paper dossier "
                                                                             "was received"))
    paper_reason = forms.CharField(label=vi_en("Lý do nhập bù", "Reason for the back-fill"), max_length=300,
                                   required=False)
    ticket = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)
    decision = forms.ChoiceField(error_messages=errors())

    def __init__(self, *args, units, documents, decisions, **kwargs):
        super().__init__(*args, **kwargs)
        self.documents = documents
        self.fields["unit"].choices = [(u.pk, u.name) for u in units]
        self.fields["checklist"].choices = [(d.pk, d.name) for d in documents]
        self.fields["decision"].choices = [(d, vi_en(*DECISION_LABELS[d])) for d in decisions]
        for document in documents:
            self.fields[f"doc_{document.pk}"] = forms.FileField(label=document.name, required=False)

    def checklist_rows(self) -> list[dict]:
        """One row per required document: the tick, and the file input of its scan."""
        ticked = {str(v) for v in (self["checklist"].value() or [])}
        return [{"doc": d, "checked": str(d.pk) in ticked, "file": self[f"doc_{d.pk}"]} for d in self.documents]

    def document_files(self) -> list:
        """(uploaded file, RequiredDocument or None) for every file given."""
        pairs = [(self.cleaned_data.get(f"doc_{d.pk}"), d) for d in self.documents]
        pairs += [(f, None) for f in self.cleaned_data.get("other_files") or []]
        return [(f, d) for f, d in pairs if f]
