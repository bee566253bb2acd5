from django.apps import AppConfig


class AuditConfig(AppConfig):
    """Kiểm tra, giám sát: the read log of personal data and the masking of application logs."""

    name = "motcua.audit"
    verbose_name = "Nhật ký truy cập dữ liệu cá nhân"
