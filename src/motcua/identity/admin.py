from django import forms
from django.contrib import admin

from .models import SimulatedCitizen


class SimulatedCitizenForm(forms.ModelForm):
    new_password = forms.CharField(label="Mật khẩu mới", required=False, widget=forms.PasswordInput,
                                   help_text="Để trống: giữ mật khẩu cũ / empty: keep the current one")

    class Meta:
        model = SimulatedCitizen
        fields = ["personal_id", "full_name", "birth_date", "level"]

    def save(self, commit=True):
        citizen = super().save(commit=False)
        if self.cleaned_data["new_password"]:
            citizen.set_password(self.cleaned_data["new_password"])
        if commit:
            citizen.save()
        return citizen


@admin.register(SimulatedCitizen)
class SimulatedCitizenAdmin(admin.ModelAdmin):
    """Only superusers manage the simulator's identities (it is a demo device, not a unit's data)."""

    form = SimulatedCitizenForm
    list_display = ["personal_id", "full_name", "birth_date", "level"]
    search_fields = ["personal_id", "full_name"]

    def has_module_permission(self, request):
        return request.user.is_superuser
