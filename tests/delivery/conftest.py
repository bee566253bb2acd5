"""Delivery fixtures: the shared dossier world, a dossier with its result ready at the return desk,
and a 24-hour locker with four slots at the commune's centre."""

from types import SimpleNamespace

import pytest
from django.core.cache import cache

from motcua.delivery.models import Locker, LockerSlot
from motcua.dossiers import services
from motcua.dossiers.workflow import State
from motcua.notifications.models import OutboxMessage

PDF = b"%PDF-1.4\n1 0 obj << /Type /Page >> endobj\n%%EOF\n"


@pytest.fixture(autouse=True)
def _fresh(db, settings, tmp_path):
    cache.clear()  # rate limits and the locker simulator's doors live in the cache
    settings.MEDIA_ROOT = tmp_path / "media"


def finish(world, applicant, *, delivery="counter", owner=None, result=True, at=None):
    """A dossier received, processed and signed: its result waits at the return desk (status 9)."""
    d = services.create(procedure=world.procedure, unit=world.org.commune_a, channel="direct", applicant=applicant,
                        actor=world.reception, submitted_via="counter", delivery=delivery, owner=owner,
                        submit=True, now=at)
    d.applicant_address = "Số 12 đường Lê Lợi, phường An Bình, tỉnh Thử Nghiệm"
    d.save(update_fields=["applicant_address"])
    d = services.perform(d, "accept", world.reception, now=at)
    d = services.perform(d, "forward", world.reception, now=at)
    d = services.perform(d, "forward", world.specialist, now=at)
    d = services.perform(d, "complete", world.leader, result_summary="Giấy khai sinh", now=at)
    if result:
        services.attach(d, PDF, "giay-khai-sinh.pdf", actor=world.leader, kind="result")
    assert d.state == State.COMPLETED
    return d


@pytest.fixture
def ready(world, applicant):
    return finish(world, applicant)


@pytest.fixture
def locker(world):
    box = Locker.objects.create(centre=world.org.centre, code="an-binh-1", name="Tủ 24h An Bình",
                                location="Sảnh tầng 1")
    slots = [LockerSlot.objects.create(locker=box, number=n, label=f"A{n:02d}") for n in range(1, 5)]
    return SimpleNamespace(box=box, slots=slots)


def sms_texts(phone="0912345678") -> list[str]:
    return [m.payload["text"] for m in OutboxMessage.objects.filter(channel="sms", recipient=phone).order_by("pk")]


def code_from_sms() -> str:
    """The one-time code in the latest locker SMS (as the citizen reads it)."""
    import re

    text = next(t for t in reversed(sms_texts()) if "Ma mo tu" in t)
    return re.search(r"Ma mo tu: (\d{6})", text).group(1)
