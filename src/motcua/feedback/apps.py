from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "motcua.feedback"
    verbose_name = "Đánh giá, phản ánh, kiến nghị"

    def ready(self):
        from motcua.dossiers.signals import dossier_changed

        from .receivers import invite_rating

        dossier_changed.connect(invite_rating, dispatch_uid="feedback_invite_rating")
