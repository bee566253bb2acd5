"""Dashboard pages through the test client: who sees what, drill-down links, entries, reports."""

import io
from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from motcua.accounts.models import Role
from motcua.monitoring import facts
from motcua.monitoring.models import ExternalIndicator, ReportJob
from motcua.organizations.models import Unit
from tests.factories import make_org, make_user
from tests.monitoring.flows import accepted, at, finished

pytestmark = pytest.mark.django_db


@pytest.fixture
def march(world, applicant):
    finished(world, applicant, at(2026, 3, 2, 8), at(2026, 3, 4, 9))
    finished(world, applicant, at(2026, 3, 2, 8), at(2026, 3, 12, 8))  # late
    accepted(world, applicant, at(2026, 3, 3, 8))
    return world


def pages(world):
    a = world.org.commune_a.pk
    return ["/giam-sat/", "/giam-sat/?ky=2026-03&ngay=30", f"/giam-sat/don-vi/{a}/?ky=2026-03",
            f"/giam-sat/don-vi/{a}/linh-vuc/0/?ky=2026-03", "/giam-sat/xep-hang/?ky=2026-Q1",
            f"/giam-sat/so-sanh/?ky=2026&don-vi={a}&don-vi={world.org.commune_b.pk}", "/giam-sat/man-hinh/",
            f"/giam-sat/trung-tam/{world.org.centre.pk}/", "/giam-sat/bao-cao/"]


def test_the_provincial_monitor_opens_every_page(client, march, people):
    client.force_login(people.monitor)
    for url in [*pages(march), "/giam-sat/chi-so-ngoai/"]:
        assert client.get(url).status_code == 200, url


def test_the_unit_page_shows_numbers_and_links_into_the_dossier_lists(client, march, people):
    client.force_login(people.monitor)
    html = client.get(f"/giam-sat/don-vi/{march.org.commune_a.pk}/?ky=2026-03").content.decode()
    assert "Hồ sơ xử lý trước hạn, đúng hạn" in html and "Cần cải thiện" in html
    inbox = reverse("backoffice:inbox")
    assert f"{inbox}?unit={march.org.commune_a.pk}&amp;tab=overdue" in html
    field_page = client.get(f"/giam-sat/don-vi/{march.org.commune_a.pk}/linh-vuc/0/?ky=2026-03").content.decode()
    assert "Đăng ký khai sinh" in field_page
    assert f"procedure={march.procedure.pk}" in field_page


def test_unit_scoped_staff_see_their_unit_only(client, march, people):
    for user in (people.manager, people.leader):
        client.force_login(user)
        home = client.get("/giam-sat/").content.decode()
        assert march.org.commune_a.name in home and march.org.commune_b.name not in home
        assert client.get(f"/giam-sat/don-vi/{march.org.commune_a.pk}/").status_code == 200
        assert client.get(f"/giam-sat/don-vi/{march.org.commune_b.pk}/").status_code == 404
        assert client.get("/giam-sat/chi-so-ngoai/").status_code == 403
    client.force_login(people.manager)
    assert client.get(f"/giam-sat/trung-tam/{march.org.centre.pk}/").status_code == 200


def test_others_are_turned_away(client, march, people):
    client.force_login(people.specialist)
    assert client.get("/giam-sat/").status_code == 403
    client.force_login(march.citizen)
    assert client.get("/giam-sat/").status_code == 403
    client.logout()
    assert client.get("/giam-sat/").status_code == 302
    other = make_org("H98", "Tỉnh Khác")
    client.force_login(make_user("giamsat_khac", province=other.province, role=Role.PROVINCIAL_MONITOR))
    assert client.get(f"/giam-sat/don-vi/{march.org.commune_a.pk}/").status_code == 404
    assert f"/giam-sat/don-vi/{march.org.commune_a.pk}/" not in client.get("/giam-sat/").content.decode()


def test_a_bad_period_is_reported_and_the_month_shown(client, march, people):
    client.force_login(people.monitor)
    response = client.get("/giam-sat/?ky=2026-13")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tháng 13/2026" not in html and "Tháng 13 không hợp lệ" in html


def test_the_wall_screen_reloads_its_body_by_itself(client, march, people):
    client.force_login(people.monitor)
    page = client.get("/giam-sat/man-hinh/").content.decode()
    assert 'hx-trigger="every 60s"' in page and "<html" in page
    part = client.get("/giam-sat/man-hinh/", headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in part and "Quá hạn" in part


def test_external_entries_are_checked_and_scored(client, march, people):
    client.force_login(people.monitor)
    bad = client.post("/giam-sat/chi-so-ngoai/", {"indicator": "1.1", "period": "2026-03", "num": "8", "den": "5"})
    assert bad.status_code == 200 and "lớn hơn mẫu số" in bad.content.decode()
    assert not ExternalIndicator.objects.exists()
    ok = client.post("/giam-sat/chi-so-ngoai/", {"indicator": "3.4", "period": "2026-03", "score": "10.5",
                                                 "note": "Cổng DVCQG"})
    assert ok.status_code == 302
    client.post("/giam-sat/chi-so-ngoai/", {"indicator": "3.4", "period": "2026-03", "score": "11"})  # corrected
    entry = ExternalIndicator.objects.get()
    assert (entry.score, entry.unit, entry.updated_by) == (11, None, people.monitor)
    html = client.get(f"/giam-sat/don-vi/{march.org.commune_a.pk}/?ky=2026-03").content.decode()
    assert "11,00" in html


def test_a_report_is_built_by_the_task_and_downloaded(client, march, people, settings, tmp_path,
                                                      django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(people.monitor)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/giam-sat/bao-cao/", {"period": "2026-03", "format": "xlsx"}).status_code == 302
    job = ReportJob.objects.get()
    assert (job.status, job.progress, job.requested_by) == ("done", 100, people.monitor)
    row = client.get(reverse("monitoring:report_row", args=[job.pk])).content.decode()
    assert "hx-trigger" not in row and "Tải bao-cao-2026-03-toan-tinh.xlsx" in row
    response = client.get(reverse("monitoring:report_download", args=[job.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = {r[0]: r for r in sheet.iter_rows(min_row=5, values_only=True)}
    # Phường An Bình: 2 accepted+1 = 3 accepted, 2 finished, 1 on time, 1 late
    assert rows["Phường An Bình"][2:7] == (3, 3, 2, 1, 1)
    assert rows["Toàn tỉnh"][2] == 3 and "Cộng cấp xã, phường, đặc khu" in rows


def test_a_pending_report_row_polls_and_a_failed_one_says_why(client, march, people, monkeypatch,
                                                               django_capture_on_commit_callbacks):
    client.force_login(people.monitor)
    job = ReportJob.objects.create(province=march.org.province, period="2026-03", format="pdf")
    assert 'hx-trigger="every 2s"' in client.get(reverse("monitoring:report_row", args=[job.pk])).content.decode()
    assert client.get(reverse("monitoring:report_download", args=[job.pk])).status_code == 404
    monkeypatch.setattr("motcua.monitoring.reports.build_rows", lambda *a: 1 / 0)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/giam-sat/bao-cao/", {"period": "2026-03", "format": "pdf"})
    failed = ReportJob.objects.exclude(pk=job.pk).get()
    assert failed.status == "failed" and "division by zero" in failed.message
    bad = client.post("/giam-sat/bao-cao/", {"period": "2026-Q7", "format": "pdf"})
    assert "không hợp lệ" in bad.content.decode() and ReportJob.objects.count() == 2


def test_unit_staff_reports_cover_their_units_only(client, march, people, settings, tmp_path,
                                                   django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    ReportJob.objects.create(province=march.org.province, period="2026-03", format="pdf")  # the province's
    client.force_login(people.manager)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/giam-sat/bao-cao/", {"period": "2026-03", "format": "xlsx"})
    mine = ReportJob.objects.get(requested_by=people.manager)
    assert mine.unit_ids == [march.org.commune_a.pk]
    listed = client.get("/giam-sat/bao-cao/").content.decode()
    assert listed.count('id="job-') == 1
    response = client.get(reverse("monitoring:report_download", args=[mine.pk]))
    names = [r[0] for r in load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(
        min_row=5, values_only=True)]
    assert names == ["Phường An Bình", "Cộng cấp xã, phường, đặc khu", "Tổng cộng"]



def _queries_per_page(client, world) -> dict[str, int]:
    counts = {}
    for url in pages(world):
        cache.clear()  # every figure read again, as after the one-minute cache expires
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        counts[url] = len(queries)
    return counts


def test_each_page_runs_a_fixed_number_of_queries_whatever_the_number_of_units(client, march, people, settings):
    """The figures come from grouped queries over the facts: 20 more units with facts add no SQL
    (decision 0572). Counted with the cache empty and in memory (the database cache's own SQL differs
    between SQLite and PostgreSQL); the session and user reads are included."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    client.force_login(people.monitor)
    client.get("/giam-sat/")  # the session's first request writes it once
    before = _queries_per_page(client, march)
    province, procedure = march.org.province, march.procedure
    for n in range(20):
        unit = Unit.objects.create(province=province, code=f"{province.code}.{70 + n}", name=f"Xã Thêm {n}",
                                   kind=Unit.Kind.COMMUNE)
        facts.add((province.pk, unit.pk, date(2026, 3, 2), procedure.pk, "online"),
                  {"accepted": 1, "finished_late": 1})
    a = march.org.commune_a.pk
    # unit and field pages: + the source figures and the feedback per procedure (decision 0610)
    expected = {"/giam-sat/": 18, "/giam-sat/?ky=2026-03&ngay=30": 19, f"/giam-sat/don-vi/{a}/?ky=2026-03": 18,
                f"/giam-sat/don-vi/{a}/linh-vuc/0/?ky=2026-03": 9, "/giam-sat/xep-hang/?ky=2026-Q1": 12,
                f"/giam-sat/so-sanh/?ky=2026&don-vi={a}&don-vi={march.org.commune_b.pk}": 14,
                "/giam-sat/man-hinh/": 19, f"/giam-sat/trung-tam/{march.org.centre.pk}/": 17, "/giam-sat/bao-cao/": 4}
    assert _queries_per_page(client, march) == before == expected
