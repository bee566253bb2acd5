"""Signing in: a demo officer reaches the back office and sees their role; a wrong password is
explained in Vietnamese; a province administrator edits a commune's working hours in the admin."""

import re

import pytest
from playwright.sync_api import expect

from motcua.demo.loader import load_demo
from motcua.organizations.models import Unit

PASSWORD = "SenVang@2026"


@pytest.fixture
def demo(db):
    load_demo(PASSWORD)


def _sign_in(page, url, username, password):
    page.goto(url)
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def test_demo_officer_signs_in_and_sees_role(live_server, page, demo):
    page.goto(live_server.url + "/tai-khoan/dang-nhap/")
    page.screenshot(path="test-artifacts/login.png", full_page=True)
    _sign_in(page, live_server.url + "/tai-khoan/dang-nhap/", "tiepnhan.hosen", PASSWORD)
    page.wait_for_url(re.compile(r".*/nghiep-vu/$"))
    expect(page.get_by_text("Cán bộ một cửa").first).to_be_visible()
    expect(page.get_by_text("Phường Hồ Sen").first).to_be_visible()
    page.screenshot(path="test-artifacts/login-backoffice.png", full_page=True)


def test_wrong_password_is_explained(live_server, page, demo):
    _sign_in(page, live_server.url + "/tai-khoan/dang-nhap/", "tiepnhan.hosen", "mat-khau-sai")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Tên đăng nhập hoặc mật khẩu không đúng.")
    expect(page.get_by_label("Tên đăng nhập")).to_have_value("tiepnhan.hosen")
    assert page.url.endswith("/tai-khoan/dang-nhap/")
    page.screenshot(path="test-artifacts/login-wrong-password.png", full_page=True)


def test_province_admin_sets_working_hours(live_server, page, demo):
    _sign_in(page, live_server.url + "/quan-tri/login/?next=/quan-tri/organizations/unit/", "quantri.tinh", PASSWORD)
    page.wait_for_url(re.compile(r".*/quan-tri/organizations/unit/$"))
    expect(page.locator("#result_list")).to_contain_text("H99.52")
    page.get_by_role("link", name="H99.52").click()
    hours = page.get_by_label("Giờ làm việc")
    hours.fill('[["13:30", "11:30"]]')
    page.get_by_role("button", name="Lưu lại", exact=True).click()
    expect(page.locator(".errorlist")).to_contain_text("Giờ bắt đầu phải trước giờ kết thúc")
    page.screenshot(path="test-artifacts/admin-unit-hours-error.png", full_page=True)
    page.get_by_label("Giờ làm việc").fill('[["07:30", "11:30"], ["13:00", "17:00"]]')
    page.get_by_role("button", name="Lưu lại", exact=True).click()
    expect(page.locator(".messagelist")).to_be_visible()
    page.screenshot(path="test-artifacts/admin-unit-list.png", full_page=True)
    assert Unit.objects.get(code="H99.52").working_periods == [["07:30", "11:30"], ["13:00", "17:00"]]
