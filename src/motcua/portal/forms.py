"""Portal forms. They check what can be checked without the database (file types by their bytes,
required answers); the dossier services check the rest and their errors are shown by field."""

from django import forms
from django.conf import settings
from django.utils.translation import get_language

from motcua.core.errors import UserFacingError
from motcua.dossiers import services, uploads
from motcua.dossiers.models import ApplicantKind, Delivery
from motcua.organizations.models import Unit

from .rules import is_dossier_code, missing_documents, needs_address, normalise_code
from .submission import DraftData, Upload

ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"


def say(vi: str, en: str) -> str:
    """The message in the active language: Vietnamese unless the person chose English."""
    return en if (get_language() or "vi").startswith("en") else vi


def error_text(error) -> str:
    """A UserFacingError or IllegalTransition in the active language."""
    return say(error.message_vi, error.message_en)


def show_error(form: forms.Form, error) -> None:
    """Put a service's error next to the field it names, or at the top of the form."""
    field = getattr(error, "field", None)
    form.add_error(field if field in form.fields else None, error_text(error))


def document_field(pk: int) -> str:
    return f"doc_{pk}"


def _required(vi: str, en: str) -> dict:
    return {"required": say(vi, en)}


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, unit):
        return unit.name  # people know their ward by name; the code means nothing to them


class DocumentFiles(forms.Form):
    """One file input per document of the procedure; reads and checks the chosen files."""

    OTHER = "doc_other"

    def add_document_fields(self, documents, *, other: bool = False):
        """``other``: one more input for a paper the list does not name (e.g. asked for in a supplement)."""
        self.documents = list(documents)
        for document in self.documents:
            self.fields[document_field(document.pk)] = forms.FileField(
                required=False, label=document.name, widget=forms.FileInput(attrs={"accept": ACCEPT}))
        if other:
            self.fields[self.OTHER] = forms.FileField(
                required=False, label=say("Giấy tờ khác, ngoài danh sách trên", "Another paper, not listed above"),
                widget=forms.FileInput(attrs={"accept": ACCEPT}))

    def checked_uploads(self) -> list[Upload]:
        """The chosen files as Uploads; a file that is not a real PDF/JPEG/PNG is an error on its field."""
        fields = [(document_field(d.pk), d) for d in self.documents]
        if self.OTHER in self.fields:
            fields.append((self.OTHER, None))
        chosen = [self._checked(field, document) for field, document in fields]
        return [upload for upload in chosen if upload]

    def _checked(self, field: str, document) -> Upload | None:
        file = self.cleaned_data.get(field)
        if not file:
            return None
        # Read one byte past the limit: enough for the size check, never a whole huge file.
        content = file.read(settings.MOTCUA_MAX_ATTACHMENT_BYTES + 1)
        try:
            uploads.check(content, file.name)
        except UserFacingError as error:
            self.add_error(field, error_text(error))
            return None
        return Upload(document=document, name=file.name, content=content)


class SubmissionForm(DocumentFiles):
    """Nộp hồ sơ trực tuyến: where, who, which papers, how to receive the result."""

    def __init__(self, procedure, *args, attached_document_ids=frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.procedure, self.attached_document_ids = procedure, set(attached_document_ids)
        self.submitting = self.data.get("action") == "submit"
        self.fields["unit"] = UnitChoiceField(
            Unit.objects.filter(procedures__procedure=procedure, procedures__is_enabled=True, is_active=True)
            .order_by("name"), label=say("Nơi nộp hồ sơ", "Where to submit"),
            empty_label=say("— Chọn nơi nộp —", "— Choose where to submit —"),
            error_messages={**_required("Vui lòng chọn nơi nộp hồ sơ", "please choose where to submit"),
                            "invalid_choice": say("Nơi nộp này không tiếp nhận thủ tục",
                                                  "this unit does not receive the procedure")})
        self.fields["applicant_kind"] = forms.ChoiceField(
            choices=ApplicantKind.choices, widget=forms.RadioSelect, label=say("Người đứng tên là", "The applicant is"),
            initial=ApplicantKind.CITIZEN)
        self.fields["applicant_name"] = forms.CharField(
            max_length=200, label=say("Họ và tên (hoặc tên tổ chức)", "Full name (or organisation)"),
            error_messages=_required("Vui lòng nhập họ tên", "please enter the name"))
        self.fields["applicant_id_number"] = forms.CharField(
            max_length=20, label=say("Số định danh cá nhân (12 số trên CCCD) hoặc mã số thuế",
                                     "Personal ID number (12 digits) or tax code"),
            widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            error_messages=_required("Vui lòng nhập số định danh hoặc mã số thuế", "please enter the ID number"))
        self.fields["applicant_phone"] = forms.CharField(
            max_length=20, label=say("Số điện thoại di động", "Mobile phone"),
            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel", "type": "tel"}),
            error_messages=_required("Vui lòng nhập số điện thoại để cán bộ liên hệ khi cần",
                                     "please enter a phone number"))
        self.fields["applicant_email"] = forms.EmailField(
            required=False, label=say("Thư điện tử (không bắt buộc)", "E-mail (optional)"),
            error_messages={"invalid": say("Địa chỉ thư điện tử không hợp lệ", "invalid e-mail address")})
        self.fields["applicant_address"] = forms.CharField(
            required=False, max_length=300, label=say("Địa chỉ liên hệ", "Address"),
            widget=forms.TextInput(attrs={"autocomplete": "street-address"}))
        self.fields["delivery"] = forms.ChoiceField(
            choices=Delivery.choices, widget=forms.RadioSelect, initial=Delivery.COUNTER,
            label=say("Bạn muốn nhận kết quả thế nào?", "How do you want to receive the result?"),
            error_messages=_required("Vui lòng chọn cách nhận kết quả", "please choose how to receive the result"))
        self.add_document_fields(procedure.documents.all())

    def clean(self):
        data = super().clean()
        self.uploads = self.checked_uploads()
        if needs_address(data.get("delivery", "")) and not data.get("applicant_address", "").strip():
            self.add_error("applicant_address", say("Nhận kết quả qua bưu chính cần địa chỉ nhận",
                                                    "delivery by post needs an address"))
        if self.submitting:
            provided = self.attached_document_ids | {u.document.pk for u in self.uploads}
            for document in missing_documents(self.documents, provided):
                if not self.has_error(document_field(document.pk)):
                    self.add_error(document_field(document.pk),
                                   say("Cần tải lên giấy tờ này để nộp hồ sơ", "this document is needed to submit"))
        return data

    def draft_data(self) -> DraftData:
        data = self.cleaned_data
        applicant = services.Applicant(
            name=data["applicant_name"], id_number=data["applicant_id_number"], kind=data["applicant_kind"],
            phone=data["applicant_phone"], email=data["applicant_email"], address=data["applicant_address"])
        return DraftData(unit=data["unit"], applicant=applicant, delivery=data["delivery"])


def initial_from_account(user) -> dict:
    """Prefill the applicant from the signed-in account (họ tên, số định danh, điện thoại, email)."""
    kind = ApplicantKind.BUSINESS if user.kind == "business" else ApplicantKind.CITIZEN
    return {"applicant_kind": kind, "applicant_name": user.full_name, "applicant_id_number": user.personal_id,
            "applicant_phone": user.phone, "applicant_email": user.email}


def initial_from_dossier(dossier) -> dict:
    return {"unit": dossier.unit_id, "applicant_kind": dossier.applicant_kind, "applicant_name": dossier.applicant_name,
            "applicant_id_number": dossier.applicant_id_number, "applicant_phone": dossier.applicant_phone,
            "applicant_email": dossier.applicant_email, "applicant_address": dossier.applicant_address,
            "delivery": dossier.delivery}


class SupplementForm(DocumentFiles):
    """Nộp bổ sung: the missing papers, and a note for the officer."""

    def __init__(self, procedure, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_document_fields(procedure.documents.all(), other=True)
        self.fields["note"] = forms.CharField(
            required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
            label=say("Lời nhắn cho cán bộ (không bắt buộc)", "Note for the officer (optional)"))

    def clean(self):
        data = super().clean()
        self.uploads = self.checked_uploads()  # none at all is refused by submission.supplement
        return data


class WithdrawForm(forms.Form):
    """Rút hồ sơ: a reason is optional, the confirmation is not."""

    reason = forms.CharField(required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class LookupForm(forms.Form):
    """Tra cứu hồ sơ: the code on the receipt and the last 4 digits of the phone or ID number."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"] = forms.CharField(
            max_length=40, label=say("Mã hồ sơ (in trên giấy tiếp nhận)", "Dossier code (on your receipt)"),
            widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters",
                                          "placeholder": "H15.50-251203-0001"}),
            error_messages=_required("Vui lòng nhập mã hồ sơ", "please enter the dossier code"))
        self.fields["factor"] = forms.CharField(
            max_length=4, min_length=4,
            label=say("4 số cuối điện thoại hoặc số định danh của người nộp",
                      "Last 4 digits of the applicant's phone or ID number"),
            widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "pattern": "[0-9]{4}"}),
            error_messages={"required": say("Vui lòng nhập 4 chữ số", "please enter 4 digits"),
                            "min_length": say("Cần đúng 4 chữ số", "exactly 4 digits are needed"),
                            "max_length": say("Cần đúng 4 chữ số", "exactly 4 digits are needed")})

    def clean_code(self):
        code = normalise_code(self.cleaned_data["code"])
        if not is_dossier_code(code):
            raise forms.ValidationError(say("Mã hồ sơ không đúng dạng, ví dụ: H15.50-251203-0001",
                                            "the dossier code looks wrong, e.g. H15.50-251203-0001"))
        return code

    def clean_factor(self):
        factor = self.cleaned_data["factor"].strip()
        if not factor.isdigit():
            raise forms.ValidationError(say("Cần đúng 4 chữ số", "exactly 4 digits are needed"))
        return factor
