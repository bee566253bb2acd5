"""The official forms as PDF, for dossiers and event logs written directly with the ORM.

Each form is printed, read back with pdftotext for its Vietnamese words, code and dates, and saved
as a PNG (pdftoppm -r 60) in test-artifacts/ to be looked at.
"""

import subprocess
import unicodedata
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from motcua.catalog.models import Procedure, ProcedureChannel, RequiredDocument, UnitProcedure
from motcua.dossiers.forms import FormNotAvailable, available_forms, render_pdf
from motcua.dossiers.models import Attachment, Dossier, DossierEvent, DossierStep

VN = ZoneInfo("Asia/Ho_Chi_Minh")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CLERK, SPECIALIST, LEADER = "Nguyễn Thị Lan", "Lê Minh Tuấn", "Phạm Quốc Hùng"
APPLICANT = "Trần Văn Bình"

# The internal process: 4 + 12 + 4 + 4 working hours = the 3 working days of the procedure.
STEPS = [(1, "Tiếp nhận hồ sơ", "reception", 4), (2, "Thẩm định hồ sơ, đề xuất", "specialist", 12),
         (3, "Phê duyệt kết quả", "leader", 4), (4, "Trả kết quả", "reception", 4)]


def at(*args):
    return datetime(*args, tzinfo=VN)


def make_procedure(*units):
    procedure = Procedure.objects.create(code="1.001193", name="Đăng ký khai sinh")
    ProcedureChannel.objects.create(procedure=procedure, channel="direct", duration=Decimal(3),
                                    duration_unit="working-days")
    for position, (name, originals, copies) in enumerate([("Tờ khai đăng ký khai sinh", 1, 0),
                                                          ("Giấy chứng sinh", 1, 0),
                                                          ("Giấy tờ tùy thân của người đi đăng ký", 0, 1)]):
        RequiredDocument.objects.create(procedure=procedure, name=name, originals=originals, copies=copies,
                                        position=position)
    for unit in units:
        UnitProcedure.objects.create(unit=unit, procedure=procedure)
    return procedure


class Log:
    """Appends events to a dossier's log as services.perform records them (from/to state and step)."""

    def __init__(self, dossier):
        self.dossier, self.seq, self.state, self.step = dossier, 0, "draft", 0

    def __call__(self, action, when, to_state=None, to_step=None, actor=CLERK, comment="", unit=None):
        self.seq += 1
        to_state = to_state or self.state
        to_step = self.step if to_step is None else to_step
        DossierEvent.objects.create(
            dossier=self.dossier, seq=self.seq, at=when, actor_name=actor, action=action, from_state=self.state,
            to_state=to_state, from_step=self.step, to_step=to_step, comment=comment,
            unit=unit or self.dossier.current_unit, hash=f"{self.seq:064d}")
        self.state, self.step = to_state, to_step
        return self


def make_dossier(org, procedure, *, received_at, state, number=1, steps=True, **fields):
    """A dossier of org's ward centre, received at ``received_at`` (None: never received)."""
    unit = org.commune_a
    code = f"{unit.code}-{received_at:%y%m%d}-{number:04d}" if received_at else None
    values = dict(
        code=code, procedure=procedure, province=org.province, unit=unit, current_unit=unit, centre=org.centre,
        channel="direct", submitted_via="counter", applicant_name=APPLICANT, applicant_id_number="001098012345",
        applicant_phone="0912345678", applicant_address="12 Lê Lợi, phường An Bình", state=state,
        submitted_at=received_at, received_at=received_at, duration=Decimal(3), duration_unit="working-days",
    )
    values.update(fields)
    dossier = Dossier.objects.create(**values)
    if steps and received_at:
        for position, name, role, hours in STEPS:
            DossierStep.objects.create(dossier=dossier, position=position, name=name, role=role, unit=unit,
                                       working_hours=Decimal(hours))
    return dossier


def returned_story(org, procedure):
    """Received Mon 02/03/2026 08:00, supplement paused Tue 08:00 → Wed 08:00, returned Thu 16:00.

    Per step: reception 3 h of 4 (trước hạn); appraisal Mon 11:00 → Thu 08:00 is 21 working hours
    less 8 paused = 13 h of 12 (quá hạn); approval 08:00 → 14:00 is 3.5 + 0.5 = 4 h of 4 (đúng
    hạn); return desk 14:00 → 16:00 is 2 h of 4 (trước hạn).
    """
    dossier = make_dossier(org, procedure, received_at=at(2026, 3, 2, 8, 0), state="returned",
                           original_due_at=at(2026, 3, 5, 8, 0), due_at=at(2026, 3, 6, 8, 0),
                           finished_at=at(2026, 3, 5, 14, 0), returned_at=at(2026, 3, 5, 16, 0),
                           timeliness="early", supplement_count=1, received_by_name=APPLICANT)
    log = Log(dossier)
    log("create", at(2026, 3, 2, 7, 50))("submit", at(2026, 3, 2, 7, 55), "submitted")
    log("accept", at(2026, 3, 2, 8, 0), "received", 1)
    log("forward", at(2026, 3, 2, 11, 0), "processing", 2)
    log("request_supplement", at(2026, 3, 3, 8, 0), "supplement_requested", actor=SPECIALIST,
        comment="Bản sao giấy chứng nhận kết hôn của cha, mẹ\nXác nhận nơi cư trú")
    log("receive_supplement", at(2026, 3, 4, 8, 0), "processing")
    log("forward", at(2026, 3, 5, 8, 0), "processing", 3, actor=SPECIALIST)
    log("complete", at(2026, 3, 5, 14, 0), "completed", 4, actor=LEADER)
    log("return_result", at(2026, 3, 5, 16, 0), "returned")
    return dossier


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "form.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True)
    return " ".join(out.stdout.split())


def save_png(pdf: bytes, name: str) -> Path:
    """forms-<name>.pdf and its pages as forms-<name>-N.png at 60 dpi, to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    for old in ARTIFACTS.glob(f"forms-{name}-[0-9]*.png"):
        old.unlink()
    path = ARTIFACTS / f"forms-{name}.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(path), str(ARTIFACTS / f"forms-{name}")], check=True)
    return path


def page_size_mm(pdf_path: Path) -> tuple[int, int]:
    line = _pdfinfo(pdf_path, "Page size:")
    width, height = (float(v) for v in line.split()[2:5:2])
    return round(width * 25.4 / 72), round(height * 25.4 / 72)


def page_count(pdf_path: Path) -> int:
    return int(_pdfinfo(pdf_path, "Pages:").split()[1])


def _pdfinfo(pdf_path: Path, key: str) -> str:
    out = subprocess.run(["pdfinfo", str(pdf_path)], capture_output=True, check=True, text=True).stdout
    return next(line for line in out.splitlines() if line.startswith(key))


@pytest.fixture
def procedure(org):
    return make_procedure(org.commune_a)


# --- 01 receipt ----------------------------------------------------------------------------------

def test_receipt_has_code_documents_and_the_appointment_in_words(org, procedure, tmp_path):
    dossier = returned_story(org, procedure)
    pdf = render_pdf("receipt", dossier)
    text = pdf_text(pdf, tmp_path)
    path = save_png(pdf, "01-receipt-2025")
    assert page_size_mm(path) == (148, 210)  # A5 portrait
    assert page_count(path) == 1  # the slip, its signatures included, on one sheet
    for words in ["Mẫu số 01 — Thông tư số 03/2025/TT-VPCP", "UBND PHƯỜNG AN BÌNH",
                  "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                  "Độc lập - Tự do - Hạnh phúc", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
                  "Mã hồ sơ: H99.50-260302-0001", "Tiếp nhận hồ sơ của: Trần Văn Bình", "Đăng ký khai sinh",
                  "An Bình, ngày 02 tháng 3 năm 2026", "3 ngày làm việc",
                  "Thời gian nhận hồ sơ: 08 giờ 00 phút, ngày 02 tháng 3 năm 2026",
                  # the appointment on the slip is the original one, not the date moved by the pause
                  "Hẹn trả kết quả vào hồi 08 giờ 00 phút, ngày 05 tháng 3 năm 2026",
                  "Tờ khai đăng ký khai sinh", "01 bản chính", "01 bản sao", "NGƯỜI NỘP HỒ SƠ",
                  "NGƯỜI TIẾP NHẬN", "(Ký và ghi rõ họ tên)", CLERK]:
        assert words in text, words


def test_receipt_lists_the_files_received_when_there_are_some(org, procedure, tmp_path):
    dossier = returned_story(org, procedure)
    form = procedure.documents.get(position=0)
    for name, document in [("to-khai.pdf", form), ("to-khai-trang-2.pdf", form), ("anh-chup.jpg", None)]:
        Attachment.objects.create(dossier=dossier, document=document, name=name, content_type="application/pdf",
                                  size=10, sha256="0" * 64, storage_name=name)
    text = pdf_text(render_pdf("receipt", dossier), tmp_path)
    assert "Tờ khai đăng ký khai sinh 01 bản chính (02 tệp điện tử)" in text
    assert "anh-chup.jpg 01 tệp điện tử" in text
    assert "Giấy chứng sinh" not in text  # not handed in: not on the slip


def test_decomposed_text_from_imports_prints_composed(org, procedure, tmp_path):
    dossier = returned_story(org, procedure)
    dossier.applicant_name = unicodedata.normalize("NFD", "Đặng Thị Hường")
    dossier.save()
    text = pdf_text(render_pdf("receipt", dossier), tmp_path)
    assert "Đặng Thị Hường" in text  # NFC as pdftotext gives it back
    assert unicodedata.normalize("NFD", "Đặng Thị Hường") not in text


def test_fonts_are_dejavu_and_embedded(org, procedure, tmp_path):
    path = tmp_path / "r.pdf"
    path.write_bytes(render_pdf("receipt", returned_story(org, procedure)))
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all("DejaVu" in row and " yes " in row for row in rows), fonts


def test_document_number_when_given(org, procedure, tmp_path):
    dossier = returned_story(org, procedure)
    assert "Số: …………/TTPVHCC" in pdf_text(render_pdf("receipt", dossier), tmp_path)
    assert "Số: 125/TTPVHCC" in pdf_text(render_pdf("receipt", dossier, number="125"), tmp_path)


def test_a_reception_desk_without_centre_heads_the_form_as_such(org, procedure, tmp_path):
    dossier = returned_story(org, procedure)
    dossier.centre = None
    dossier.save()
    text = pdf_text(render_pdf("receipt", dossier), tmp_path)
    assert "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ" in text and "Số: …………/BPTNTKQ" in text


# --- set selection at the boundary -----------------------------------------------------------------

@pytest.mark.parametrize("received_at, number, circular", [
    (at(2025, 9, 14, 23, 59), "05", "01/2018/TT-VPCP"),
    (at(2025, 9, 15, 0, 30), "06", "03/2025/TT-VPCP"),  # 14/09 17:30 in UTC: the local date counts
])
def test_set_follows_the_local_receipt_date(org, procedure, tmp_path, received_at, number, circular):
    dossier = make_dossier(org, procedure, received_at=received_at, state="processing")
    Log(dossier)("accept", received_at, "received", 1)
    [control] = [f for f in available_forms(dossier) if f.key == "control"]
    assert (control.number, control.form_set.circular) == (number, f"Thông tư số {circular}")
    pdf = render_pdf("control", dossier, now=received_at)
    save_png(pdf, f"{number}-control-{control.form_set.key}-boundary")
    assert f"Mẫu số {number} — Thông tư số {circular}" in pdf_text(pdf, tmp_path)


# --- 02 supplement, 03 refusal -----------------------------------------------------------------

def test_supplement_request_lists_each_item(org, procedure, tmp_path):
    dossier = returned_story(org, procedure)
    pdf = render_pdf("supplement", dossier)
    save_png(pdf, "02-supplement-2025")
    text = pdf_text(pdf, tmp_path)
    for words in ["Mẫu số 02", "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", "Hồ sơ của: Trần Văn Bình",
                  "1. Bản sao giấy chứng nhận kết hôn của cha, mẹ", "2. Xác nhận nơi cư trú",
                  "An Bình, ngày 03 tháng 3 năm 2026", "NGƯỜI HƯỚNG DẪN", SPECIALIST]:
        assert words in text, words


def test_refusal_at_the_desk_before_any_code(org, procedure, tmp_path):
    submitted = at(2026, 1, 5, 9, 15)
    dossier = make_dossier(org, procedure, received_at=None, submitted_at=submitted, state="refused")
    log = Log(dossier)
    log("create", submitted)("submit", submitted, "submitted")
    log("refuse", at(2026, 1, 5, 9, 40), "refused",
        comment="Thủ tục không thuộc thẩm quyền giải quyết của phường\nNgười nộp không có giấy tờ tùy thân")
    assert [f.key for f in available_forms(dossier)] == ["refusal"]
    pdf = render_pdf("refusal", dossier)
    save_png(pdf, "03-refusal-2025")
    text = pdf_text(pdf, tmp_path)
    for words in ["Mẫu số 03", "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
                  "1. Thủ tục không thuộc thẩm quyền giải quyết của phường",
                  "2. Người nộp không có giấy tờ tùy thân", "An Bình, ngày 05 tháng 01 năm 2026"]:
        assert words in text, words
    with pytest.raises(FormNotAvailable) as err:
        render_pdf("receipt", dossier)
    assert "chưa được tiếp nhận" in err.value.message_vi


# --- 04 apology, both sets ------------------------------------------------------------------------

def apology_story(org, procedure, received_at, number=1):
    dossier = make_dossier(org, procedure, received_at=received_at, state="processing", number=number,
                           original_due_at=at(2025, 9, 17, 9, 0),
                           due_at=at(2025, 9, 24, 16, 30), extension_count=1, counts_as_late=True)
    log = Log(dossier)
    log("accept", received_at, "received", 1)("forward", received_at, "processing", 2)
    log("apologize", at(2025, 9, 16, 15, 0), actor=LEADER, comment="Phải xác minh thông tin với xã nơi sinh")
    return dossier


@pytest.mark.parametrize("received_at, title, paper, closing", [
    (at(2025, 9, 12, 9, 0), "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ", (148, 210), "hẹn trả kết quả vào hồi"),
    (at(2025, 9, 15, 9, 0), "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT", (210, 297),
     "đề nghị gia hạn thời gian giải quyết hồ sơ đến"),
])
def test_apology_differs_between_sets(org, procedure, tmp_path, received_at, title, paper, closing):
    dossier = apology_story(org, procedure, received_at)
    pdf = render_pdf("apology", dossier, signer_name="Võ Thanh Hà")
    path = save_png(pdf, f"04-apology-{available_forms(dossier)[0].form_set.key}")
    assert page_size_mm(path) == paper
    text = pdf_text(pdf, tmp_path)
    for words in ["Mẫu số 04", title, "Kính gửi: Trần Văn Bình", "Phải xác minh thông tin với xã nơi sinh",
                  f"{closing} 16 giờ 30 phút, ngày 24 tháng 9 năm 2025", "THỦ TRƯỞNG CƠ QUAN",
                  "(Ký, ghi rõ họ tên và đóng dấu)", "nơi đóng dấu", "Võ Thanh Hà", "Nơi nhận:",
                  "Ủy ban nhân dân phường An Bình xin lỗi ông/bà",
                  "An Bình, ngày 16 tháng 9 năm 2025"]:
        assert words in text, words


def test_a_department_writes_the_apology_under_the_province(org, procedure, tmp_path):
    dossier = apology_story(org, procedure, at(2025, 9, 15, 9, 0))
    dossier.events.filter(action="apologize").update(unit=org.dept)
    text = pdf_text(render_pdf("apology", dossier), tmp_path)
    assert "UBND TỈNH THỬ NGHIỆM" in text and "SỞ TƯ PHÁP" in text
    assert "Số: …………/STP" in text and "Thử Nghiệm, ngày 16 tháng 9 năm 2025" in text


# --- 05 stop notice (2025 only) ------------------------------------------------------------------

def stop_story(org, procedure, received_at):
    dossier = make_dossier(org, procedure, received_at=received_at, state="stopped")
    log = Log(dossier)
    log("accept", received_at, "received", 1)("forward", received_at, "processing", 2)
    log("stop", at(2025, 9, 18, 10, 5), "stopped", actor=LEADER,
        comment="Người yêu cầu đề nghị dừng giải quyết bằng văn bản")
    return dossier


def test_stop_notice_on_a_2025_dossier(org, procedure, tmp_path):
    dossier = stop_story(org, procedure, at(2025, 9, 15, 14, 0))
    assert "stop" in [f.key for f in available_forms(dossier)]
    pdf = render_pdf("stop", dossier)
    save_png(pdf, "05-stop-2025")
    text = pdf_text(pdf, tmp_path)
    for words in ["Mẫu số 05 — Thông tư số 03/2025/TT-VPCP", "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
                  "mã hồ sơ H99.50-250915-0001", "10 giờ 05 phút, ngày 18 tháng 9 năm 2025",
                  "Người yêu cầu đề nghị dừng giải quyết bằng văn bản", "THỦ TRƯỞNG CƠ QUAN"]:
        assert words in text, words


def test_stop_notice_is_refused_for_a_2018_dossier(org, procedure):
    dossier = stop_story(org, procedure, at(2025, 9, 14, 23, 59))
    assert "stop" not in [f.key for f in available_forms(dossier)]
    with pytest.raises(FormNotAvailable) as err:
        render_pdf("stop", dossier)
    assert "14/09/2025" in err.value.message_vi
    assert "Thông tư số 01/2018/TT-VPCP" in err.value.message_vi
    assert "Thông báo dừng giải quyết hồ sơ" in err.value.message_vi
    assert "no 'stop' form" in err.value.message_en


# --- 05/06 control sheet --------------------------------------------------------------------------

def test_control_sheet_measures_each_step(org, procedure, tmp_path):
    dossier = returned_story(org, procedure)
    pdf = render_pdf("control", dossier, now=at(2026, 3, 6, 9, 0))
    path = save_png(pdf, "06-control-2025")
    assert (page_size_mm(path), page_count(path)) == ((210, 297), 1)
    text = pdf_text(pdf, tmp_path)
    for words in ["Mẫu số 06", "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", "Mã hồ sơ: H99.50-260302-0001",
                  "Tạm dừng tính thời gian 8 giờ làm việc", "Người giao: Trần Văn Bình"]:
        assert words in text, words
    # reception 3 h of 4, appraisal 13 h of 12, approval 4 h of 4, return desk 2 h of 4
    assert _statuses(text) == ["Trước hạn", "Quá hạn", "Đúng hạn", "Trước hạn"]
    for used in ["dùng 3 giờ", "dùng 13 giờ", "dùng 4 giờ", "dùng 2 giờ"]:
        assert used in text
    # the appraisal's own due moment moves by the 8 paused hours: Mon 11:00 + 12 h + 8 h = Wed 17:00
    assert "17:00 04/03/2026" in text


def _statuses(text):
    import re

    return re.findall(r"Trước hạn|Đúng hạn|Quá hạn|Đang xử lý", text.split("Ghi chú", 1)[1])


def test_control_sheet_of_a_dossier_still_at_a_step(org, procedure, tmp_path):
    dossier = make_dossier(org, procedure, received_at=at(2026, 3, 2, 8, 0), state="processing")
    Log(dossier)("accept", at(2026, 3, 2, 8, 0), "received", 1)("forward", at(2026, 3, 2, 10, 0), "processing", 2)
    within = pdf_text(render_pdf("control", dossier, now=at(2026, 3, 3, 10, 0)), tmp_path)  # 8 h of 12
    assert _statuses(within) == ["Trước hạn", "Đang xử lý"]
    overdue = pdf_text(render_pdf("control", dossier, now=at(2026, 3, 4, 8, 0)), tmp_path)  # 14 h of 12
    assert _statuses(overdue) == ["Trước hạn", "Quá hạn"]


# --- which forms, and refusals to print ---------------------------------------------------------

def test_available_forms_follow_the_events(org, procedure):
    dossier = returned_story(org, procedure)
    assert [(f.key, f.number) for f in available_forms(dossier)] == [
        ("receipt", "01"), ("supplement", "02"), ("control", "06")]
    fresh = make_dossier(org, procedure, received_at=None, state="submitted", submitted_at=at(2026, 3, 2, 8))
    assert available_forms(fresh) == []
    with pytest.raises(FormNotAvailable) as err:
        render_pdf("control", fresh)
    assert "chưa được tiếp nhận" in err.value.message_vi


@pytest.mark.parametrize("key, message", [
    ("apology", "chưa có lần xin lỗi"), ("refusal", "không bị từ chối"), ("stop", "không bị dừng"),
    ("register", "không in theo từng hồ sơ"), ("receipts", "Không có biểu mẫu 'receipts'"),
])
def test_forms_without_content_are_refused_with_a_reason(org, procedure, key, message):
    with pytest.raises(FormNotAvailable) as err:
        render_pdf(key, returned_story(org, procedure))
    assert message in err.value.message_vi
    assert err.value.message_en
