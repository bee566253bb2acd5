"""The virtual assistant in a real browser, phone first: ask in the chat, get a grounded answer
with its source, ask a follow-up, start the online submission from the answer; the officer panel."""

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from motcua.assistant import engine
from tests.assistant.catalogue import make_catalogue
from tests.portal.conftest import PASSWORD, citizen, docs  # noqa: F401  (fixtures)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SHOTS = "test-artifacts/assistant-"


@pytest.fixture(autouse=True)
def _assistant(settings, tmp_path, db):
    settings.MOTCUA_ASSISTANT_EMBEDDINGS = False
    settings.MOTCUA_ASSISTANT_CACHE_DIR = str(tmp_path)
    cache.clear()
    engine.reset()
    yield
    engine.reset()


@pytest.fixture
def catalogue(world, docs):  # noqa: F811
    """The dossier world's birth registration (1.001193, with its papers) among a dozen others."""
    return make_catalogue(skip=(world.procedure.code,))


def ask(page, question):
    page.get_by_label("Bạn cần làm thủ tục gì?").fill(question)
    page.get_by_role("button", name="Hỏi", exact=True).click()


def test_citizen_asks_gets_a_sourced_answer_follows_up_and_starts_a_submission(live_server, page, catalogue,
                                                                                citizen):  # noqa: F811
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/tro-ly/")
    ask(page, "Vợ tôi mới sinh em bé, làm giấy khai sinh cho con cần những gì?")
    answer = page.locator("article[data-kind=answer]").last
    expect(answer.get_by_role("heading", name="Đăng ký khai sinh")).to_be_visible()
    expect(answer.get_by_text("Giấy chứng sinh")).to_be_visible()
    expect(answer.get_by_role("link", name="trang thủ tục 1.001193")).to_have_attribute("href", "/thu-tuc/1.001193/")
    expect(page.get_by_label("Bạn cần làm thủ tục gì?")).to_have_value("")  # ready for the next question

    ask(page, "còn lệ phí bao nhiêu?")  # follow-up: the same procedure, only its fee
    follow = page.locator("article[data-kind=answer]").nth(1)
    expect(follow.get_by_role("heading", name="Đăng ký khai sinh")).to_be_visible()
    expect(follow.get_by_role("heading", name="Phí, lệ phí")).to_be_visible()
    expect(follow.get_by_role("heading", name="Hồ sơ cần nộp")).to_have_count(0)
    page.screenshot(path=f"{SHOTS}chat-phone.png", full_page=True)
    page.set_viewport_size(DESKTOP)
    page.screenshot(path=f"{SHOTS}chat.png", full_page=True)
    page.set_viewport_size(PHONE)

    follow.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    page.get_by_label("Tên đăng nhập").fill("congdan")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(f"{live_server.url}/ho-so/nop/1.001193/")
    expect(page.get_by_role("heading", name="Nộp hồ sơ trực tuyến")).to_be_visible()


def test_level_variants_are_asked_about_and_a_choice_answers(live_server, page, catalogue):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/tro-ly/")
    ask(page, "Thẻ căn cước bị mờ ảnh muốn đổi thẻ mới")
    clarify = page.locator("article[data-kind=clarify]")
    expect(clarify.get_by_text("Bạn nộp hồ sơ ở đâu?")).to_be_visible()
    page.screenshot(path=f"{SHOTS}clarify-phone.png", full_page=True)
    clarify.get_by_role("button", name="Cấp đổi thẻ căn cước (1.014063 · Cấp xã)").click()
    answer = page.locator("article[data-kind=answer]")
    expect(answer.get_by_role("heading", name="Cấp đổi thẻ căn cước")).to_be_visible()
    expect(answer.get_by_text("Trực tiếp: 7 ngày làm việc")).to_be_visible()


def test_officer_panel_shows_the_internal_process(live_server, page, catalogue, world):
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/nghiep-vu/tro-ly/")
    page.get_by_label("Tên đăng nhập").fill(world.reception.username)
    page.get_by_label("Mật khẩu").fill("Mat-khau-2026!")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Trợ lý nghiệp vụ")).to_be_visible()
    page.get_by_label("Câu hỏi nghiệp vụ (thủ tục, quy trình, mẫu đơn)").fill("người dân đến báo tử cho bố")
    page.get_by_role("button", name="Hỏi", exact=True).click()
    answer = page.locator("article[data-kind=answer]")
    expect(answer.get_by_role("heading", name="Quy trình nội bộ")).to_be_visible()
    expect(answer.get_by_text("Bước 1: Tiếp nhận hồ sơ — 0,5 giờ làm việc")).to_be_visible()
    page.screenshot(path=f"{SHOTS}officer.png", full_page=True)
    expect(answer.get_by_role("link", name="Tiếp nhận hồ sơ")).to_have_attribute("href", "/nghiep-vu/tiep-nhan/1.000656/")
