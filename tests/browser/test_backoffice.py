"""Back-office pages in a real browser: home tiles, inbox tabs and filters (htmx), keyboard use,
and the procedure picker of the counter reception page."""

import re
from datetime import timedelta
from io import BytesIO

from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from tests.fixtures_dossiers import make_procedure

from tests.backoffice.pages import log_in


def _received(world, applicant, procedure=None, days_ago=0):
    when = timezone.now() - timedelta(days=days_ago)
    d = services.create(procedure=procedure or world.procedure, unit=world.org.commune_a, channel="direct",
                        applicant=applicant, actor=world.reception, submitted_via="counter", submit=True, now=when)
    return services.perform(d, "accept", world.reception, now=when)


def test_inbox_tabs_filters_and_keyboard(live_server, page, world, applicant):
    marriage = make_procedure("1.000894", "Đăng ký kết hôn", [world.org.commune_a])
    badly, late = _received(world, applicant, days_ago=40), _received(world, applicant, days_ago=9)
    soon, calm = _received(world, applicant), _received(world, applicant, marriage)
    Dossier.objects.filter(pk=soon.pk).update(due_at=timezone.now() + timedelta(minutes=90))
    services.create(procedure=world.procedure, unit=world.org.commune_a, channel="online", applicant=applicant,
                    owner=world.citizen, submit=True)

    log_in(page, live_server, world.reception, "/nghiep-vu/")
    expect(page.locator(".bo-tile-overdue .bo-tile-count")).to_have_text("2")
    expect(page.locator(".bo-tile-reception .bo-tile-count")).to_have_text("1")
    page.screenshot(path="test-artifacts/backoffice-home.png", full_page=True)

    page.locator(".bo-tile-mine").click()
    rows = page.locator(".bo-table tbody tr")
    expect(rows).to_have_count(4)
    codes = [badly.code, late.code, soon.code, calm.code]
    expect(page.locator(".bo-table a.bo-code")).to_have_text(codes)  # by due moment, oldest first
    expect(rows.nth(0).locator(".due")).to_have_class("due due-badly_overdue")
    expect(rows.nth(2).locator(".due")).to_have_class("due due-soon")
    page.screenshot(path="test-artifacts/backoffice-inbox-mine.png", full_page=True)

    page.get_by_label("Thủ tục", exact=True).select_option(label="1.000894 — Đăng ký kết hôn")
    expect(page).to_have_url(re.compile(r"procedure=\d+"))  # htmx pushed the filter into the address
    expect(page.locator(".bo-table a.bo-code")).to_have_text([calm.code])
    page.locator(".bo-tabs").get_by_role("link", name=re.compile("Quá hạn")).click()
    expect(page.locator(".bo-empty")).to_be_visible()  # the filter holds across tabs
    page.get_by_label("Thủ tục", exact=True).select_option(label="—")
    expect(page.locator(".bo-table a.bo-code")).to_have_text([badly.code, late.code])
    assert "tab=overdue" in page.url

    page.locator("body").click(position={"x": 5, "y": 300})
    page.keyboard.press("j")
    page.keyboard.press("j")
    expect(page.locator(".bo-table a.bo-code").nth(1)).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("h1 .bo-code")).to_have_text(late.code)
    expect(page.locator(".bo-chips .due")).to_have_class("due due-overdue")


def test_reception_picker_searches_without_diacritics(live_server, page, world):
    make_procedure("1.000894", "Đăng ký kết hôn", [world.org.commune_a])
    log_in(page, live_server, world.reception, "/nghiep-vu/tiep-nhan/?ticket=B-007")
    expect(page.locator(".bo-procedures li")).to_have_count(2)
    page.get_by_label("Thủ tục (mã hoặc tên, gõ không dấu cũng được)").fill("ket hon")
    expect(page.locator(".bo-procedures li")).to_have_count(1)
    page.screenshot(path="test-artifacts/backoffice-reception-pick.png", full_page=True)
    page.get_by_role("link", name="1.000894 Đăng ký kết hôn").click()
    expect(page.locator("input[name=ticket]")).to_have_value("B-007")
    page.get_by_role("button", name="Tiếp nhận hồ sơ").click()
    expect(page.locator(".msg-error")).to_contain_text("kiểm tra các ô có thông báo lỗi")
    expect(page.locator("#id_applicant_name-error")).to_contain_text("Vui lòng nhập thông tin này")
    page.screenshot(path="test-artifacts/backoffice-reception-errors.png", full_page=True)
    assert not Dossier.objects.exists()


def test_register_download(live_server, page, world, applicant):
    d = _received(world, applicant)
    log_in(page, live_server, world.leader, "/nghiep-vu/so-theo-doi/")
    page.screenshot(path="test-artifacts/backoffice-register.png", full_page=True)
    with page.expect_download() as download:
        page.get_by_role("button", name="Tải sổ theo dõi").click()
    assert download.value.suggested_filename.startswith(f"so-theo-doi-{world.org.commune_a.code}-")
    sheet = load_workbook(BytesIO(download.value.path().read_bytes())).active
    assert any(d.code in str(cell.value) for row in sheet.iter_rows() for cell in row)
    page.get_by_label("Từ ngày").fill("2026-03-10")
    page.get_by_label("Đến ngày").fill("2026-03-01")
    page.get_by_role("button", name="Tải sổ theo dõi").click()
    expect(page.locator(".field-error")).to_contain_text("Ngày bắt đầu (10/03/2026) sau ngày kết thúc (01/03/2026)")
