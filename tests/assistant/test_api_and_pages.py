import json

from motcua.assistant.conversation import State
from tests.factories import make_user

API = "/api/v1/assistant/ask"


def post(client, **body):
    return client.post(API, json.dumps(body), content_type="application/json")


def test_the_api_answers_without_sign_in_and_carries_the_conversation(client, catalogue):
    first = post(client, question="Bố tôi vừa mất, làm giấy báo tử thế nào?")
    assert first.status_code == 200
    data = first.json()
    assert data["kind"] == "answer" and data["procedure"]["code"] == "1.000656"
    assert data["candidates"][0]["code"] == "1.000656" and data["facts"][0]["source"]
    follow = post(client, question="còn lệ phí bao nhiêu?", token=data["token"]).json()
    assert follow["procedure"]["code"] == "1.000656" and [f["aspect"] for f in follow["facts"]] == ["fee"]


def test_a_forged_token_starts_a_new_conversation(client, catalogue):
    forged = State(code="1.000656").to_token()[:-3] + "abc"
    data = post(client, question="còn lệ phí bao nhiêu?", token=forged).json()
    assert data["procedure"] is None or data["kind"] != "answer" or data["candidates"]


def test_an_unknown_unit_is_refused_with_a_message(client, catalogue):
    response = post(client, question="đăng ký khai sinh", unit_code="X99.99")
    assert response.status_code == 422
    assert response.json()["message"] == "Không có đơn vị mã X99.99" and response.json()["field"] == "unit_code"


def test_questions_are_rate_limited_per_address(client, catalogue, settings):
    settings.MOTCUA_ASSISTANT_RATE = "2/60"
    assert post(client, question="khai sinh").status_code == 200
    assert post(client, question="khai sinh").status_code == 200
    limited = post(client, question="khai sinh")
    assert limited.status_code == 429 and limited.json()["code"] == "rate_limited"


def test_the_chat_page_works_without_javascript(client, catalogue):
    page = client.get("/tro-ly/")
    assert page.status_code == 200 and 'id="assistant-question"' in page.content.decode()
    answer = client.post("/tro-ly/", {"question": "Bố tôi vừa mất, làm giấy báo tử thế nào?"}).content.decode()
    assert "Thủ tục đăng ký khai tử" in answer and 'href="/thu-tuc/1.000656/"' in answer
    assert 'href="/ho-so/nop/1.000656/"' in answer and "Giấy báo tử hoặc giấy tờ thay thế giấy báo tử" in answer


def test_htmx_gets_the_exchange_and_the_next_token(client, catalogue):
    response = client.post("/tro-ly/", {"question": "đăng ký tạm trú"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html and 'hx-swap-oob="true"' in html and "Đăng ký tạm trú" in html


def test_a_procedure_that_cannot_be_submitted_online_has_no_submit_button(client, catalogue):
    html = client.post("/tro-ly/", {"question": "thủ tục 1.000419"}).content.decode()
    assert "/ho-so/nop/1.000419/" not in html and "Chưa nộp được trực tuyến" in html


def test_the_officer_panel_needs_a_staff_sign_in(client, catalogue, org):
    assert client.get("/nghiep-vu/tro-ly/").status_code == 302
    citizen = make_user("dan", province=org.province, kind="citizen")
    client.force_login(citizen)
    assert client.get("/nghiep-vu/tro-ly/").status_code == 403
    officer = make_user("canbo", province=org.province, role="reception", unit=org.commune_a)
    client.force_login(officer)
    html = client.post("/nghiep-vu/tro-ly/", {"question": "thủ tục 1.000656"}).content.decode()
    assert "Quy trình nội bộ" in html and "Bước 2: Thẩm định, xử lý hồ sơ" in html


def test_the_widget_renders_a_working_form(rf, catalogue):
    from django.template.loader import render_to_string

    html = render_to_string("assistant/_widget.html", {"unit_code": "H99.50"}, request=rf.get("/thu-tuc/"))
    assert 'hx-post="/tro-ly/"' in html and 'action="/tro-ly/"' in html
    assert 'name="unit_code" value="H99.50"' in html and "csrfmiddlewaretoken" in html
    assert 'role="log"' in html and 'for="assistant-question"' in html


def test_a_question_without_any_word_gets_an_answer_not_an_error(client, catalogue):
    response = post(client, question="?!… ---")
    assert response.status_code == 200
