"""Short messages to the applicant about their result, through the outbox (notifications.enqueue).

Each message has its own key (delivered at most once) and its own ordering key: these messages
depend on nothing else the dossier sends. Text is ASCII, like every SMS (decision 0007).
"""

from motcua.core.text import to_ascii
from motcua.notifications.services import enqueue


def sms(dossier, key: str, text: str) -> bool:
    """Queue ``text`` for the applicant's phone; False when the dossier has no phone number."""
    if not dossier.applicant_phone:
        return False
    key = f"delivery:{key}"
    enqueue("sms", key, key, 1, {"to": dossier.applicant_phone, "text": to_ascii(text)},
            recipient=dossier.applicant_phone)
    return True


def place_name(dossier) -> str:
    """Where the applicant collects a result at the counter."""
    centre = dossier.centre or dossier.unit.centres.order_by("pk").first()
    return centre.name if centre else dossier.unit.name
