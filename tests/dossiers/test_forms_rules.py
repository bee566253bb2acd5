"""Pure rules of the forms: which set, form numbers, Vietnamese wording, per-step timing (no database)."""

from datetime import date, datetime
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from motcua.dossiers.forms import control, wording
from motcua.dossiers.forms.registry import A4, A4_LANDSCAPE, A5, FORM_KEYS, SET_2018, SET_2025, form_set_for, spec
from motcua.workdays.calendar import WorkCalendar

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(*args):
    return datetime(*args, tzinfo=VN)


class TestRegistry:
    def test_the_2025_set_starts_on_15_september_2025(self):
        assert form_set_for(date(2025, 9, 14)) is SET_2018
        assert form_set_for(date(2025, 9, 15)) is SET_2025
        assert form_set_for(date(2019, 1, 6)) is SET_2018

    def test_numbers_shift_after_the_stop_notice_is_inserted(self):
        numbers = {s.key: {k: getattr(spec(k, s), "number", None) for k in FORM_KEYS} for s in (SET_2018, SET_2025)}
        assert numbers["2018"] == {"receipt": "01", "supplement": "02", "refusal": "03", "apology": "04",
                                   "stop": None, "control": "05", "register": "06"}
        assert numbers["2025"] == {"receipt": "01", "supplement": "02", "refusal": "03", "apology": "04",
                                   "stop": "05", "control": "06", "register": "07"}

    def test_titles_and_paper(self):
        assert spec("apology", SET_2018).title == "Phiếu xin lỗi và hẹn lại ngày trả kết quả"
        assert spec("apology", SET_2025).title == "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết"
        assert spec("stop", SET_2025).title == "Thông báo dừng giải quyết hồ sơ"
        assert [spec(k, SET_2018).paper for k in ("receipt", "supplement", "refusal", "apology")] == [A5] * 4
        assert spec("control", SET_2018).paper == A4
        assert spec("register", SET_2025).paper == A4_LANDSCAPE
        assert spec("control", SET_2025).label == "Mẫu số 06 — Phiếu kiểm soát quá trình giải quyết hồ sơ"


class TestWording:
    @pytest.mark.parametrize("day, written", [
        (date(2026, 1, 5), ("05", "01")), (date(2026, 2, 28), ("28", "02")), (date(2026, 3, 9), ("09", "3")),
        (date(2026, 12, 10), ("10", "12")), (date(2026, 11, 1), ("01", "11")),
    ])
    def test_leading_zero_for_days_below_10_and_months_1_and_2(self, day, written):
        assert wording.day_month(day) == written

    def test_dates_and_moments_in_words(self):
        assert wording.date_words(date(2025, 9, 15)) == "ngày 15 tháng 9 năm 2025"
        assert wording.moment_words(datetime(2026, 2, 27, 16, 30)) == "16 giờ 30 phút, ngày 27 tháng 02 năm 2026"
        assert wording.moment_words(datetime(2026, 3, 2, 8, 5)) == "08 giờ 05 phút, ngày 02 tháng 3 năm 2026"
        assert wording.moment_words(None) == "………… giờ ………… phút, ngày ………… tháng ………… năm …………"
        assert wording.short_moment(datetime(2026, 3, 2, 8, 5)) == "08:05 02/03/2026"

    def test_amounts(self):
        assert wording.amount_words(Decimal("3.00"), "working-days") == "3 ngày làm việc"
        assert wording.amount_words(Decimal("0.5"), "working-days") == "0,5 ngày làm việc"
        assert wording.amount_words(Decimal("4"), "working-hours") == "4 giờ làm việc"
        assert wording.amount_words(Decimal("30"), "days") == "30 ngày"
        assert wording.amount_words(None, "") == wording.DOTS
        assert [wording.minutes_words(m) for m in (45, 60, 450, 780)] == ["45 phút", "1 giờ", "7 giờ 30 phút",
                                                                            "13 giờ"]
        assert wording.copies_words(1, 2) == "01 bản chính, 02 bản sao"
        assert wording.copies_words(0, 1) == "01 bản sao"

    def test_names(self):
        assert wording.place_name("Phường An Bình") == "An Bình"
        assert wording.place_name("Tỉnh Đắk Lắk") == "Đắk Lắk"
        assert wording.place_name("Thành phố  Hà Nội") == "Hà Nội"
        assert wording.place_name("Xã Hòa Lạc") == "Hòa Lạc"
        assert wording.place_name("Đặc khu Phú Quốc") == "Phú Quốc"
        assert wording.place_name("Xuân Hòa") == "Xuân Hòa"  # no prefix: unchanged
        assert wording.governing_body("Tỉnh Đắk Lắk") == "UBND TỈNH ĐẮK LẮK"
        assert wording.committee_name("Phường An Bình") == "Ủy ban nhân dân phường An Bình"
        assert wording.initials("Sở Tư pháp") == "STP"
        assert wording.initials("Sở Nông nghiệp và Môi trường") == "SNNMT"

    def test_free_text_becomes_items(self):
        assert wording.lines("- Bản sao giấy khai sinh\n\n• Ảnh 4x6  \n") == ["Bản sao giấy khai sinh", "Ảnh 4x6"]


def event(at_, action, from_state, to_state, to_step, actor="A", unit=None):
    return SimpleNamespace(at=at_, action=action, from_state=from_state, to_state=to_state, to_step=to_step,
                           actor_name=actor, unit=unit, unit_id=getattr(unit, "pk", None))


class TestStepTiming:
    """One step of 8 working hours, received Monday 02/03/2026 08:00 (07:00–11:30, 13:30–17:00)."""

    calendar = WorkCalendar()
    start = at(2026, 3, 2, 8, 0)

    def test_the_rule_in_whole_minutes(self):
        assert control.classify_step(479, 480) == control.EARLY
        assert control.classify_step(480, 480) == control.ON_TIME
        assert control.classify_step(481, 480) == control.LATE
        assert control.allowed_minutes(Decimal("1.25")) == 75
        assert control.allowed_minutes(Decimal("12")) == 720

    @pytest.mark.parametrize("end, used, status", [
        (at(2026, 3, 2, 16, 0), 360, control.EARLY),  # 3.5 h + 2.5 h
        (at(2026, 3, 3, 8, 0), 480, control.ON_TIME),  # 7 h Monday + 1 h Tuesday
        (at(2026, 3, 3, 8, 1), 481, control.LATE),
    ])
    def test_used_against_allowed(self, end, used, status):
        visit = control.Visit(1, self.start, "accept", "A", end=end)
        timing = control.measure(visit, Decimal(8), self.calendar, now=at(2026, 3, 9, 8, 0))
        assert (timing.used_minutes, timing.status, timing.due) == (used, status, at(2026, 3, 3, 8, 0))

    def test_a_pause_is_not_time_used_and_moves_the_due_moment(self):
        # paused Mon 10:00 → Tue 10:00 = 1.5 + 3.5 + 3 = 8 working hours; ended Tue 16:00
        visit = control.Visit(1, self.start, "accept", "A", end=at(2026, 3, 3, 16, 0),
                              pauses=[[at(2026, 3, 2, 10, 0), at(2026, 3, 3, 10, 0)]])
        timing = control.measure(visit, Decimal(8), self.calendar, now=at(2026, 3, 9, 8, 0))
        assert (timing.used_minutes, timing.paused_minutes, timing.status) == (360, 480, control.EARLY)
        assert timing.due == at(2026, 3, 4, 8, 0)  # 16 working hours after Monday 08:00

    def test_a_running_visit_is_late_once_over_its_time(self):
        visit = control.Visit(1, self.start, "accept", "A")
        assert control.measure(visit, Decimal(8), self.calendar, now=at(2026, 3, 3, 8, 0)).status == control.RUNNING
        assert control.measure(visit, Decimal(8), self.calendar, now=at(2026, 3, 3, 8, 1)).status == control.LATE

    def test_a_weekend_is_not_working_time(self):
        visit = control.Visit(1, at(2026, 3, 6, 16, 0), "forward", "A", end=at(2026, 3, 9, 8, 0))  # Fri → Mon
        assert control.measure(visit, Decimal(8), self.calendar, now=at(2026, 3, 9, 9, 0)).used_minutes == 120


class TestVisits:
    def test_each_hand_over_opens_a_visit_and_a_send_back_revisits(self):
        events = [
            event(at(2026, 3, 2, 7, 0), "create", "", "draft", 0),
            event(at(2026, 3, 2, 7, 5), "submit", "draft", "submitted", 0),
            event(at(2026, 3, 2, 8, 0), "accept", "submitted", "received", 1, "Lan"),
            event(at(2026, 3, 2, 9, 0), "forward", "received", "processing", 2, "Lan"),
            event(at(2026, 3, 2, 10, 0), "forward", "processing", "processing", 3, "Tuấn"),
            event(at(2026, 3, 2, 11, 0), "send_back", "processing", "processing", 2, "Hùng"),
            event(at(2026, 3, 2, 14, 0), "request_supplement", "processing", "supplement_requested", 2, "Tuấn"),
            event(at(2026, 3, 3, 8, 0), "stop", "supplement_requested", "stopped", 2, "Hùng"),
        ]
        found = control.visits(events)
        assert [(v.position, v.opened_by, v.handed_by, v.closed_by) for v in found] == [
            (1, "accept", "Lan", "Lan"), (2, "forward", "Lan", "Tuấn"), (3, "forward", "Tuấn", "Hùng"),
            (2, "send_back", "Hùng", "Hùng")]
        assert found[-1].end == at(2026, 3, 3, 8, 0)
        # stopped while waiting for the supplement: the pause ends with the visit
        assert found[-1].pauses == [[at(2026, 3, 2, 14, 0), at(2026, 3, 3, 8, 0)]]

    def test_the_return_desk_visit_ends_when_the_result_is_returned(self):
        unit = SimpleNamespace(pk=7, name="Sở Tư pháp")
        events = [
            event(at(2026, 3, 2, 8, 0), "accept", "submitted", "received", 1),
            event(at(2026, 3, 2, 9, 0), "forward", "received", "processing", 2),
            event(at(2026, 3, 2, 9, 30), "transfer", "processing", "processing", 2, unit=unit),
            event(at(2026, 3, 2, 10, 0), "complete", "processing", "completed", 3),
            event(at(2026, 3, 2, 10, 30), "apologize", "completed", "completed", 3),
            event(at(2026, 3, 2, 15, 0), "return_result", "completed", "returned", 3),
        ]
        found = control.visits(events)
        assert [(v.position, v.start, v.end) for v in found] == [
            (1, at(2026, 3, 2, 8, 0), at(2026, 3, 2, 9, 0)), (2, at(2026, 3, 2, 9, 0), at(2026, 3, 2, 10, 0)),
            (3, at(2026, 3, 2, 10, 0), at(2026, 3, 2, 15, 0))]
        assert [e.unit.name for e in found[1].transfers] == ["Sở Tư pháp"]  # liên thông: a note, not a new row
