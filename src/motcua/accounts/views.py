"""Sign in and out (đăng nhập, đăng xuất)."""

from django.contrib.auth import views as auth_views
from django.urls import reverse

from .forms import LoginForm
from .models import User


class LoginView(auth_views.LoginView):
    """Staff land on the back office; citizens and businesses on the portal."""

    template_name = "accounts/login.html"
    form_class = LoginForm

    def get_default_redirect_url(self):
        if self.request.user.kind == User.Kind.STAFF:
            return reverse("backoffice:home")
        return reverse("portal:home")
