"""Satisfaction ratings (đánh giá mức độ hài lòng) of a dossier, once its result is returned.

Three ways in, one rating per dossier: the applicant's portal page, a signed single-use link in an
SMS sent when the result is returned, or the counter's tablet, where the officer who just handed
over the result invites the applicant in front of them. The rating names the dossier's receiving
unit and the officer who handed over the result (else the one who received the dossier).
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from motcua.core.errors import UserFacingError
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.workflow import State

from . import notify
from .models import Rating, TabletInvitation, Verdict

ASPECTS = ("attitude", "timeliness", "guidance")
_SALT = "motcua.feedback.rating"


def officer_for(dossier: Dossier):
    """The person who handed over the result, or who received the dossier (a person, not the system)."""
    for action in ("return_result", "accept"):
        event = (DossierEvent.objects.filter(dossier=dossier, action=action, actor__isnull=False)
                 .select_related("actor").order_by("-seq").first())
        if event:
            return event.actor
    return None


@transaction.atomic
def rate(dossier: Dossier, *, channel: str, overall: str, comment: str = "", officer=None, now=None,
         **aspects) -> Rating:
    """Record the applicant's rating; refused before the result is returned, or a second time."""
    if dossier.state != State.RETURNED:
        raise UserFacingError("Chỉ đánh giá được sau khi đã nhận kết quả", "rate after receiving the result",
                              code="not_returned")
    verdicts = {"overall": overall, **{a: aspects.get(a, "") for a in ASPECTS}}
    for name, value in verdicts.items():
        if value not in Verdict.values and (name == "overall" or value):
            raise UserFacingError("Chọn hài lòng hoặc không hài lòng", "choose like or dislike", field=name)
    try:
        with transaction.atomic():
            rating = Rating.objects.create(
                dossier=dossier, unit_id=dossier.unit_id, officer=officer or officer_for(dossier), channel=channel,
                comment=(comment or "").strip()[:1000], created_at=now or timezone.now(), **verdicts)
    except IntegrityError:
        raise UserFacingError("Hồ sơ này đã được đánh giá. Cảm ơn ông/bà!", "this dossier has already been rated",
                              code="already_rated") from None
    TabletInvitation.objects.filter(dossier=dossier, closed_at__isnull=True).update(closed_at=rating.created_at)
    return rating


# --- the SMS link --------------------------------------------------------------------------------

def link_token(dossier: Dossier) -> str:
    return signing.TimestampSigner(salt=_SALT).sign(str(dossier.pk))


def dossier_for_token(token: str) -> Dossier | None:
    """The dossier a rating link names, or None when the link is forged or too old."""
    try:
        pk = signing.TimestampSigner(salt=_SALT).unsign(token, max_age=timedelta(days=settings.MOTCUA_RATING_LINK_DAYS))
    except signing.BadSignature:
        return None
    return Dossier.objects.select_related("procedure", "unit").filter(pk=pk).first()


def invite_by_sms(dossier: Dossier) -> None:
    """Called when the result is returned: the applicant's phone gets the rating link."""
    if dossier.applicant_phone and dossier.parent_id is None:
        url = notify.absolute(reverse("feedback:rate_link", args=[link_token(dossier)]))
        notify.tell(key=f"rating:{dossier.public_id}", phone=dossier.applicant_phone,
                    text=f"Moi ong/ba danh gia muc do hai long voi ho so {dossier.code}: {url}")


# --- the counter tablet --------------------------------------------------------------------------

def invite_at_counter(counter, dossier: Dossier, officer, *, now=None) -> TabletInvitation:
    """Show the rating form for ``dossier`` on ``counter``'s tablet for MOTCUA_TABLET_WAIT_MINUTES."""
    now = now or timezone.now()
    if dossier.state != State.RETURNED or hasattr(dossier, "rating"):
        raise UserFacingError("Hồ sơ chưa trả kết quả hoặc đã được đánh giá", "not returned yet, or already rated")
    if counter.centre.unit_id not in (dossier.unit_id, dossier.current_unit_id):
        raise UserFacingError("Quầy không thuộc đơn vị của hồ sơ", "the counter is not the dossier's unit's",
                              field="counter")
    return TabletInvitation.objects.create(counter=counter, dossier=dossier, invited_by=officer, created_at=now,
                                           expires_at=now + timedelta(minutes=settings.MOTCUA_TABLET_WAIT_MINUTES))


def waiting_at(counter, *, now=None) -> TabletInvitation | None:
    """The invitation the counter's tablet shows now: the latest one still open."""
    now = now or timezone.now()
    return (TabletInvitation.objects.filter(counter=counter, closed_at__isnull=True, expires_at__gt=now)
            .select_related("dossier__procedure", "invited_by").order_by("-created_at").first())


def tablet_token(counter) -> str:
    """The tablet's address key: set up once per counter, it lets that screen show invitations."""
    return signing.Signer(salt=f"{_SALT}.tablet").sign(str(counter.pk))


def counter_for_token(token: str):
    from motcua.organizations.models import Counter

    try:
        pk = signing.Signer(salt=f"{_SALT}.tablet").unsign(token)
    except signing.BadSignature:
        return None
    return Counter.objects.select_related("centre").filter(pk=pk).first()
