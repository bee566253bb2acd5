"""An administrator finds an imported procedure in the admin, checks its fees and import issues, fixes a level."""

from playwright.sync_api import expect

from motcua.accounts.models import User
from motcua.catalog import services
from motcua.catalog.importer.formats import from_national
from motcua.catalog.models import Procedure
from tests.catalog.test_import_parsers import BIRTH, DRIVING_LICENCE, NATIONAL


def test_admin_reviews_an_imported_procedure(live_server, page):
    User.objects.create_superuser("quantri", "qt@example.gov.vn", "Mat-khau-2026!")
    services.save_procedures([
        from_national({**NATIONAL, "cach_thuc_thuc_hien": BIRTH}),
        from_national({**NATIONAL, "ma_thu_tuc": "3.000347", "ten_thu_tuc": "Đổi giấy phép lái xe",
                       "cap_thuc_hien": "Cấp tỉnh", "linh_vuc": "Đường bộ", "cach_thuc_thuc_hien": DRIVING_LICENCE}),
    ])
    page.goto(live_server.url + "/quan-tri/login/?next=/quan-tri/catalog/procedure/")
    page.get_by_label("Tên đăng nhập").fill("quantri")
    page.get_by_label("Mật khẩu").fill("Mat-khau-2026!")
    page.get_by_role("button", name="Đăng nhập").click()

    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(2)
    page.get_by_role("link", name="Có vấn đề").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("1.001193")
    page.goto(live_server.url + "/quan-tri/catalog/procedure/")
    page.locator("#searchbar").fill("doi giay phep lai xe")
    page.locator("#searchbar").press("Enter")
    page.wait_for_url("**q=doi+giay+phep+lai+xe")
    expect(rows).to_have_count(1)
    page.screenshot(path="test-artifacts/catalog-admin-list.png", full_page=True)

    page.get_by_role("link", name="3.000347").click()
    fees = page.locator("#fees-group")
    expect(fees.locator("input[value='135000']")).to_have_count(1)
    expect(fees.locator("input[value='115000']")).to_have_count(1)
    page.get_by_label("Cấp xã").check()
    page.screenshot(path="test-artifacts/catalog-admin-change.png", full_page=True)
    page.get_by_role("button", name="Lưu lại", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("thành công")
    assert Procedure.objects.get(code="3.000347").levels == "province commune"
