"""An administrator records a province's day off in the admin (Quản trị → Lịch làm việc)."""

from datetime import date

from motcua.accounts.models import User
from motcua.workdays.models import DayOverride
from motcua.workdays.services import calendar_for_unit


def test_admin_records_a_day_off(live_server, page, org):
    User.objects.create_superuser("quantri", "qt@example.gov.vn", "Mat-khau-2026!")
    page.goto(live_server.url + "/quan-tri/login/?next=/quan-tri/workdays/dayoverride/add/")
    page.get_by_label("Tên đăng nhập").fill("quantri")
    page.get_by_label("Mật khẩu").fill("Mat-khau-2026!")
    page.get_by_role("button", name="Đăng nhập").click()

    page.get_by_label("Tỉnh/thành phố").select_option(label=org.province.name)
    page.locator("#id_date").fill("23/11/2026")  # day/month/year, as Vietnamese write it
    page.get_by_label("Lý do").fill("Nghỉ bù dịp Ngày Văn hóa Việt Nam theo quyết định của UBND")
    page.screenshot(path="test-artifacts/workdays-admin-add.png", full_page=True)
    page.get_by_role("button", name="Lưu lại", exact=True).click()

    row = page.locator("#result_list tbody tr").first
    assert "Thứ Hai" in row.inner_text() and "Nghỉ bù dịp Ngày Văn hóa" in row.inner_text()
    page.screenshot(path="test-artifacts/workdays-admin-list.png", full_page=True)
    override = DayOverride.objects.get()
    assert (override.date, override.is_working_day) == (date(2026, 11, 23), False)
    assert not calendar_for_unit(org.commune_a).is_working_day(date(2026, 11, 23))
