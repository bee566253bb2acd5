"""Pure rules of feedback, with Decision 766's own numbers (domain-vn.md §1.3, §1.4)."""

from datetime import timedelta

import pytest

from motcua.core.errors import UserFacingError
from motcua.feedback import rules
from motcua.monitoring.index766 import score
from motcua.workdays.calendar import WorkCalendar
from tests.fixtures_dossiers import at

CAL = WorkCalendar()


def test_petition_deadlines_across_tet_2026():
    # Friday 13/02/2026 09:00; Tết 16–20/02 and the weekend are not working days.
    due = rules.deadlines(CAL, at(2026, 2, 13, 9, 0))
    assert due.refuse == at(2026, 2, 24, 9, 0)    # 2 working days
    assert due.info == at(2026, 2, 27, 9, 0)      # 5 working days (the holidays package's own example)
    assert due.answer == at(2026, 3, 13, 9, 0)    # 15 working days


def test_received_after_hours_starts_next_morning():
    due = rules.deadlines(CAL, at(2026, 3, 6, 20, 0))  # Friday evening
    assert due.refuse == at(2026, 3, 10, 17, 0)     # clock from Monday 07:00: 2 working days end Tuesday 17:00


def test_publish_deadline_over_30_4_and_1_5():
    assert rules.publish_deadline(CAL, at(2026, 4, 29, 10, 0)) == at(2026, 5, 5, 10, 0)


DUE = at(2026, 3, 13, 9, 0)


def state(**kw):
    return rules.PetitionState(**{"is_open": True, "late": False, "answer_due_at": DUE, **kw})


def test_overdue():
    assert not rules.is_overdue(state(), DUE)
    assert rules.is_overdue(state(), DUE + timedelta(seconds=1))
    assert not rules.is_overdue(state(paused=True), DUE + timedelta(days=3))  # waiting for the sender
    assert not rules.is_overdue(state(is_open=False), DUE + timedelta(days=3))  # answered in time
    assert rules.is_overdue(state(is_open=False, late=True), DUE)  # answered, but late
    published_late = state(is_open=False, to_publish=True, publish_due_at=DUE)
    assert rules.is_overdue(published_late, DUE + timedelta(hours=1))
    assert not rules.is_overdue(state(is_open=False, to_publish=True, publish_due_at=DUE, published_at=DUE),
                                DUE + timedelta(hours=1))


def test_petition_satisfaction_5_3():
    # (tổng PAKN − dislike>like − quá hạn − bị phản ánh lại) / tổng PAKN tiếp nhận lần đầu
    assert rules.petition_satisfaction(40, 3, 4, 2) == (31, 40)
    assert str(score({"5.3": (31, 40)}).indicators["5.3"].score) == "4.65"  # 6 × 31/40
    assert rules.petition_satisfaction(3, 2, 2, 1) == (0, 3)  # never below zero
    assert score({"5.3": rules.petition_satisfaction(0, 0, 0, 0)}).indicators["5.3"].score == 6  # no petition


def test_dossier_satisfaction_5_4():
    # 100 % − (tỷ lệ hồ sơ quá hạn + tỷ lệ hồ sơ có PAKN hoặc dislike); full points from 90 %
    assert rules.dossier_satisfaction(200, 8, 6) == (186, 200)
    assert score({"5.4": (186, 200)}).indicators["5.4"].score == 6
    assert rules.dossier_satisfaction(200, 20, 10) == (170, 200)
    assert str(score({"5.4": (170, 200)}).indicators["5.4"].score) == "5.67"  # 6 × 0.85 / 0.90


def test_dislikes_win_only_when_more():
    assert rules.dislikes_win(1, 2) and not rules.dislikes_win(2, 2) and not rules.dislikes_win(3, 0)


def test_meeting_lines():
    lines = rules.parse_meeting_lines(
        "Khi nào có lịch cấp lại sổ hộ khẩu?\n\n"
        "Bà Lê Thị Hoa | Làm giấy khai sinh cho cháu cần gì?\n"
        "Ông Tư | 0987 654 321 | Đường vào trung tâm ngập nước khi mưa\n")
    assert lines == [rules.MeetingLine("", "", "Khi nào có lịch cấp lại sổ hộ khẩu?"),
                     rules.MeetingLine("Bà Lê Thị Hoa", "", "Làm giấy khai sinh cho cháu cần gì?"),
                     rules.MeetingLine("Ông Tư", "0987654321", "Đường vào trung tâm ngập nước khi mưa")]


def test_meeting_lines_report_every_bad_line_and_keep_none():
    with pytest.raises(UserFacingError) as err:
        rules.parse_meeting_lines("Câu hỏi tốt ở dòng một\nAn | 12345 | Câu hỏi có số sai\nBa | |\na|b|c|d")
    assert "dòng 2: số điện thoại '12345' không hợp lệ" in err.value.message_vi
    assert "dòng 3: thiếu nội dung" in err.value.message_vi and "dòng 4: quá 3 phần" in err.value.message_vi
    assert "line 2" in err.value.message_en and "dòng" not in err.value.message_en
    with pytest.raises(UserFacingError, match="Chưa có câu hỏi nào"):
        rules.parse_meeting_lines(" \n\n")
