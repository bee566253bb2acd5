"""A level-2-only procedure: a citizen signed in at level 1 is told why, signs in again at level 2
through the simulated VNeID, and comes back to the page."""

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from tests.fixtures_dossiers import make_procedure
from tests.identity.oidc_helpers import PASSWORD, make_citizen

pytestmark = pytest.mark.urls("tests.identity.level2_urls")


def _vneid(page, personal_id):
    page.get_by_label("Số định danh cá nhân").fill(personal_id)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def test_level_1_is_sent_to_sign_in_again_at_level_2(live_server, page, settings, transactional_db, org):
    settings.MOTCUA_PUBLIC_URL = live_server.url
    settings.MOTCUA_ENABLE_DEMO_PLUGINS = True
    cache.clear()
    procedure = make_procedure("1.001193", "Đăng ký khai sinh", [org.commune_a])
    procedure.requires_verified_identity = True
    procedure.save()
    make_citizen("079301004567", "Lê Thị Cúc", level=1)
    make_citizen("001199012345", "Nguyễn Văn Bình", level=2)
    target = f"{live_server.url}/thu-muc-2/1.001193/"

    page.goto(f"{live_server.url}/tai-khoan/vneid/?next=/thu-muc-2/1.001193/")
    _vneid(page, "079301004567")
    page.wait_for_url(target)
    expect(page.get_by_role("heading", name="Cần tài khoản định danh điện tử mức 2")).to_be_visible()
    page.screenshot(path="test-artifacts/identity-needs-level2.png", full_page=True)

    page.get_by_role("link", name="Đăng nhập bằng VNeID mức 2").click()
    expect(page.get_by_label("Số định danh cá nhân")).to_be_visible()  # asked again, not signed in silently
    _vneid(page, "001199012345")
    page.wait_for_url(target)
    expect(page.get_by_text("Được nộp: Đăng ký khai sinh")).to_be_visible()
