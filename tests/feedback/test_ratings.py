"""Satisfaction ratings: after the result only, once per dossier, from the portal, an SMS link or the
counter's tablet; each names the unit and the officer who handed over the result."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from motcua.core.errors import UserFacingError
from motcua.feedback import ratings
from motcua.feedback.models import Rating, TabletInvitation
from motcua.notifications.models import OutboxMessage

from .conftest import finish

LIKE_ALL = {"overall": "like", "attitude": "like", "timeliness": "dislike", "guidance": "like"}


def test_rating_needs_the_result_returned(world, applicant):
    waiting = finish(world, applicant)
    with pytest.raises(UserFacingError, match="sau khi đã nhận kết quả"):
        ratings.rate(waiting, channel="portal", overall="like")


def test_one_rating_per_dossier_naming_unit_and_officer(returned, world):
    rating = ratings.rate(returned, channel="portal", comment="  Nhanh gọn  ", **LIKE_ALL)
    assert (rating.unit, rating.officer, rating.comment, rating.timeliness) == (
        world.org.commune_a, world.reception, "Nhanh gọn", "dislike")
    with pytest.raises(UserFacingError, match="đã được đánh giá"):
        ratings.rate(returned, channel="sms", overall="dislike")
    assert Rating.objects.count() == 1


def test_overall_verdict_is_required_aspects_are_not(returned):
    with pytest.raises(UserFacingError) as err:
        ratings.rate(returned, channel="portal", overall="")
    assert err.value.field == "overall"
    assert ratings.rate(returned, channel="portal", overall="dislike").attitude == ""


def test_returning_the_result_texts_a_signed_rating_link(returned, client):
    sms = OutboxMessage.objects.get(key=f"sms:rating:{returned.public_id}")
    url = sms.payload["text"].split(": ", 1)[1]
    path = url.removeprefix("http://localhost:8000")
    assert path.startswith("/y-kien/danh-gia/") and len(sms.payload["text"]) <= 160
    page = client.get(path)
    assert page.status_code == 200 and returned.code in page.content.decode()
    assert client.post(path, {"overall": "like", "attitude": "like"}).status_code == 200
    assert Rating.objects.get().channel == "sms"
    again = client.get(path).content.decode()  # single use: the link now only thanks
    assert "đã được đánh giá" in again and "<form" not in again.split("<main", 1)[1]


def test_forged_or_old_links_are_refused(returned, client, monkeypatch):
    import time

    token = ratings.link_token(returned)
    assert client.get(reverse("feedback:rate_link", args=[token[:-2] + "xx"])).status_code == 404
    month_ago = time.time() - 31 * 24 * 3600
    monkeypatch.setattr("django.core.signing.time.time", lambda: month_ago)
    old = ratings.link_token(returned)
    monkeypatch.undo()
    assert ratings.dossier_for_token(token) == returned and ratings.dossier_for_token(old) is None
    assert client.get(reverse("feedback:rate_link", args=[old])).status_code == 404


def test_portal_rating_is_for_the_owner(returned, world, client):
    url = reverse("feedback:rate_own", args=[returned.public_id])
    client.force_login(world.reception)
    assert client.get(url).status_code == 404
    client.force_login(world.citizen)
    assert client.post(url, LIKE_ALL).status_code == 200
    assert Rating.objects.get().channel == "portal"


def test_counter_tablet(returned, world, client):
    counter = world.org.counters[0]
    token = ratings.tablet_token(counter)
    url = reverse("feedback:tablet", args=[token])
    assert "Xin cảm ơn" in client.get(url).content.decode()  # idle
    ratings.invite_at_counter(counter, returned, world.reception)
    page = client.get(url).content.decode()
    assert returned.code in page and "Gửi đánh giá" in page
    client.post(url, {"overall": "dislike", "attitude": "dislike"})
    rating = Rating.objects.get()
    assert (rating.channel, rating.officer, rating.overall) == ("tablet", world.reception, "dislike")
    assert TabletInvitation.objects.get().closed_at is not None
    assert "Xin cảm ơn" in client.get(url).content.decode()  # back to idle
    assert client.get(reverse("feedback:tablet", args=[token + "x"])).status_code == 404


def test_tablet_invitations_expire(returned, world, settings):
    counter = world.org.counters[0]
    invitation = ratings.invite_at_counter(counter, returned, world.reception)
    later = timezone.now() + timedelta(minutes=settings.MOTCUA_TABLET_WAIT_MINUTES)
    assert ratings.waiting_at(counter) == invitation and ratings.waiting_at(counter, now=later) is None


def test_tablet_of_another_unit_is_refused(returned, world):
    from motcua.organizations.models import Centre, Counter

    centre_b = Centre.objects.create(unit=world.org.commune_b, code="h99-51", name="Trung tâm xã Hòa Lạc")
    with pytest.raises(UserFacingError, match="Quầy không thuộc"):
        ratings.invite_at_counter(Counter.objects.create(centre=centre_b, number=1, name="Quầy 1"), returned,
                                  world.reception)
