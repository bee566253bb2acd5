from django.core.mail import send_mail

from motcua.notifications.base import BaseChannel, TransientError
from motcua.notifications.registry import register


@register("django-email")
class DjangoEmail(BaseChannel):
    """E-mail through Django's configured backend (SMTP in production, console in the demo)."""

    verbose_name = "Thư điện tử"

    def send(self, message):
        p = message.payload
        try:
            send_mail(p["subject"], p["text"], None, [p["to"]], fail_silently=False)
        except OSError as exc:  # SMTP connection problems: try again later
            raise TransientError(str(exc)) from exc
