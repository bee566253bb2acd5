"""A citizen looks up a procedure: live search, filters, the detail page and the printable sheet."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.catalog.catalogue_samples import make_birth_registration_details, make_catalogue

ARTIFACTS = Path("test-artifacts")


@pytest.fixture
def catalogue(transactional_db):
    made = make_catalogue()
    make_birth_registration_details(made["1.001193"])
    ARTIFACTS.mkdir(exist_ok=True)
    return made


def results(page):
    return page.locator("#results .result-name")


def test_live_search_then_open_and_print_a_procedure(live_server, page, catalogue):
    page.goto(live_server.url + "/thu-tuc/")
    page.evaluate("window.stillSamePage = true")  # survives only if htmx swaps, not a reload
    page.get_by_label("Bạn cần làm thủ tục gì?").press_sequentially("dang ky khai sinh", delay=30)
    expect(results(page).first).to_have_text("Thủ tục đăng ký khai sinh")
    expect(page).to_have_url(re.compile(r"/thu-tuc/\?q=dang\+ky\+khai\+sinh$"))
    assert page.evaluate("window.stillSamePage") is True
    expect(page.locator("#results mark").first).to_have_text("đăng")
    page.screenshot(path=str(ARTIFACTS / "catalog-search.png"), full_page=True)

    results(page).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thủ tục đăng ký khai sinh")
    submit = page.get_by_role("link", name="Nộp hồ sơ trực tuyến")
    expect(submit).to_have_attribute("href", "/ho-so/nop/1.001193/")
    expect(page.get_by_text("8.000 đồng")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "catalog-detail.png"), full_page=True)

    page.get_by_role("link", name="Bản in để niêm yết").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thủ tục đăng ký khai sinh")
    expect(page.locator(".sheet-qr svg")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "catalog-print.png"), full_page=True)
    page.emulate_media(media="print")
    expect(page.locator(".print-toolbar")).to_be_hidden()
    page.pdf(path=str(ARTIFACTS / "catalog-print.pdf"), format="A4", prefer_css_page_size=True)


def test_filters_update_results_and_code_search(live_server, page, catalogue):
    page.goto(live_server.url + "/thu-tuc/")
    page.get_by_text("Lọc theo lĩnh vực, cấp, nơi tiếp nhận").click()
    page.get_by_label("Cấp thực hiện").select_option(label="Cấp bộ")
    expect(results(page)).to_have_count(1)
    expect(results(page).first).to_contain_text("lữ hành quốc tế")
    expect(page).to_have_url(re.compile(r"/thu-tuc/\?level=ministry$"))
    page.screenshot(path=str(ARTIFACTS / "catalog-filters.png"), full_page=True)
    page.get_by_label("Cấp thực hiện").select_option(value="")
    page.get_by_label("Bạn cần làm thủ tục gì?").fill("1.002804")
    expect(results(page)).to_have_count(1)
    expect(results(page).first).to_have_text("Cấp lại giấy phép lái xe")


def test_search_works_without_javascript(live_server, browser, catalogue):
    context = browser.new_context(java_script_enabled=False, locale="vi-VN")
    page = context.new_page()
    page.goto(live_server.url + "/thu-tuc/")
    page.get_by_label("Bạn cần làm thủ tục gì?").fill("DANG KY KET HON")
    page.get_by_role("button", name="Tìm").click()
    page.wait_for_url("**/thu-tuc/?q=DANG+KY+KET+HON*")
    expect(results(page).first).to_have_text("Thủ tục đăng ký kết hôn")
    context.close()


def test_detail_page_on_a_phone(live_server, page, catalogue):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/thu-tuc/1.001193/")
    expect(page.get_by_role("link", name="Nộp hồ sơ trực tuyến")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "catalog-detail-phone.png"), full_page=True)
