"""Sign-in form with the messages people read (Vietnamese first, then English)."""

from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from motcua.identity import lockout


class LoginForm(AuthenticationForm):
    error_messages = {
        # The template shows each line on its own: Vietnamese first, English below.
        "invalid_login": "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý chữ hoa, chữ thường.\n"
                         "Wrong username or password (both are case-sensitive).",
        "inactive": "Tài khoản đã bị khóa. Hãy liên hệ quản trị đơn vị.\nThis account is disabled.",
    }

    def clean(self):
        """A locked username or address hears how long to wait, before and after the try that locks it."""
        username, address = self.cleaned_data.get("username") or "", lockout.client_ip(self.request)
        self._refuse_if_locked(username, address)
        try:
            return super().clean()
        except ValidationError:
            self._refuse_if_locked(username, address)
            raise

    def _refuse_if_locked(self, username, address):
        wait = lockout.locked_for(username, address)
        if wait:
            raise ValidationError(lockout.locked_message(wait), code="locked")
