"""Read log in a real browser: an officer opens a dossier, its leader sees who viewed it, and the
province's monitor finds the read on the access-log page and filters it by officer."""

from playwright.sync_api import expect

from motcua.accounts.models import Role
from motcua.dossiers import services
from tests.backoffice.pages import log_in
from tests.factories import make_user


def test_reads_are_visible_to_the_leader_and_the_security_officer(live_server, page, world, applicant):
    dossier = services.perform(services.create(procedure=world.procedure, unit=world.org.commune_a, channel="online",
                                               applicant=applicant, actor=world.citizen, owner=world.citizen,
                                               submit=True), "accept", world.reception)
    url = f"/nghiep-vu/ho-so/{dossier.public_id}/"
    log_in(page, live_server, world.specialist, url)
    expect(page.get_by_text(applicant.id_number)).to_be_visible()
    expect(page.locator(".audit-readers")).to_have_count(0)  # not for a specialist

    log_in(page, live_server, world.leader, url)
    readers = page.locator(".audit-readers")
    expect(readers.get_by_role("heading")).to_have_text("Ai đã xem hồ sơ này")
    expect(readers.locator("li")).to_have_count(1)  # the specialist; this visit is written after the page
    expect(readers.locator("li")).to_contain_text("chuyenvien")
    readers.scroll_into_view_if_needed()
    page.screenshot(path="test-artifacts/audit-dossier-readers.png", full_page=True)

    monitor = make_user("giamsat", province=world.org.province, role=Role.PROVINCIAL_MONITOR)
    log_in(page, live_server, monitor, "/nghiep-vu/")
    page.locator(".bo-nav").get_by_role("link", name="Nhật ký truy cập").click()
    expect(page.locator("h1")).to_have_text("Nhật ký truy cập dữ liệu cá nhân")
    rows = page.locator(".audit-table tbody tr")
    expect(rows.filter(has_text="chuyenvien")).to_have_count(1)
    expect(rows.filter(has_text="lanhdao")).to_have_count(1)
    page.get_by_label("Cán bộ (tên đăng nhập)").fill("chuyenvien")
    page.get_by_role("button", name="Lọc").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(dossier.code)
    expect(rows.first).to_contain_text("Xem")
    page.screenshot(path="test-artifacts/audit-read-log.png", full_page=True)

    page.get_by_label("Mã hồ sơ").fill("H99.50-010101-9999")
    page.get_by_role("button", name="Lọc").click()
    expect(page.get_by_text("Không tìm thấy hồ sơ có mã này")).to_be_visible()
