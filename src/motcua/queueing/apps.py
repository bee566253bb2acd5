from django.apps import AppConfig


class QueueingConfig(AppConfig):
    name = "motcua.queueing"
    verbose_name = "Xếp hàng, gọi số"
