"""Forms of the sign-in pages (messages in Vietnamese first, then English)."""

from django import forms


class CodeForm(forms.Form):
    """The 6-digit code of an authenticator app (mã xác thực)."""

    code = forms.RegexField(
        label="Mã xác thực (6 chữ số)", regex=r"^\s*\d{6}\s*$", max_length=12,
        error_messages={"invalid": "Mã xác thực gồm 6 chữ số / the code is 6 digits",
                        "required": "Hãy nhập mã xác thực / enter the code"},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def clean_code(self):
        return self.cleaned_data["code"].strip()
