"""Short messages to the applicant about their result, through the outbox (notifications.enqueue).

Each message has its own key (delivered at most once) and its own ordering key: these messages
depend on nothing else the dossier sends. Text is ASCII, like every SMS (decision 0007).
"""

from motcua.core.text import to_ascii
from motcua.notifications.services import enqueue


def tell(*, key: str, phone: str = "", email: str = "", subject: str = "", text: str) -> None:
    """Queue ``text`` by SMS (ASCII) and/or e-mail, to whichever of the two the person gave."""
    if phone:
        enqueue("sms", f"sms:{key}", f"sms:{key}", 1, {"to": phone, "text": to_ascii(text)}, recipient=phone)
    if email:
        enqueue("email", f"email:{key}", f"email:{key}", 1, {"to": email, "subject": subject, "text": text},
                recipient=email)


def sms(dossier, key: str, text: str) -> None:
    """Queue ``text`` for the applicant's phone, if the dossier has one."""
    tell(key=f"delivery:{key}", phone=dossier.applicant_phone, text=text)


def place_name(dossier) -> str:
    """Where the applicant collects a result at the counter."""
    centre = dossier.centre or dossier.unit.centres.order_by("pk").first()
    return centre.name if centre else dossier.unit.name
