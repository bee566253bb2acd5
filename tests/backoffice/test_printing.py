"""Printing from the back office: the official forms of a dossier and the unit's tracking register."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from .conftest import client_for, online, received

pytestmark = pytest.mark.django_db


def test_the_receipt_slip_prints_for_those_who_see_the_dossier(world, applicant):
    d = received(world, applicant)
    page = client_for(world.reception).get(f"/nghiep-vu/ho-so/{d.public_id}/").content.decode()
    assert "Mẫu số 01 — Giấy tiếp nhận hồ sơ và hẹn trả kết quả" in page
    assert "Mẫu số 06 — Phiếu kiểm soát quá trình giải quyết hồ sơ" in page
    response = client_for(world.reception).get(f"/nghiep-vu/ho-so/{d.public_id}/mau/receipt.pdf", {"so": "15"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="{d.code}-receipt.pdf"'
    assert response.content.startswith(b"%PDF")
    assert client_for(world.other_reception).get(f"/nghiep-vu/ho-so/{d.public_id}/mau/receipt.pdf").status_code == 404


def test_a_form_without_its_event_is_explained(world, applicant):
    d = received(world, applicant)
    response = client_for(world.reception).get(f"/nghiep-vu/ho-so/{d.public_id}/mau/stop.pdf")
    assert response.status_code == 409 and "Hồ sơ không bị dừng giải quyết" in response.content.decode()
    waiting = online(world, applicant)
    page = client_for(world.reception).get(f"/nghiep-vu/ho-so/{waiting.public_id}/").content.decode()
    assert "In biểu mẫu" not in page


def test_the_register_downloads_as_excel_for_my_unit_only(world, applicant):
    d = received(world, applicant)
    today = timezone.localdate()
    query = {"unit": world.org.commune_a.pk, "start": f"{today - timedelta(days=3):%Y-%m-%d}",
             "end": f"{today:%Y-%m-%d}", "kind": "xlsx"}
    response = client_for(world.reception).get("/nghiep-vu/so-theo-doi/", query)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(BytesIO(response.content)).active
    assert any(d.code in str(cell.value) for row in sheet.iter_rows() for cell in row)
    response = client_for(world.reception).get("/nghiep-vu/so-theo-doi/", {**query, "kind": "pdf"})
    assert response.content.startswith(b"%PDF")
    response = client_for(world.other_reception).get("/nghiep-vu/so-theo-doi/", query)
    assert response.status_code == 400 and "Lựa chọn không hợp lệ" in response.content.decode()


def test_the_register_explains_a_bad_period(world):
    response = client_for(world.reception).get("/nghiep-vu/so-theo-doi/", {
        "unit": world.org.commune_a.pk, "start": "2026-03-10", "end": "2026-03-01", "kind": "xlsx"})
    assert response.status_code == 400
    assert "Ngày bắt đầu (10/03/2026) sau ngày kết thúc (01/03/2026)" in response.content.decode()
    assert client_for(world.reception).get("/nghiep-vu/so-theo-doi/").status_code == 200
