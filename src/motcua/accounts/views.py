"""Sign in and out (đăng nhập, đăng xuất)."""

from django.contrib.auth import views as auth_views
from django.urls import reverse

from motcua.identity import levels

from .forms import LoginForm
from .models import User


class LoginView(auth_views.LoginView):
    """Staff land on the back office; citizens and businesses on the portal. Citizens may also sign
    in with VNeID (identity app); a password sign-in is assurance level 1."""

    template_name = "accounts/login.html"
    form_class = LoginForm

    def form_valid(self, form):
        response = super().form_valid(form)
        levels.remember(self.request, levels.BASIC, method="password")
        return response

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "expired": bool(self.request.GET.get("het-han"))}

    def get_default_redirect_url(self):
        if self.request.user.kind == User.Kind.STAFF:
            return reverse("backoffice:home")
        return reverse("portal:home")
