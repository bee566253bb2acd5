from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "motcua.identity"
    verbose_name = "Định danh và đăng nhập"

    def ready(self):
        from . import lockout

        lockout.connect_signals()
