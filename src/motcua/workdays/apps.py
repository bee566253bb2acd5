from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "motcua.workdays"
    verbose_name = "Lịch làm việc"

    def ready(self):
        from . import services  # noqa: F401  (connects the signals that invalidate cached calendars)
