"""The monitoring dashboard in a real browser: heat map, drill-down from the province to one dossier,
ranking and comparison, the wall screen, a centre manager's view, and reports built by the task
queue with their progress shown until the file can be downloaded."""

import re
import subprocess
from datetime import datetime, time, timedelta
from io import BytesIO
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from motcua.catalog.models import Field
from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.monitoring import reports
from motcua.monitoring.models import CentreCamera, ReportJob
from motcua.monitoring.periods import containing
from tests.backoffice.pages import log_in
from tests.fixtures_dossiers import VN
from tests.monitoring.people import fresh_cache, people  # noqa: F401  (fixtures)

ARTIFACTS = Path("test-artifacts")


def _received(world, unit, reception, applicant, when):
    d = services.create(procedure=world.procedure, unit=unit, channel="online", applicant=applicant,
                        owner=world.citizen, submit=True, now=when)
    return services.perform(d, "accept", reception, now=when)


def _finish(world, d, when):
    d = services.perform(d, "forward", world.reception, now=when)
    d = services.perform(d, "forward", world.specialist, now=when)
    return services.perform(d, "complete", world.leader, now=when, result_summary="Giấy khai sinh")


def _month_counts(unit, month):
    start, end = (datetime.combine(day, time.min, tzinfo=VN) for day in (month.start, month.end))
    mine = Dossier.objects.filter(unit=unit, parent__isnull=True)
    finished = mine.filter(finished_at__gte=start, finished_at__lt=end)
    return {"accepted": mine.filter(received_at__gte=start, received_at__lt=end).count(),
            "finished": finished.count(), "late": finished.filter(timeliness="late").count()}


@pytest.fixture
def dashboard_world(transactional_db, world, applicant, people):
    """Two weeks of dossiers: commune A finishes most early, some late, and has overdue ones open;
    commune B receives a few."""
    ARTIFACTS.mkdir(exist_ok=True)
    world.procedure.field = Field.objects.create(name="Hộ tịch")
    world.procedure.save()
    now = timezone.now()
    for back in range(1, 13):
        day = now - timedelta(days=back)
        d = _received(world, world.org.commune_a, world.reception, applicant, day - timedelta(days=1))
        _finish(world, d, day if back % 4 else day + timedelta(days=9))
    world.overdue = [_received(world, world.org.commune_a, world.reception, applicant, now - timedelta(days=15))
                     for _ in range(6)]
    for back in (2, 3):
        _received(world, world.org.commune_b, world.other_reception, applicant, now - timedelta(days=back))
    CentreCamera.objects.create(centre=world.org.centre, name="Sảnh tiếp nhận", page_url="https://camera.example/1")
    return world


def test_heat_map_drill_down_to_a_dossier(live_server, page, dashboard_world, people):
    world = dashboard_world
    log_in(page, live_server, people.monitor, "/giam-sat/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Giám sát toàn tỉnh")
    heat = page.locator("table.heatmap")
    expect(heat.locator("tbody tr")).to_have_count(3)
    a_row = heat.locator("tbody tr", has=page.get_by_role("link", name=world.org.commune_a.name))
    expect(a_row.locator("td.heat-green").first).to_be_visible()
    expect(a_row.locator("td.heat-red").first).to_be_visible()  # the days with a late dossier
    hot = page.locator(".hotspots li.spot-overdue")
    expect(hot).to_contain_text("6 hồ sơ quá hạn")
    page.screenshot(path=str(ARTIFACTS / "monitoring-overview.png"), full_page=True)

    heat.get_by_role("link", name=world.org.commune_a.name).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(world.org.commune_a.name)
    expect(page.locator(".indicators")).to_contain_text("2.1 Hồ sơ xử lý trước hạn, đúng hạn")
    expect(page.locator(".improvements")).to_contain_text("Đăng ký khai sinh")
    expect(page.locator("svg.trend")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "monitoring-unit.png"), full_page=True)

    page.get_by_role("link", name="Hộ tịch").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hộ tịch")
    row = page.locator("tbody tr", has_text="Đăng ký khai sinh")
    expect(row.locator("td").nth(5)).to_have_text("6")  # overdue now
    page.screenshot(path=str(ARTIFACTS / "monitoring-field.png"), full_page=True)

    row.get_by_role("link", name="Quá hạn").click()
    expect(page).to_have_url(re.compile(r"/nghiep-vu/ho-so/\?.*tab=overdue"))
    codes = page.locator(".bo-table a.bo-code")
    expect(codes).to_have_count(6)
    page.screenshot(path=str(ARTIFACTS / "monitoring-dossier-list.png"), full_page=True)
    first = world.overdue[0].code
    page.get_by_role("link", name=first).click()
    expect(page.locator("h1 .bo-code")).to_have_text(first)
    page.screenshot(path=str(ARTIFACTS / "monitoring-dossier.png"), full_page=True)


def test_ranking_comparison_and_wall_screen(live_server, page, dashboard_world, people):
    world = dashboard_world
    log_in(page, live_server, people.monitor, "/giam-sat/xep-hang/")
    ranked = page.locator("table.ranking tbody tr")
    expect(ranked).to_have_count(3)
    # commune B's two dossiers are all within time; commune A has late and overdue ones
    expect(ranked.first).to_contain_text(world.org.commune_b.name)
    expect(ranked.nth(1)).to_contain_text(world.org.commune_a.name)
    page.get_by_label(f"Chọn {world.org.commune_a.name}").check()
    page.get_by_label(f"Chọn {world.org.commune_b.name}").check()
    page.screenshot(path=str(ARTIFACTS / "monitoring-ranking.png"), full_page=True)
    page.get_by_role("button", name="So sánh").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("So sánh đơn vị")
    expect(page.locator("table.compare thead th")).to_have_count(3)
    page.screenshot(path=str(ARTIFACTS / "monitoring-compare.png"), full_page=True)

    page.set_viewport_size({"width": 1600, "height": 900})
    page.goto(f"{live_server.url}/giam-sat/man-hinh/")
    expect(page.locator("body.wall")).to_be_visible()
    expect(page.locator(".wall-kpi.alert strong")).to_have_text("6")
    expect(page.locator(".camera figcaption")).to_contain_text("Sảnh tiếp nhận")
    page.screenshot(path=str(ARTIFACTS / "monitoring-wall.png"), full_page=True)


def test_centre_manager_sees_their_unit_and_centre(live_server, page, dashboard_world, people):
    world = dashboard_world
    log_in(page, live_server, people.manager, "/giam-sat/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Giám sát đơn vị")
    expect(page.locator("table.heatmap tbody tr")).to_have_count(1)
    page.locator(".mon-nav").get_by_role("link", name=world.org.centre.name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(world.org.centre.name)
    expect(page.get_by_role("heading", name="Xếp hàng hôm nay")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "monitoring-centre.png"), full_page=True)


def test_reports_show_progress_and_download(live_server, page, dashboard_world, people, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    world = dashboard_world
    month = containing(timezone.localdate())
    # A report still waiting for a worker: its row shows the progress and polls until it is ready.
    waiting = ReportJob.objects.create(province=world.org.province, period=month.key, format="pdf")
    log_in(page, live_server, people.monitor, "/giam-sat/bao-cao/")
    row = page.locator(f"#job-{waiting.pk}")
    expect(row).to_contain_text("Đang chờ 0 %")
    expect(row.locator("progress")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "monitoring-report-waiting.png"), full_page=True)
    reports.run_job(waiting.pk)  # the worker picks it up
    expect(row).to_contain_text("Hoàn thành")
    with page.expect_download() as download:
        row.get_by_role("link", name=re.compile("Tải")).click()
    pdf = tmp_path / "report.pdf"
    download.value.save_as(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Báo cáo kết quả giải quyết thủ tục hành chính" in text
    a = _month_counts(world.org.commune_a, month)  # recomputed from the dossiers themselves
    assert re.search(rf"Phường An Bình\s+H99\.50\s+{a['accepted']}\s+{a['accepted']}\s+{a['finished']}\s+"
                     rf"{a['finished'] - a['late']}\s+{a['late']}\s", text), text
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-singlefile", str(pdf), str(ARTIFACTS / "monitoring-report-pdf")],
                   check=True)

    # On demand: the form queues an Excel report; the task runs and the file is offered.
    page.get_by_label("Kỳ báo cáo / period").fill(month.key)
    page.get_by_label("Định dạng / format").select_option("xlsx")
    page.get_by_role("button", name="Lập báo cáo").click()
    expect(page.get_by_role("status").first).to_contain_text("Đã yêu cầu lập báo cáo")
    latest = page.locator("table.reports tbody tr").first
    expect(latest).to_contain_text("Hoàn thành")
    page.screenshot(path=str(ARTIFACTS / "monitoring-reports.png"), full_page=True)
    with page.expect_download() as download:
        latest.get_by_role("link", name=re.compile("Tải")).click()
    sheet = load_workbook(BytesIO(Path(download.value.path()).read_bytes())).active
    names = [r[0] for r in sheet.iter_rows(min_row=5, values_only=True)]
    assert names[-1] == "Toàn tỉnh" and world.org.commune_a.name in names
