"""No way to enumerate dossier codes or applicants: the public lookup answers an unknown code and a
wrong second factor alike, and its limits hold across the page and the API (they share one count)."""

import json

import pytest
from django.core.cache import cache

from motcua.dossiers import services
from tests.fixtures_dossiers import make_procedure
from tests.factories import make_user


@pytest.fixture
def known_code(org):
    procedure = make_procedure("1.001193", "Đăng ký khai sinh", [org.commune_a])
    officer = make_user("tiepnhan", province=org.province, role=org.Role.RECEPTION, unit=org.commune_a)
    dossier = services.create(procedure=procedure, unit=org.commune_a, channel="direct", actor=officer, submit=True,
                              submitted_via="counter", applicant=services.Applicant(
                                  name="Nguyễn Văn An", id_number="001098012345", phone="0912345678"))
    dossier = services.perform(dossier, "accept", officer)  # received: the code is given
    cache.clear()
    return dossier.code


def _api(client, code, factor, address):
    return client.post("/api/v1/lookup", json.dumps({"code": code, "factor": factor}),
                       content_type="application/json", REMOTE_ADDR=address)


def test_unknown_code_and_wrong_factor_look_the_same(client, known_code):
    unknown = _api(client, known_code[:-4] + "0000", "5678", "10.1.0.1")
    wrong = _api(client, known_code, "0000", "10.1.0.2")
    assert (unknown.status_code, unknown.json()) == (wrong.status_code, wrong.json()) and unknown.status_code == 404
    right = _api(client, known_code, "5678", "10.1.0.3")
    assert right.status_code == 200 and right.json()["applicant"] == "Nguyễn V. A."  # masked


def test_page_and_api_share_the_address_limit(client, known_code, settings):
    settings.MOTCUA_LOOKUP_RATE_PER_IP = "4/600"
    for _ in range(2):
        page = client.post("/tra-cuu/", {"code": known_code, "factor": "5678"}, REMOTE_ADDR="10.2.0.1")
        assert page.status_code == 200
        assert _api(client, known_code, "5678", "10.2.0.1").status_code == 200
    assert _api(client, known_code, "5678", "10.2.0.1").status_code == 429
    assert client.post("/tra-cuu/", {"code": known_code, "factor": "5678"}, REMOTE_ADDR="10.2.0.1").status_code == 429


def test_guessing_one_dossiers_factor_stops_whatever_the_address(client, known_code, settings):
    settings.MOTCUA_LOOKUP_RATE_PER_CODE = "3/3600"
    for n in range(3):
        assert _api(client, known_code, f"{n:04d}", f"10.3.0.{n}").status_code == 404
    assert _api(client, known_code, "5678", "10.3.0.99").status_code == 429  # even the right factor waits
