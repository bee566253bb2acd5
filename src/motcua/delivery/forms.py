"""Forms of the result pages. They only shape input; the rules answer with UserFacingError."""

from django import forms

from motcua.backoffice.i18n import vi_en

from .models import LockerSlot

REQUIRED = {"required": vi_en("Vui lòng nhập thông tin này", "this field is required"),
            "invalid_choice": vi_en("Lựa chọn không hợp lệ", "invalid choice")}


class ShipmentForm(forms.Form):
    recipient_name = forms.CharField(label=vi_en("Người nhận", "Recipient"), max_length=200, error_messages=REQUIRED)
    recipient_phone = forms.CharField(label=vi_en("Điện thoại người nhận", "Recipient's phone"), max_length=15,
                                      error_messages=REQUIRED)
    address = forms.CharField(label=vi_en("Địa chỉ nhận kết quả", "Delivery address"), max_length=300,
                              widget=forms.Textarea(attrs={"rows": 2}), error_messages=REQUIRED)

    @classmethod
    def for_dossier(cls, dossier, data=None):
        return cls(data, initial={"recipient_name": dossier.applicant_name, "recipient_phone": dossier.applicant_phone,
                                  "address": dossier.applicant_address})


class SlotChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, slot):
        return f"{slot.locker.name} — ô {slot}"


class PlacementForm(forms.Form):
    slot = SlotChoiceField(label=vi_en("Ô tủ", "Locker slot"), queryset=LockerSlot.objects.none(),
                           error_messages=REQUIRED)

    def __init__(self, *args, slots=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = slots
        self.fields["slot"].initial = slots.first() if slots is not None else None


class LockerScreenForm(forms.Form):
    """The locker screen: big inputs, nothing remembered by the browser."""

    dossier_code = forms.CharField(label=vi_en("Mã hồ sơ", "Dossier code"), max_length=40, error_messages=REQUIRED,
                                   widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters",
                                                                 "spellcheck": "false"}))
    code = forms.CharField(label=vi_en("Mã mở tủ (6 số, trong tin nhắn)", "Opening code (6 digits, in the SMS)"),
                           max_length=12, error_messages=REQUIRED,
                           # never written back into the page: the next person at the screen must not see it
                           widget=forms.PasswordInput(attrs={"autocomplete": "off", "inputmode": "numeric"}))
