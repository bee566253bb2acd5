from django.apps import AppConfig


class PerfConfig(AppConfig):
    """Đo hiệu năng: the ``seed`` command that loads a province of synthetic dossiers."""

    name = "motcua.perf"
    verbose_name = "Hiệu năng"
