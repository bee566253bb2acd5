"""Pure rules of the back office, with the numbers of the calendar and of the rules themselves."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from motcua.backoffice import due, inbox, rules
from motcua.core.errors import UserFacingError
from motcua.workdays.calendar import WorkCalendar

VN = ZoneInfo("Asia/Ho_Chi_Minh")
CAL = WorkCalendar()


def at(*args):
    return datetime(*args, tzinfo=VN)


# --- due colours ---------------------------------------------------------------------------------

def test_due_soon_means_within_one_working_day():
    now = at(2026, 3, 6, 10, 0)  # Friday
    assert due.soon_until(CAL, now) == at(2026, 3, 9, 10, 0)  # the weekend does not count
    limit = due.soon_until(CAL, now)
    assert due.level(now, at(2026, 3, 9, 8, 0), None, None, limit) == due.SOON
    assert due.level(now, at(2026, 3, 9, 10, 0), None, None, limit) == due.SOON
    assert due.level(now, at(2026, 3, 10, 8, 0), None, None, limit) == due.WITHIN


def test_due_soon_skips_tet_2026():
    # Friday 13 Feb 16:00: one working hour left that day, then Tết 16–20 Feb, so 7 h on Monday 23 Feb.
    assert due.soon_until(CAL, at(2026, 2, 13, 16, 0)) == at(2026, 2, 23, 16, 0)


def test_overdue_and_badly_overdue():
    now = at(2026, 3, 6, 10, 0)
    limit = due.soon_until(CAL, now)
    assert due.level(now, at(2026, 3, 5, 17, 0), at(2026, 3, 12, 17, 0), None, limit) == due.OVERDUE
    assert due.level(now, at(2026, 3, 2, 17, 0), at(2026, 3, 5, 12, 0), None, limit) == due.BADLY_OVERDUE
    assert due.level(now, None, None, None, limit) is None


def test_a_paused_clock_is_judged_when_it_stopped_and_is_never_due_soon():
    now = at(2026, 3, 6, 10, 0)
    limit = due.soon_until(CAL, now)
    # paused before the due moment: still within time however long the pause lasts
    assert due.level(now, at(2026, 3, 5, 12, 0), None, at(2026, 3, 5, 9, 0), limit) == due.WITHIN
    assert due.level(now, at(2026, 3, 9, 8, 0), None, at(2026, 3, 5, 9, 0), limit) == due.WITHIN
    # paused after it: overdue
    assert due.level(now, at(2026, 3, 5, 12, 0), None, at(2026, 3, 5, 16, 0), limit) == due.OVERDUE


def test_step_result_counts_whole_minutes():
    step_due = at(2026, 3, 2, 9, 45)
    assert due.step_result(at(2026, 3, 2, 9, 44, 59), step_due) == "early"
    assert due.step_result(at(2026, 3, 2, 9, 45, 30), step_due) == "on_time"
    assert due.step_result(at(2026, 3, 2, 9, 46), step_due) == "late"


def test_apology_suggestion_is_two_working_days_later_at_closing_time():
    # overdue since Friday 27 Feb 16:30; on Monday 2 Mar 09:00 → Wednesday 4 Mar, 17:00
    assert due.suggest_new_due(CAL, at(2026, 3, 2, 9, 0), at(2026, 2, 27, 16, 30)) == at(2026, 3, 4, 17, 0)


def test_apology_suggestion_before_the_due_moment_counts_from_it_and_skips_tet():
    # due Friday 13 Feb 16:00, apology at 15:00: 16 working hours after 16:00 → Tuesday 24 Feb 16:00
    assert due.suggest_new_due(CAL, at(2026, 2, 13, 15, 0), at(2026, 2, 13, 16, 0)) == at(2026, 2, 24, 17, 0)


# --- checklist -----------------------------------------------------------------------------------

DOCS = [rules.Document(1, "Tờ khai đăng ký khai sinh"), rules.Document(2, "Giấy chứng sinh"),
        rules.Document(3, "Văn bản ủy quyền", is_required=False)]


def test_missing_documents_are_the_unticked_required_ones_in_order():
    assert rules.missing_documents(DOCS, {1, 2}) == []
    assert rules.missing_documents(DOCS, {1}) == ["Giấy chứng sinh"]
    assert rules.missing_documents(DOCS, set()) == ["Tờ khai đăng ký khai sinh", "Giấy chứng sinh"]


def test_receiving_needs_every_required_document():
    rules.require_complete([])
    with pytest.raises(UserFacingError) as err:
        rules.require_complete(["Giấy chứng sinh"])
    assert err.value.field == "checklist" and "Giấy chứng sinh" in err.value.message_vi


def test_completion_request_lists_missing_documents_then_the_note():
    text = rules.completion_request_text(["Giấy chứng sinh"], "  Mang bản chính khi đến nhận ")
    assert text == "Cần bổ sung các giấy tờ sau:\n- Giấy chứng sinh\nMang bản chính khi đến nhận"
    assert rules.completion_request_text([], "") == ""


# --- who collects the result ---------------------------------------------------------------------

def test_the_applicant_collects_with_their_own_id():
    record = rules.receiver_record("applicant", "citizen", "001098012345", " 0010 9801 2345 ")
    assert record == {"receiver": "applicant", "id_checked": "applicant_id"}


def test_another_id_is_refused_for_the_applicant_path():
    with pytest.raises(UserFacingError) as err:
        rules.receiver_record("applicant", "citizen", "001098012345", "001098012346")
    assert err.value.field == "received_by_id_number"
    assert "không khớp" in err.value.message_vi


def test_an_organisation_is_always_represented_by_an_authorised_person():
    with pytest.raises(UserFacingError) as err:
        rules.receiver_record("applicant", "business", "0101234567", "0101234567")
    assert err.value.field == "receiver"


def test_an_authorised_person_needs_a_valid_id_and_the_power_of_attorney():
    record = rules.receiver_record("authorised", "citizen", "001098012345", "079190001234",
                                   "Giấy ủy quyền  số 12/UQ ngày 01/03/2026")
    assert record == {"receiver": "authorised", "id_checked": "own_id", "id_number": "079190001234",
                      "authorisation": "Giấy ủy quyền số 12/UQ ngày 01/03/2026"}
    with pytest.raises(UserFacingError) as err:
        rules.receiver_record("authorised", "citizen", "001098012345", "079190001234", " ")
    assert err.value.field == "authorisation"
    with pytest.raises(UserFacingError) as err:
        rules.receiver_record("authorised", "citizen", "001098012345", "12345", "Giấy ủy quyền số 12")
    assert err.value.field == "received_by_id_number" and "12 chữ số" in err.value.message_vi


# --- inbox cursors -------------------------------------------------------------------------------

def test_cursor_round_trip_and_malformed_cursors():
    moment = at(2026, 3, 9, 8, 0)
    assert inbox.decode_cursor(inbox.encode_cursor(moment, 42)) == (moment, 42)
    for bad in ["", "abc", "2026-03-09T08:00:00+07:00", "2026-03-09T08:00:00+07:00~x", "2026-13-09T08:00~1",
                "2026-03-09T08:00:00~1"]:  # the last one has no time zone
        assert inbox.decode_cursor(bad) is None, bad
