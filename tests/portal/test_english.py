"""Labels defined in Python (states, filters, badges) follow the reader's language on the pages,
while official forms stay Vietnamese whatever language the officer reads the site in."""

import re
from datetime import date
from io import BytesIO

import pytest
from django.conf import settings
from django.utils import translation

from motcua.dossiers import services
from motcua.dossiers.forms import register_xlsx

from .conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def processing(world, applicant):
    d = services.create(procedure=world.procedure, unit=world.org.commune_a, channel="direct", applicant=applicant,
                        actor=world.reception, submitted_via="counter", submit=True, now=at(2026, 3, 2, 8, 0))
    d = services.perform(d, "accept", world.reception, now=at(2026, 3, 2, 8, 0))
    return services.perform(d, "forward", world.reception, now=at(2026, 3, 2, 8, 20))


def badge(html: str) -> str:
    return re.search(r'class="badge badge-lg [^"]*">([^<]+)<', html)[1]


def test_lookup_shows_the_state_in_the_readers_language(client, english, processing):
    form = {"code": processing.code, "factor": "5678"}
    assert badge(english.post("/tra-cuu/", form).content.decode()) == "Being processed"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    assert badge(client.post("/tra-cuu/", form).content.decode()) == "Đang xử lý"


def test_search_filters_and_online_badges_in_english(english, world):
    html = english.get("/thu-tuc/").content.decode()
    for text in ("All levels", "Commune level", "Any level", "Fully online",
                 "Fully online public service"):
        assert text in html, text
    for text in ("Tất cả các cấp", "Cấp xã", "Mọi mức độ", "Toàn trình", "Dịch vụ công trực tuyến toàn trình"):
        assert text not in html, text


def test_the_official_register_stays_vietnamese_for_an_english_reader(world, applicant, processing):
    d = services.perform(processing, "forward", world.specialist, now=at(2026, 3, 3, 10, 0))
    d = services.perform(d, "complete", world.leader, now=at(2026, 3, 4, 9, 0), result_summary="Giấy khai sinh")
    services.perform(d, "return_result", world.reception, now=at(2026, 3, 5, 14, 0),
                     received_by_name="Nguyễn Văn An", received_by_id_number="001098012345")
    from openpyxl import load_workbook

    with translation.override("en"):
        book = load_workbook(BytesIO(register_xlsx(world.org.commune_a, date(2026, 3, 1), date(2026, 3, 31))))
        assert translation.get_language() == "en"  # the reader's language is back afterwards
    cells = " | ".join(str(c.value) for row in book.active.iter_rows() for c in row if c.value)
    assert "Đã trả kết quả; Trước hạn" in cells
    assert "Early" not in cells
