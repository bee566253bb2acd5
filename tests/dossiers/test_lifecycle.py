"""A dossier from submission to returned result, with the statutory numbers."""

from datetime import timedelta

import pytest

from motcua.core.errors import UserFacingError
from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.dossiers.workflow import IllegalTransition, State

from .conftest import at

pytestmark = pytest.mark.django_db


def submit_online(world, applicant, now):
    return services.create(procedure=world.procedure, unit=world.org.commune_a, channel="online",
                           applicant=applicant, actor=world.citizen, owner=world.citizen, submit=True, now=now)


def accepted(world, applicant, now):
    d = submit_online(world, applicant, now)
    return services.perform(d, "accept", world.reception, now=now)


def test_online_submission_waits_for_reception_with_national_status_1(world, applicant):
    d = submit_online(world, applicant, at(2026, 2, 13, 16, 0))
    assert (d.state, d.national_status, d.code) == (State.SUBMITTED, 1, None)
    assert d.owner == world.citizen


def test_acceptance_gives_code_and_due_moment_over_tet_2026(world, applicant):
    d = accepted(world, applicant, at(2026, 2, 13, 16, 30))
    assert d.code == "H99.50-260213-0001"
    assert d.national_status == 2
    # 5 working days from Friday 13 Feb 16:30, Tết 16–20 Feb off → Friday 27 Feb 16:30
    assert d.due_at == at(2026, 2, 27, 16, 30)
    steps = list(d.steps.all())
    assert [s.role for s in steps] == ["reception", "specialist", "leader", "reception"]
    assert steps[0].due_at == at(2026, 2, 13, 17, 0)  # 0.5 working hour at reception


def test_codes_count_per_unit_and_day_without_gaps(world, applicant):
    now = at(2026, 10, 8, 9, 0)
    first, second = accepted(world, applicant, now), accepted(world, applicant, now)
    other = services.create(procedure=world.procedure, unit=world.org.commune_b, channel="direct",
                            applicant=applicant, actor=world.other_reception, submitted_via="counter",
                            submit=True, now=now)
    other = services.perform(other, "accept", world.other_reception, now=now)
    next_day = accepted(world, applicant, at(2026, 10, 9, 9, 0))
    assert [first.code, second.code, other.code, next_day.code] == [
        "H99.50-261008-0001", "H99.50-261008-0002", "H99.51-261008-0001", "H99.50-261009-0001"]


def test_full_process_ends_returned_and_early(world, applicant):
    d = accepted(world, applicant, at(2026, 3, 2, 8, 0))
    d = services.perform(d, "forward", world.reception, now=at(2026, 3, 2, 8, 20))
    assert (d.state, d.national_status, d.step_position) == (State.PROCESSING, 4, 2)
    d = services.perform(d, "forward", world.specialist, now=at(2026, 3, 3, 10, 0))
    with pytest.raises(UserFacingError):  # the leader's step is the last processing step
        services.perform(d, "forward", world.leader, now=at(2026, 3, 3, 11, 0))
    d = services.perform(d, "complete", world.leader, now=at(2026, 3, 4, 9, 0), result_summary="Giấy khai sinh")
    assert (d.state, d.national_status, d.timeliness) == (State.COMPLETED, 9, "early")
    assert d.finished_at == at(2026, 3, 4, 9, 0)
    d = services.perform(d, "return_result", world.reception, now=at(2026, 3, 5, 14, 0),
                         received_by_name="Nguyễn Văn An", received_by_id_number="001098012345")
    assert (d.state, d.national_status, d.returned_at) == (State.RETURNED, 10, at(2026, 3, 5, 14, 0))
    assert list(d.events.values_list("action", flat=True)) == [
        "create", "submit", "accept", "forward", "forward", "complete", "return_result"]


def test_supplement_pauses_the_clock_and_moves_the_due_moment(world, applicant):
    d = accepted(world, applicant, at(2026, 3, 2, 8, 0))  # due Mon 9 Mar 08:00
    assert d.due_at == at(2026, 3, 9, 8, 0)
    d = services.perform(d, "forward", world.reception, now=at(2026, 3, 2, 8, 30))
    d = services.perform(d, "request_supplement", world.specialist, now=at(2026, 3, 3, 9, 0),
                         comment="Thiếu bản sao giấy chứng sinh")
    assert (d.state, d.national_status, d.paused_at) == (State.SUPPLEMENT_REQUESTED, 5, at(2026, 3, 3, 9, 0))
    # the citizen brings it two working days later (Thu 5 Mar 09:00): 16 working hours paused
    d = services.perform(d, "receive_supplement", world.reception, now=at(2026, 3, 5, 9, 0))
    assert d.due_at == at(2026, 3, 11, 8, 0)
    assert d.original_due_at == at(2026, 3, 9, 8, 0)
    assert not d.counts_as_late


def test_pause_over_a_weekend_counts_only_working_time(world, applicant):
    d = accepted(world, applicant, at(2026, 3, 2, 8, 0))
    d = services.perform(d, "forward", world.reception, now=at(2026, 3, 2, 8, 30))
    d = services.perform(d, "suspend", world.specialist, now=at(2026, 3, 6, 16, 0), comment="Chờ xác minh")
    assert d.national_status == 8
    d = services.perform(d, "resume", world.specialist, now=at(2026, 3, 9, 8, 0))  # Fri 16:00 → Mon 08:00
    assert d.due_at == at(2026, 3, 9, 8, 0) + timedelta(hours=2)  # 1 h Friday + 1 h Monday


def test_second_supplement_request_counts_late(world, applicant):
    d = accepted(world, applicant, at(2026, 3, 2, 8, 0))
    d = services.perform(d, "forward", world.reception, now=at(2026, 3, 2, 8, 30))
    for day in (3, 5):
        d = services.perform(d, "request_supplement", world.specialist, now=at(2026, 3, day, 9), comment="Thiếu")
        d = services.perform(d, "receive_supplement", world.reception, now=at(2026, 3, day, 10))
    assert d.supplement_count == 2 and d.counts_as_late
    d = services.perform(d, "forward", world.specialist, now=at(2026, 3, 6, 9))
    d = services.perform(d, "complete", world.leader, now=at(2026, 3, 6, 10))
    assert d.timeliness == "late"


def test_apology_sets_a_new_date_but_the_dossier_stays_late(world, applicant):
    d = accepted(world, applicant, at(2026, 3, 2, 8, 0))
    d = services.perform(d, "forward", world.reception, now=at(2026, 3, 2, 8, 30))
    with pytest.raises(UserFacingError):
        services.perform(d, "apologize", world.specialist, now=at(2026, 3, 6, 9), comment="Xin lỗi",
                         new_due_at=at(2026, 3, 5, 9))
    d = services.perform(d, "apologize", world.specialist, now=at(2026, 3, 6, 9), comment="Cần xác minh thêm",
                         new_due_at=at(2026, 3, 13, 16, 0))
    assert (d.due_at, d.extension_count, d.counts_as_late) == (at(2026, 3, 13, 16, 0), 1, True)
    d = services.perform(d, "forward", world.specialist, now=at(2026, 3, 10, 9))
    d = services.perform(d, "complete", world.leader, now=at(2026, 3, 11, 9))
    assert d.timeliness == "late"


def test_refusal_needs_reasons_and_ends_with_status_3(world, applicant):
    d = submit_online(world, applicant, at(2026, 3, 2, 8, 0))
    with pytest.raises(UserFacingError) as err:
        services.perform(d, "refuse", world.reception, now=at(2026, 3, 2, 9))
    assert err.value.code == "comment_required"
    assert Dossier.objects.get(pk=d.pk).state == State.SUBMITTED  # nothing half-saved
    d = services.perform(d, "refuse", world.reception, comment="Không thuộc thẩm quyền", now=at(2026, 3, 2, 9))
    assert (d.state, d.national_status) == (State.REFUSED, 3)


def test_completion_request_at_reception_then_resubmission(world, applicant):
    d = submit_online(world, applicant, at(2026, 3, 2, 8, 0))
    d = services.perform(d, "request_completion", world.reception, comment="Bổ sung tờ khai có chữ ký")
    assert d.national_status == 5
    d = services.perform(d, "complete_submission", world.citizen)
    d = services.perform(d, "accept", world.reception, now=at(2026, 3, 3, 8, 0))
    assert d.code == "H99.50-260303-0001"


def test_illegal_transitions_and_foreign_units_are_refused(world, applicant):
    d = accepted(world, applicant, at(2026, 3, 2, 8, 0))
    with pytest.raises(IllegalTransition):
        services.perform(d, "return_result", world.reception, received_by_name="X")
    with pytest.raises(IllegalTransition) as err:  # a reception officer of another commune
        services.perform(d, "forward", world.other_reception)
    assert "không có quyền" in err.value.message_vi
    with pytest.raises(IllegalTransition):  # the citizen cannot process their own dossier
        services.perform(d, "forward", world.citizen)


def test_stale_version_is_refused_and_changes_nothing(world, applicant):
    d = accepted(world, applicant, at(2026, 3, 2, 8, 0))
    stale = Dossier.objects.get(pk=d.pk)
    services.perform(d, "forward", world.reception, now=at(2026, 3, 2, 8, 30))
    with pytest.raises(services.ConcurrentUpdate):
        services.perform(stale, "withdraw", world.reception, now=at(2026, 3, 2, 9))
    assert Dossier.objects.get(pk=d.pk).state == State.PROCESSING


def test_event_log_is_a_hash_chain(world, applicant):
    d = accepted(world, applicant, at(2026, 3, 2, 8, 0))
    events = list(d.events.order_by("seq"))
    assert [e.seq for e in events] == [1, 2, 3]
    assert events[0].prev_hash == ""
    for prev, event in zip(events, events[1:]):
        assert event.prev_hash == prev.hash


def test_paper_backfill_counts_from_the_real_receipt_time(world, applicant):
    d = services.create(procedure=world.procedure, unit=world.org.commune_a, channel="direct",
                        applicant=applicant, actor=world.reception, submitted_via="counter", submit=True,
                        now=at(2026, 3, 4, 9, 0))
    with pytest.raises(UserFacingError):
        services.perform(d, "accept", world.reception, now=at(2026, 3, 4, 9, 0), received_at=at(2026, 3, 2, 8, 0))
    d = services.perform(d, "accept", world.reception, now=at(2026, 3, 4, 9, 0), received_at=at(2026, 3, 2, 8, 0),
                         paper_reason="Mất kết nối mạng ngày 2/3")
    assert (d.code, d.due_at, d.is_paper_backfill) == ("H99.50-260302-0001", at(2026, 3, 9, 8, 0), True)


def test_wrong_applicant_id_saves_nothing(world):
    bad = services.Applicant(name="Trần Thị B", id_number="12345")
    with pytest.raises(UserFacingError) as err:
        services.create(procedure=world.procedure, unit=world.org.commune_a, channel="online", applicant=bad,
                        owner=world.citizen, submit=True)
    assert err.value.field == "applicant_id_number"
    assert Dossier.objects.count() == 0


def test_procedure_not_enabled_at_the_unit_is_refused(world, applicant):
    with pytest.raises(UserFacingError) as err:
        services.create(procedure=world.procedure, unit=world.org.dept, channel="online", applicant=applicant,
                        owner=world.citizen)
    assert err.value.code == "not_enabled"


def test_bundle_creates_children_routed_to_their_units_and_completes_with_them(world, applicant, bundle):
    from tests.factories import make_user

    d = services.create(procedure=bundle, unit=world.org.commune_a, channel="online", applicant=applicant,
                        owner=world.citizen, submit=True, now=at(2026, 3, 2, 8, 0))
    children = list(d.children.order_by("pk"))
    assert [c.current_unit for c in children] == [world.org.commune_a, world.org.commune_a, world.org.dept]
    assert all(c.state == State.SUBMITTED for c in children)
    d = services.perform(d, "accept", world.reception, now=at(2026, 3, 2, 8, 0))
    children = list(d.children.order_by("pk"))
    assert [c.code for c in children] == ["H99.50-260302-0002", "H99.50-260302-0003", "H99.50-260302-0004"]
    assert d.code == "H99.50-260302-0001"
    assert d.due_at == max(c.due_at for c in children) == at(2026, 3, 9, 8, 0)
    dept_leader = make_user("lanhdao_so", province=world.org.province, role="leader", unit=world.org.dept)
    dept_specialist = make_user("cv_so", province=world.org.province, role="specialist", unit=world.org.dept)
    for child in children:
        child = services.perform(child, "forward", world.reception, now=at(2026, 3, 2, 9))
        specialist, leader = ((dept_specialist, dept_leader) if child.current_unit == world.org.dept
                              else (world.specialist, world.leader))
        child = services.perform(child, "forward", specialist, now=at(2026, 3, 3, 9))
        d.refresh_from_db()
        assert d.state == State.RECEIVED
        services.perform(child, "complete", leader, now=at(2026, 3, 4, 9))
    d.refresh_from_db()
    assert (d.state, d.timeliness) == (State.COMPLETED, "early")


def test_apology_records_the_previous_and_new_dates(world, applicant):
    d = accepted(world, applicant, at(2026, 3, 2, 8, 0))
    d = services.perform(d, "forward", world.reception, now=at(2026, 3, 2, 8, 30))
    d = services.perform(d, "apologize", world.specialist, now=at(2026, 3, 6, 9), comment="Cần xác minh",
                         new_due_at=at(2026, 3, 13, 16, 0))
    data = d.events.get(action="apologize").data
    assert data == {"previous_due_at": at(2026, 3, 9, 8, 0).isoformat(), "new_due_at": at(2026, 3, 13, 16).isoformat()}


def test_only_the_holder_of_the_current_step_may_move_it(world, applicant):
    d = accepted(world, applicant, at(2026, 3, 2, 8, 0))
    with pytest.raises(IllegalTransition) as err:  # still at the reception step
        services.perform(d, "forward", world.specialist, now=at(2026, 3, 2, 8, 30))
    assert "Tiếp nhận hồ sơ" in err.value.message_vi
    d = services.perform(d, "forward", world.reception, now=at(2026, 3, 2, 8, 30))
    with pytest.raises(IllegalTransition):  # the specialist's step: the leader cannot complete yet
        services.perform(d, "complete", world.leader, now=at(2026, 3, 2, 9))
