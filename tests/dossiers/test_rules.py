"""Pure rules of dossiers: state machine, codes, timeliness, applicant checks (no database)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from motcua.core.errors import UserFacingError
from motcua.dossiers import codes, timeliness, validation
from motcua.dossiers.workflow import ACTIONS, NATIONAL_STATUS, IllegalTransition, State, allowed_actions, check

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(*args):
    return datetime(*args, tzinfo=VN)


class TestStateMachine:
    def test_every_state_maps_to_a_national_code_except_draft(self):
        assert NATIONAL_STATUS[State.SUBMITTED] == 1
        assert NATIONAL_STATUS[State.RECEIVED] == 2
        assert NATIONAL_STATUS[State.REFUSED] == 3
        assert NATIONAL_STATUS[State.PROCESSING] == 4
        assert NATIONAL_STATUS[State.SUPPLEMENT_REQUESTED] == 5
        assert NATIONAL_STATUS[State.FEE_REQUESTED] == 6
        assert NATIONAL_STATUS[State.WITHDRAWN] == 7
        assert NATIONAL_STATUS[State.STOPPED] == 8
        assert NATIONAL_STATUS[State.COMPLETED] == 9
        assert NATIONAL_STATUS[State.RETURNED] == 10
        assert NATIONAL_STATUS[State.DRAFT] is None
        assert set(NATIONAL_STATUS) == set(State.LABELS)

    def test_every_action_source_and_target_is_a_known_state(self):
        for action in ACTIONS.values():
            assert action.sources <= set(State.LABELS), action.name
            assert action.target is None or action.target in State.LABELS

    def test_terminal_states_allow_nothing(self):
        everyone = {"applicant", "system", "reception", "specialist", "leader", "postal_agent", "digital_guide"}
        for state in State.TERMINAL:
            assert allowed_actions(state, everyone) == []

    def test_reception_accepts_but_a_specialist_may_not(self):
        assert check("accept", State.SUBMITTED, {"reception"}).target == State.RECEIVED
        with pytest.raises(IllegalTransition) as err:
            check("accept", State.SUBMITTED, {"specialist"})
        assert "không có quyền" in err.value.message_vi

    def test_illegal_transition_names_the_state_in_vietnamese(self):
        with pytest.raises(IllegalTransition) as err:
            check("return_result", State.PROCESSING, {"reception"})
        assert "Đang xử lý" in err.value.message_vi
        assert "not allowed" in err.value.message_en

    def test_only_a_leader_completes_and_stops(self):
        assert check("complete", State.PROCESSING, {"leader"})
        for role in ("specialist", "reception"):
            with pytest.raises(IllegalTransition):
                check("complete", State.PROCESSING, {role})
            with pytest.raises(IllegalTransition):
                check("stop", State.PROCESSING, {role})

    def test_paused_states_are_open(self):
        assert State.PAUSED <= State.OPEN


class TestCodes:
    def test_format_matches_circular_01_2018_as_used_today(self):
        assert codes.format_code("H15.50", date(2026, 10, 8), 975) == "H15.50-261008-0975"
        assert codes.format_code("H15.50.05.13", date(2026, 10, 8), 1) == "H15.50.05.13-261008-0001"

    def test_more_than_9999_a_day_widens_instead_of_wrapping(self):
        assert codes.format_code("H15", date(2026, 1, 2), 10000) == "H15-260102-10000"

    def test_parse_round_trip_and_rejects(self):
        assert codes.parse_code("h15.50-261008-0975") == ("H15.50", date(2026, 10, 8), 975)
        assert codes.parse_code("000.17.22.H56-210531-0001") == ("000.17.22.H56", date(2021, 5, 31), 1)
        assert codes.parse_code("H15.50-261308-0001") is None  # month 13
        assert codes.parse_code("H15.50-261008-12") is None
        assert codes.parse_code("'; drop table") is None

    def test_zero_is_not_a_sequence_number(self):
        with pytest.raises(ValueError):
            codes.format_code("H15", date(2026, 1, 1), 0)


class TestTimeliness:
    due = at(2026, 2, 27, 16, 30)

    def test_finished_before_the_due_day_is_early(self):
        assert timeliness.classify_finished(at(2026, 2, 26, 9, 0), self.due, False) == "early"

    def test_finished_on_the_due_day_up_to_the_due_moment_is_on_time(self):
        assert timeliness.classify_finished(at(2026, 2, 27, 8, 0), self.due, False) == "on_time"
        assert timeliness.classify_finished(self.due, self.due, False) == "on_time"

    def test_one_minute_after_is_late(self):
        assert timeliness.classify_finished(at(2026, 2, 27, 16, 31), self.due, False) == "late"

    def test_second_supplement_or_extension_counts_late_even_if_early(self):
        assert timeliness.classify_finished(at(2026, 2, 20, 9, 0), self.due, True) == "late"

    def test_open_classification_with_badly_overdue_and_pause(self):
        badly = at(2026, 3, 13, 16, 30)
        assert timeliness.classify_open(at(2026, 2, 27, 16, 0), self.due, badly) == "within"
        assert timeliness.classify_open(at(2026, 3, 2, 8, 0), self.due, badly) == "overdue"
        assert timeliness.classify_open(at(2026, 3, 16, 8, 0), self.due, badly) == "badly_overdue"
        # paused before the due moment: still within time however long the citizen takes
        assert timeliness.classify_open(at(2026, 4, 1, 8, 0), self.due, badly, paused_at=at(2026, 2, 25, 9)) == "within"


class TestApplicantChecks:
    def test_valid_personal_id(self):
        assert validation.personal_id(" 001 098 012 345 ".replace(" ", "")) == "001098012345"

    @pytest.mark.parametrize("bad", ["12345", "0010980123456", "00109801234a", "003098012345", "001298012345"])
    def test_wrong_personal_ids_are_refused_with_a_reason(self, bad):
        # 003 is not a birth-place code; digit 4 = 2 with year 98 → 2098, in the future
        with pytest.raises(UserFacingError) as err:
            validation.personal_id(bad, today=date(2026, 11, 23))
        assert err.value.field == "applicant_id_number"
        assert "định danh" in err.value.message_vi

    def test_tax_codes(self):
        assert validation.tax_code("0101234567") == "0101234567"
        assert validation.tax_code("0101234567-001") == "0101234567-001"
        with pytest.raises(UserFacingError):
            validation.tax_code("01012345")

    def test_phones(self):
        assert validation.phone("+84 912 345 678") == "0912345678"
        assert validation.phone("") == ""
        with pytest.raises(UserFacingError):
            validation.phone("0212345678")
