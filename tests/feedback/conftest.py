"""Feedback fixtures: the shared dossier world, petition helpers and a returned dossier."""

import pytest
from django.core.cache import cache

from motcua.feedback import petitions
from motcua.feedback.models import Petition
from motcua.workdays.services import clear_calendar_cache
from tests.delivery.conftest import finish  # noqa: F401  (a dossier at the return desk)


@pytest.fixture(autouse=True)
def _fresh(db, settings, tmp_path):
    cache.clear()
    clear_calendar_cache()
    settings.MEDIA_ROOT = tmp_path / "media"


def send(world, *, at=None, about="procedure", content="Thủ tục đăng ký khai sinh yêu cầu quá nhiều giấy tờ",
         phone="0912345678", **extra):
    kind = Petition.Kind.QUESTION if about == "question" else Petition.Kind.FEEDBACK
    classification = "procedure" if about == "question" else about
    return petitions.submit(unit=extra.pop("unit", world.org.commune_a), kind=kind, classification=classification,
                            content=content, source=extra.pop("source", "online"),
                            sender=petitions.Sender("Trần Văn Bình", phone, ""), now=at, **extra)


@pytest.fixture
def manager(world):
    """The centre manager of the commune: handles its petitions."""
    from tests.factories import make_user

    user = make_user("quanly", province=world.org.province, role=world.org.Role.CENTRE_MANAGER,
                     unit=world.org.commune_a, full_name="Phạm Quản Lý")
    user.roles.update(centre=world.org.centre)
    return user


@pytest.fixture
def returned(world, applicant):
    """A dossier whose result was handed over at the counter."""
    from motcua.dossiers import services

    dossier = finish(world, applicant, owner=world.citizen)
    return services.perform(dossier, "return_result", world.reception, received_by_name="Nguyễn Văn An",
                            received_by_id_number="001098012345")
