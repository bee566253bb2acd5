"""Messages to people who rated or petitioned, through the outbox (notifications.enqueue).

SMS text is ASCII (decision 0007); links are absolute, on MOTCUA_PUBLIC_URL, since these are
written outside any request. Every message has its own key and ordering key.
"""

from django.conf import settings
from django.urls import reverse

from motcua.core.text import to_ascii
from motcua.notifications.services import enqueue


def absolute(path: str) -> str:
    return settings.MOTCUA_PUBLIC_URL.rstrip("/") + path


def tracking_url(petition) -> str:
    return absolute(reverse("feedback:track", args=[petition.public_id]))


def tell(*, key: str, phone: str = "", email: str = "", subject: str = "", text: str) -> None:
    """Queue ``text`` by SMS and/or e-mail, to whichever of the two the person gave."""
    if phone:
        enqueue("sms", f"sms:{key}", f"sms:{key}", 1, {"to": phone, "text": to_ascii(text)}, recipient=phone)
    if email:
        enqueue("email", f"email:{key}", f"email:{key}", 1, {"to": email, "subject": subject, "text": text},
                recipient=email)


def tell_sender(petition, action: str, text: str) -> None:
    key = f"feedback:{petition.public_id}:{action}:{petition.events.count()}"
    tell(key=key, phone=petition.sender_phone, email=petition.sender_email,
         subject=f"Phản ánh, kiến nghị {petition.code}", text=f"{text} Xem: {tracking_url(petition)}")
