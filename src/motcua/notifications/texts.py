"""What the applicant is told at each step (SMS and e-mail), in plain Vietnamese. Pure functions.

Links are absolute, on MOTCUA_PUBLIC_URL: the messages are written outside any request."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

TEXTS = {
    "submitted": "Ho so {procedure} cua ong/ba da duoc gui, dang cho tiep nhan.",
    "received": "Ho so {code} da duoc tiep nhan. Hen tra ket qua: {due}.",
    "awaiting_completion": "Ho so {procedure} can bo sung, hoan thien truoc khi tiep nhan: {comment}",
    "refused": "Ho so {procedure} khong duoc tiep nhan. Ly do: {comment}",
    "supplement_requested": "Ho so {code} can bo sung giay to: {comment}. Thoi gian bo sung khong tinh vao thoi han.",
    "fee_requested": "Ho so {code}: vui long nop phi, le phi de tiep tuc giai quyet. Xem so tien va nop tai: {pay}",
    "suspended": "Ho so {code} tam dung xu ly: {comment}",
    "stopped": "Ho so {code} da dung giai quyet. Ly do: {comment}",
    "withdrawn": "Ho so {ref} da duoc rut theo yeu cau.",
    "completed": "Ho so {code} da co ket qua. {delivery}",
    "returned": "Ho so {code} da tra ket qua. Moi ong/ba danh gia muc do hai long.",
    "apologize": "Xin loi ong/ba: ho so {code} chua giai quyet kip. Ngay hen tra moi: {due}. Ly do: {comment}",
}
DELIVERY = {
    "counter": "Moi ong/ba den quay tra ket qua.",
    "post": "Ket qua se duoc gui qua buu chinh.",
    "locker": "Ket qua se dat tai tu 24 gio; ma mo tu se gui rieng.",
    "electronic": "Ong/ba tai ket qua dien tu tren cong dich vu cong.",
}


def message_for(dossier, event) -> str | None:
    """The SMS text for this event, or None when the applicant need not be told.

    SMS text is ASCII (no diacritics): one 160-character segment instead of 70-character ones.
    """
    from motcua.core.text import to_ascii

    kind = "apologize" if event.action == "apologize" else event.to_state
    if kind not in TEXTS or (event.from_state == event.to_state and kind != "apologize"):
        return None
    due = timezone.localtime(dossier.due_at).strftime("%H:%M %d/%m/%Y") if dossier.due_at else ""
    pay = payment_url(dossier) if kind == "fee_requested" else ""
    text = TEXTS[kind].format(code=dossier.code or "", procedure=dossier.procedure.code, due=due,
                              comment=to_ascii(event.comment)[:120], ref=dossier.code or dossier.procedure.code,
                              delivery=DELIVERY.get(dossier.delivery, ""), pay=pay)
    return to_ascii(text)


def payment_url(dossier) -> str:
    """The dossier's payment page (amount, VietQR, other ways to pay): the link is the key to it."""
    return settings.MOTCUA_PUBLIC_URL.rstrip("/") + reverse("payments:pay", args=[dossier.public_id])
