"""Messages to people who rated or petitioned, through the outbox (delivery.notify.tell).

Links are absolute, on MOTCUA_PUBLIC_URL, since these are written outside any request.
"""

from django.conf import settings
from django.urls import reverse

from motcua.delivery.notify import tell


def absolute(path: str) -> str:
    return settings.MOTCUA_PUBLIC_URL.rstrip("/") + path


def tracking_url(petition) -> str:
    return absolute(reverse("feedback:track", args=[petition.public_id]))


def tell_sender(petition, action: str, text: str) -> None:
    key = f"feedback:{petition.public_id}:{action}:{petition.events.count()}"
    tell(key=key, phone=petition.sender_phone, email=petition.sender_email,
         subject=f"Phản ánh, kiến nghị {petition.code}", text=f"{text} Xem: {tracking_url(petition)}")
