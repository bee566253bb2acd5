"""Public lookup (tra cứu): code + last 4 digits; no personal data; no enumeration; rate limits."""

import json
import re

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from motcua.dossiers import services
from motcua.portal.lookup import RateLimited, checked_lookup, lookup

from .conftest import at

pytestmark = pytest.mark.django_db
URL = "/tra-cuu/"


@pytest.fixture
def received(world, citizen):
    applicant = services.Applicant(name="Nguyễn Văn An", id_number="001098012345", phone="0912345678",
                                   address="12 Lê Lợi, phường An Bình", email="an@example.vn")
    d = services.create(procedure=world.procedure, unit=world.org.commune_a, channel="online", applicant=applicant,
                        actor=citizen, owner=citizen, submit=True, now=at(2026, 3, 2, 7, 50))
    d = services.perform(d, "accept", world.reception, now=at(2026, 3, 2, 8, 0))
    d = services.perform(d, "forward", world.reception, now=at(2026, 3, 2, 8, 20))
    return services.perform(d, "request_supplement", world.specialist, now=at(2026, 3, 3, 9, 0),
                            comment="Anh Nguyễn Văn An bổ sung giấy chứng sinh")


def ask(client, code, factor, **extra):
    return client.post(URL, {"code": code, "factor": factor}, **extra)


@pytest.mark.parametrize("factor", ["5678", "2345"])  # phone 0912345678, ID 001098012345
def test_the_right_factor_shows_status_step_unit_due_date_and_history(client, received, factor):
    response = ask(client, "h99.50-260302-0001 ", factor)  # typed in lower case, with a stray space
    page = response.content.decode()
    assert response.status_code == 200
    for text in ("H99.50-260302-0001", "Đăng ký khai sinh", "Chờ công dân bổ sung hồ sơ", "Nguyễn V. A.",
                 "Thẩm định", "Phường An Bình", "Thứ 2, 09/03/2026 lúc 08:00", "đang tạm dừng tính thời gian",
                 "Hồ sơ đã được tiếp nhận", "Cơ quan giải quyết đề nghị bổ sung giấy tờ"):
        assert text in page, text


def test_no_personal_data_is_ever_shown(client, received):
    page = ask(client, "H99.50-260302-0001", "5678").content.decode()
    for secret in ("Nguyễn Văn An", "001098012345", "0912345678", "5678", "Lê Lợi", "an@example.vn",
                   "bổ sung giấy chứng sinh"):  # the officer's comment names the applicant
        assert secret not in page, secret


def test_unknown_code_and_wrong_factor_look_exactly_the_same(client, received):
    def answer(code, factor):
        with CaptureQueriesContext(connection) as queries:
            response = ask(client, code, factor)
        page = response.content.decode().replace(code, "CODE")
        page = re.sub(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")\w+', "", page)  # differs per response
        return response.status_code, page, [q["sql"] for q in queries.captured_queries if "dossiers_" in q["sql"]]

    wrong = answer("H99.50-260302-0001", "1111")
    unknown = answer("H99.50-260302-0009", "5678")
    assert wrong[0] == unknown[0] == 200
    assert wrong[1] == unknown[1]
    assert "Không tìm thấy hồ sơ với mã và 4 chữ số này" in wrong[1]
    assert len(wrong[2]) == len(unknown[2]) == 1  # one query for the dossier either way


def test_badly_formed_input_is_explained(client, received):
    response = ask(client, "khai sinh", "12a4")
    errors = response.context["form"].errors
    assert errors["code"] == ["Mã hồ sơ không đúng dạng, ví dụ: H15.50-251203-0001"]
    assert errors["factor"] == ["Cần đúng 4 chữ số"]


def test_a_draft_has_no_code_and_cannot_be_looked_up(world, citizen, applicant):
    services.create(procedure=world.procedure, unit=world.org.commune_a, channel="online", applicant=applicant,
                    actor=citizen, owner=citizen)
    assert lookup("", "5678") is None


def test_the_code_on_a_receipt_link_is_filled_in(client):
    page = client.get(URL + "?ma=H99.50-260302-0001").content.decode()
    assert 'value="H99.50-260302-0001"' in page


def test_ten_tries_per_address_then_429(client, received, settings):
    settings.MOTCUA_LOOKUP_RATE_PER_CODE = "100/3600"
    for n in range(10):
        assert ask(client, f"H99.50-260302-{n + 10:04d}", "1111").status_code == 200
    response = ask(client, "H99.50-260302-0001", "5678")  # even the right answer waits
    assert response.status_code == 429
    assert "Bạn đã thử quá nhiều lần. Vui lòng thử lại sau ít phút." in response.content.decode()
    assert ask(client, "H99.50-260302-0001", "5678", REMOTE_ADDR="10.0.0.2").status_code == 200


def test_five_wrong_factors_lock_the_code_for_every_address(client, received):
    for n in range(5):
        assert ask(client, "H99.50-260302-0001", f"{n:04d}", REMOTE_ADDR=f"10.0.1.{n}").status_code == 200
    assert ask(client, "H99.50-260302-0001", "5678", REMOTE_ADDR="10.0.2.1").status_code == 429
    assert ask(client, "H99.50-260302-0002", "5678", REMOTE_ADDR="10.0.2.1").status_code == 200  # another code


def test_unknown_codes_are_locked_too_so_locking_reveals_nothing(client, received):
    for n in range(5):
        ask(client, "H99.50-260302-0777", f"{n:04d}", REMOTE_ADDR=f"10.0.1.{n}")
    assert ask(client, "H99.50-260302-0777", "5678", REMOTE_ADDR="10.0.2.1").status_code == 429


def test_right_answers_do_not_use_up_the_code_limit(client, received):
    for n in range(8):
        assert ask(client, "H99.50-260302-0001", "5678", REMOTE_ADDR=f"10.0.3.{n}").status_code == 200


def test_behind_a_proxy_the_forwarded_address_is_limited(client, received, settings):
    settings.MOTCUA_TRUSTED_PROXY_HOPS = 1
    settings.MOTCUA_LOOKUP_RATE_PER_IP = "2/600"
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    for _ in range(2):
        ask(client, "H99.50-260302-0001", "5678", HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)
    assert ask(client, "H99.50-260302-0001", "5678", HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy).status_code == 429
    assert ask(client, "H99.50-260302-0001", "5678", HTTP_X_FORWARDED_FOR="203.0.113.8", **proxy).status_code == 200


def test_the_function_for_the_api_returns_json_ready_data(received):
    result = lookup("H99.50-260302-0001", "2345")
    assert result["applicant"] == "Nguyễn V. A." and result["national_status"] == 5
    assert result["current_step"] == "Thẩm định" and result["is_paused"] is True
    assert [item["text"] for item in result["history"]] == [
        "Hồ sơ đã được gửi, chờ cán bộ tiếp nhận", "Hồ sơ đã được tiếp nhận",
        "Hồ sơ được chuyển sang bước: Thẩm định",
        "Cơ quan giải quyết đề nghị bổ sung giấy tờ; thời gian giải quyết tạm dừng"]
    encoded = json.loads(json.dumps(result, cls=DjangoJSONEncoder))
    assert encoded["due_at"] == "2026-03-09T01:00:00Z"  # 08:00 in Việt Nam
    assert not {"applicant_phone", "applicant_id_number", "applicant_address"} & set(encoded)
    assert lookup("H99.50-260302-0001", "0000") is None


def test_checked_lookup_raises_when_limited(received, settings):
    settings.MOTCUA_LOOKUP_RATE_PER_IP = "1/600"
    assert checked_lookup("H99.50-260302-0001", "2345", "192.0.2.1")["code"] == "H99.50-260302-0001"
    with pytest.raises(RateLimited):
        checked_lookup("H99.50-260302-0001", "2345", "192.0.2.1")


def test_lookup_page_is_never_cached(client):
    assert "no-cache" in client.get(reverse("portal:lookup"))["Cache-Control"]
