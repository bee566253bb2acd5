"""Portal fixtures: the shared dossier world plus required documents and a signed-in citizen."""

from types import SimpleNamespace

import pytest
from django.core.cache import cache

from motcua.catalog.models import RequiredDocument
from tests.fixtures_dossiers import at, make_procedure  # noqa: F401  (re-exported for tests here)

PASSWORD = "Mat-khau-2026!"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Each test stores files in its own folder, so 'no file left' can be checked."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def _fresh_limits(db):
    cache.clear()  # cached calendars and figures; rate counters go with the test's transaction


@pytest.fixture
def docs(world):
    """The birth registration's papers: two always required, one only in a case, one optional."""
    p = world.procedure
    return SimpleNamespace(
        form=RequiredDocument.objects.create(procedure=p, name="Tờ khai đăng ký khai sinh", position=0),
        birth=RequiredDocument.objects.create(procedure=p, name="Giấy chứng sinh", position=1),
        proxy=RequiredDocument.objects.create(procedure=p, name="Văn bản ủy quyền", position=2,
                                              case="Trường hợp ủy quyền"),
        extra=RequiredDocument.objects.create(procedure=p, name="Bản sao giấy tờ tùy thân của người đi khai",
                                              is_required=False, position=3),
    )


@pytest.fixture
def citizen(world):
    user = world.citizen
    user.personal_id, user.phone, user.email = "001098012345", "0912345678", "an@example.vn"
    user.save()
    return user


@pytest.fixture
def citizen_client(client, citizen):
    client.force_login(citizen)
    return client


def stored_files(media_root) -> list:
    return sorted(p for p in media_root.rglob("*") if p.is_file()) if media_root.exists() else []
