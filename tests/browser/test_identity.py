"""Signing in as a person would: a citizen through the simulated VNeID, a leader setting up and using
the second factor, and the wait shown after too many wrong passwords."""

import re

import pytest
from django.core.cache import cache
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from motcua.accounts.models import Role, User
from tests.factories import make_user
from tests.identity.oidc_helpers import PASSWORD as VNEID_PASSWORD
from tests.identity.oidc_helpers import make_citizen

STAFF_PASSWORD = "Mat-khau-2026!"


@pytest.fixture
def site(live_server, settings, transactional_db):
    settings.MOTCUA_PUBLIC_URL = live_server.url
    settings.MOTCUA_OIDC_ISSUER = ""
    settings.MOTCUA_ENABLE_DEMO_PLUGINS = True
    cache.clear()
    return live_server.url


def test_citizen_signs_in_with_vneid(site, page):
    make_citizen("001199012345", "Nguyễn Văn Bình", level=2)
    page.goto(f"{site}/tai-khoan/dang-nhap/?next=/ho-so/cua-toi/")
    page.screenshot(path="test-artifacts/identity-login.png", full_page=True)
    page.get_by_role("link", name="Đăng nhập bằng VNeID").click()
    expect(page.get_by_role("note")).to_contain_text("MÔ PHỎNG")
    page.get_by_label("Số định danh cá nhân").fill("001199012345")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("alert")).to_contain_text("Số định danh hoặc mật khẩu không đúng")
    page.screenshot(path="test-artifacts/identity-vneid-simulator.png", full_page=True)
    page.get_by_label("Mật khẩu").fill(VNEID_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{site}/ho-so/cua-toi/")
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()
    page.screenshot(path="test-artifacts/identity-vneid-signed-in.png", full_page=True)
    assert User.objects.get(personal_id="001199012345").kind == User.Kind.CITIZEN


def test_leader_sets_up_the_second_factor(site, page, org, settings):
    settings.MOTCUA_TWO_FACTOR_ROLES = ["leader", "admin", "superuser"]
    leader = make_user("lanhdao", province=org.province, role=Role.LEADER, unit=org.commune_a, full_name="Phạm Thu Hà")
    page.goto(f"{site}/tai-khoan/dang-nhap/?next=/nghiep-vu/ho-so/")
    page.get_by_label("Tên đăng nhập").fill("lanhdao")
    page.get_by_label("Mật khẩu").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    expect(page.get_by_role("heading", name="Cài đặt xác thực hai yếu tố")).to_be_visible()
    expect(page.locator(".totp-qr svg")).to_be_visible()
    page.screenshot(path="test-artifacts/identity-2fa-enrol.png", full_page=True)
    device = TOTPDevice.objects.get(user=leader)
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    page.get_by_label("Mã xác thực (6 chữ số)").fill(code)
    page.get_by_role("button", name="Hoàn tất cài đặt").click()
    page.wait_for_url(re.compile(r".*/nghiep-vu/ho-so/$"))
    page.screenshot(path="test-artifacts/identity-2fa-done.png", full_page=True)


def test_the_wait_is_shown_after_too_many_wrong_passwords(site, page, org, settings):
    settings.MOTCUA_LOGIN_LOCKOUT_PER_USER = "3/600"
    make_user("tiepnhan", province=org.province, role=Role.RECEPTION, unit=org.commune_a)
    page.goto(f"{site}/tai-khoan/dang-nhap/")
    for _ in range(3):
        page.get_by_label("Tên đăng nhập").fill("tiepnhan")
        page.get_by_label("Mật khẩu").fill("sai-mat-khau")
        page.get_by_role("button", name="Đăng nhập", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Vui lòng thử lại sau 10 phút")
    page.screenshot(path="test-artifacts/identity-lockout.png", full_page=True)


def test_a_sign_in_that_cannot_be_trusted_is_explained(site, page):
    page.goto(f"{site}/tai-khoan/vneid/ve/?code=abc&state=khong-ro")
    expect(page.get_by_role("alert")).to_contain_text("Phiên đăng nhập không hợp lệ hoặc đã quá hạn")
    expect(page.get_by_role("link", name="Đăng nhập lại bằng VNeID")).to_be_visible()
    page.screenshot(path="test-artifacts/identity-sign-in-failed.png", full_page=True)
