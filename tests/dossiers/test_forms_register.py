"""Sổ theo dõi hồ sơ as Excel (read back with openpyxl) and as PDF (read back with pdftotext)."""

import os
import subprocess
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from motcua.core.errors import UserFacingError
from motcua.dossiers.forms import register_pdf, register_rows, register_xlsx
from motcua.dossiers.models import Dossier, DossierStep

from .test_forms import (
    APPLICANT, Log, at, make_dossier, make_procedure, page_count, page_size_mm, pdf_text, save_png,
)


@pytest.fixture
def september(org):
    """Dossiers around September 2025 at the ward, plus ones the register must leave out."""
    procedure = make_procedure(org.commune_a, org.commune_b)
    first = make_dossier(org, procedure, received_at=at(2025, 9, 1, 7, 30), state="returned", number=1,
                         due_at=at(2025, 9, 4, 7, 30), finished_at=at(2025, 9, 3, 10, 0),
                         returned_at=at(2025, 9, 3, 15, 0), timeliness="early", received_by_name=APPLICANT)
    DossierStep.objects.filter(dossier=first, role="specialist").update(unit=org.dept)  # liên thông to a department
    Log(first)("accept", first.received_at, "received", 1)("forward", at(2025, 9, 1, 9, 45), "processing", 2)
    last = make_dossier(org, procedure, received_at=at(2025, 9, 30, 23, 30), state="received", number=2,
                        applicant_name="Công ty TNHH Hòa Phát Đắk Lắk", applicant_kind="business",
                        applicant_id_number="0101234567", due_at=at(2025, 10, 3, 17, 0), extension_count=1)
    # 00:10 on 1 October in Vietnam is still 30 September in UTC: it belongs to October.
    make_dossier(org, procedure, received_at=at(2025, 10, 1, 0, 10), state="received", number=3)
    make_dossier(org, procedure, received_at=None, submitted_at=at(2025, 9, 10, 9, 0), state="refused")
    make_dossier(org, procedure, received_at=at(2025, 9, 10, 9, 0), state="received", number=4,
                 parent=first, code="H99.50-250910-0099")  # a bundle member: counted with its bundle
    Dossier.objects.create(procedure=procedure, province=org.province, unit=org.commune_b,
                           current_unit=org.commune_b, channel="direct", applicant_name="X",
                           applicant_id_number="001098012345", state="received", code="H99.51-250915-0001",
                           received_at=at(2025, 9, 15, 9, 0), duration=Decimal(3), duration_unit="working-days")
    return first, last


def test_rows_are_the_dossiers_received_at_the_unit_in_the_local_period(org, september):
    rows = register_rows(org.commune_a, date(2025, 9, 1), date(2025, 9, 30))
    assert [r.code for r in rows] == ["H99.50-250901-0001", "H99.50-250930-0002"]
    assert rows[0].forwarded_at == at(2025, 9, 1, 9, 45)
    assert rows[0].handling_unit == "Sở Tư pháp"
    assert rows[0].notes == "Đã trả kết quả; Trước hạn"
    assert rows[1].notes == "Đã tiếp nhận; xin lỗi, hẹn lại 1 lần"
    assert [r.code for r in register_rows(org.commune_a, date(2025, 10, 1), date(2025, 10, 1))] == [
        "H99.50-251001-0003"]


def test_excel_register_reads_back(org, september):
    book = load_workbook(BytesIO(register_xlsx(org.commune_a, date(2025, 9, 1), date(2025, 9, 30))))
    sheet = book["Sổ theo dõi hồ sơ"]
    assert [sheet["A1"].value, sheet["A2"].value] == ["UBND PHƯỜNG AN BÌNH", "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG"]
    assert sheet["A4"].value == "SỔ THEO DÕI HỒ SƠ"
    assert sheet["N3"].value == "Mẫu số 07 — Thông tư số 03/2025/TT-VPCP"
    assert sheet["A5"].value == "Đơn vị: Phường An Bình (H99.50) — từ ngày 01/09/2025 đến ngày 30/09/2025"
    assert [c.value for c in sheet[7]][:4] == ["STT", "Mã hồ sơ", "Tên thủ tục hành chính", "Số lượng hồ sơ (bộ)"]
    assert sheet["A8"].value == "(1)" and sheet["N8"].value == "(14)"
    first, second = [[c.value for c in row] for row in sheet.iter_rows(min_row=9, max_row=10)]
    assert first == [1, "H99.50-250901-0001", "Đăng ký khai sinh", 1, APPLICANT,
                     "12 Lê Lợi, phường An Bình; 0912345678", "Sở Tư pháp", datetime(2025, 9, 1, 7, 30),
                     datetime(2025, 9, 4, 7, 30), datetime(2025, 9, 1, 9, 45), datetime(2025, 9, 3, 10, 0),
                     datetime(2025, 9, 3, 15, 0), APPLICANT, "Đã trả kết quả; Trước hạn"]
    assert second[1:3] == ["H99.50-250930-0002", "Đăng ký khai sinh"]
    assert second[7] == datetime(2025, 9, 30, 23, 30)  # local wall time, not UTC
    assert second[9:12] == [None, None, None]
    assert sheet.max_row == 10
    assert sheet["H9"].number_format == "dd/mm/yyyy hh:mm"
    assert sheet.freeze_panes == "C9"


def test_the_form_number_follows_the_last_day_of_the_period(org, september):
    book = load_workbook(BytesIO(register_xlsx(org.commune_a, date(2025, 8, 1), date(2025, 9, 14))))
    assert book.active["N3"].value == "Mẫu số 06 — Thông tư số 01/2018/TT-VPCP"
    assert book.active.max_row == 9  # only the 1 September dossier


def test_pdf_register(org, september, tmp_path):
    pdf = register_pdf(org.commune_a, date(2025, 9, 1), date(2025, 9, 30))
    path = save_png(pdf, "07-register-2025")
    assert page_size_mm(path) == (297, 210)  # A4 landscape
    text = pdf_text(pdf, tmp_path)
    for words in ["Mẫu số 07 — Thông tư số 03/2025/TT-VPCP", "SỔ THEO DÕI HỒ SƠ", "UBND PHƯỜNG AN BÌNH",
                  "H99.50-250901-0001", "H99.50-250930-0002", "Công ty TNHH Hòa Phát Đắk Lắk",
                  "Cơ quan chủ trì giải quyết", "23:30 30/09/2025", "Đã trả kết quả; Trước hạn"]:
        assert words in text, words
    assert "H99.50-251001-0003" not in text and "H99.51-250915-0001" not in text


def test_an_empty_period_says_so(org, tmp_path):
    text = pdf_text(register_pdf(org.commune_b, date(2025, 9, 1), date(2025, 9, 30)), tmp_path)
    assert "Không có hồ sơ nào được tiếp nhận trong kỳ." in text
    assert "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ" in text  # the commune has no centre


@pytest.mark.parametrize("start, end, message", [
    (date(2025, 9, 30), date(2025, 9, 1), "Ngày bắt đầu (30/09/2025) sau ngày kết thúc (01/09/2025)"),
    (date(2024, 8, 31), date(2025, 9, 1), "tối đa cho 366 ngày"),  # 367 days, both ends included
])
def test_bad_periods_are_refused(org, start, end, message):
    for make in (register_xlsx, register_pdf):
        with pytest.raises(UserFacingError) as err:
            make(org.commune_a, start, end)
        assert message in err.value.message_vi and err.value.message_en


def many_dossiers(org, procedure, count):
    Dossier.objects.bulk_create([
        Dossier(procedure=procedure, province=org.province, unit=org.commune_a, current_unit=org.commune_a,
                channel="direct", applicant_name=f"Nguyễn Văn Số {n}", applicant_id_number="001098012345",
                applicant_address="Tổ dân phố 3, phường An Bình", state="received",
                code=f"H99.50-251020-{n:04d}", received_at=at(2025, 10, 20, 8, 0), due_at=at(2025, 10, 23, 8, 0))
        for n in range(1, count + 1)])


def test_a_long_register_repeats_its_headings_on_every_page(org, tmp_path):
    many_dossiers(org, make_procedure(org.commune_a), 45)
    path = save_png(register_pdf(org.commune_a, date(2025, 10, 1), date(2025, 10, 31)), "07-register-long")
    pages = page_count(path)
    assert pages >= 2
    for number in range(1, pages + 1):
        page = subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), str(path), "-"],
                              capture_output=True, check=True, text=True).stdout
        page = " ".join(page.split())
        assert "Cơ quan chủ trì giải quyết" in page and "(14)" in page, number
    text = pdf_text(path.read_bytes(), tmp_path)
    assert "H99.50-251020-0001" in text and "H99.50-251020-0045" in text


@pytest.mark.skipif(not os.environ.get("MOTCUA_BENCH"), reason="timing: MOTCUA_BENCH=1 to measure")
def test_speed_per_page(org, tmp_path, capsys):
    """The figures in docs/developers/official-forms.md (target ~0.15 s a page), run on demand:
    MOTCUA_BENCH=1 pytest tests/dossiers/test_forms_register.py -k speed -s. CPU time of this
    process is the measure: wall time on a shared machine mostly measures the other processes."""
    import time

    from motcua.dossiers.forms import render_pdf

    from .test_forms import returned_story

    def timed(make):
        wall, cpu = time.perf_counter(), time.process_time()
        result = make()
        return result, time.perf_counter() - wall, time.process_time() - cpu

    procedure = make_procedure(org.commune_a)
    dossier = returned_story(org, procedure)
    render_pdf("receipt", dossier)  # first use loads the fonts
    forms = {key: timed(lambda key=key: [render_pdf(key, dossier, now=at(2026, 3, 6, 9, 0)) for _ in range(5)])
             for key in ("receipt", "supplement", "control")}
    many_dossiers(org, procedure, 400)
    pdf, pdf_wall, pdf_cpu = timed(lambda: register_pdf(org.commune_a, date(2025, 10, 1), date(2025, 10, 31)))
    _, xlsx_wall, xlsx_cpu = timed(lambda: register_xlsx(org.commune_a, date(2025, 10, 1), date(2025, 10, 31)))
    path = tmp_path / "register.pdf"
    path.write_bytes(pdf)
    pages = page_count(path)
    with capsys.disabled():
        for key, (_, wall, cpu) in forms.items():
            print(f"\n{key}: {cpu / 5:.3f} s CPU, {wall / 5:.3f} s wall per one-page form", end="")
        print(f"\nregister of 400 dossiers: PDF {pages} pages, {pdf_cpu / pages:.3f} s CPU "
              f"({pdf_wall / pages:.3f} s wall) a page; Excel {xlsx_cpu:.2f} s CPU ({xlsx_wall:.2f} s wall)")
    assert max(cpu / 5 for _, _, cpu in forms.values()) < 0.3
    assert pdf_cpu / pages < 0.3
