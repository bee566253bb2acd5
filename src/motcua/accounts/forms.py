"""Sign-in form with the messages people read (Vietnamese first, then English)."""

from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    error_messages = {
        # The template shows each line on its own: Vietnamese first, English below.
        "invalid_login": "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý chữ hoa, chữ thường.\n"
                         "Wrong username or password (both are case-sensitive).",
        "inactive": "Tài khoản đã bị khóa. Hãy liên hệ quản trị đơn vị.\nThis account is disabled.",
    }
