"""Appointment slots within working hours and days, capacity, check-in window and no-shows."""

from datetime import date

import pytest

from motcua.core.errors import UserFacingError
from motcua.queueing import appointments, services
from motcua.queueing.models import Appointment
from motcua.queueing.rules import Lane
from motcua.workdays.services import clear_calendar_cache
from tests.factories import make_user

from .world import at

pytestmark = pytest.mark.django_db
THURSDAY = date(2026, 10, 8)
EVE = at(2026, 10, 7, 15, 0)


@pytest.fixture(autouse=True)
def _calendar():
    clear_calendar_cache()


def test_slots_follow_the_units_hours_and_days_off(q):
    slots = appointments.slots(q.civil, THURSDAY, now=EVE)
    assert len(slots) == 16 and slots[0].starts_at == at(2026, 10, 8, 7, 0)
    assert {s.capacity for s in slots} == {2}  # two counters serve civil status
    assert appointments.slots(q.civil, date(2026, 10, 10), now=EVE) == []  # Saturday
    assert appointments.slots(q.civil, date(2026, 9, 2), now=at(2026, 9, 1, 8, 0)) == []  # National Day
    unit = q.centre.unit
    unit.working_periods = [["08:00", "12:00"]]
    unit.save()
    assert [s.starts_at.hour for s in appointments.slots(q.civil, THURSDAY, now=EVE)][::2] == [8, 9, 10, 11]
    assert len(appointments.slots(q.civil, THURSDAY, now=at(2026, 10, 8, 9, 45))) == 4  # only slots not started


def test_booking_fills_a_slot_then_refuses(q):
    slot = at(2026, 10, 8, 9, 0)
    people = [make_user(f"dan{n}", province=q.org.province, kind="citizen") for n in range(3)]
    for person in people[:2]:
        appointments.book(q.civil, person, slot, phone="0912000000", now=EVE)
    with pytest.raises(UserFacingError, match="không còn chỗ"):
        appointments.book(q.civil, people[2], slot, now=EVE)
    with pytest.raises(UserFacingError, match="đã có lịch hẹn"):
        appointments.book(q.civil, people[0], at(2026, 10, 8, 10, 0), now=EVE)
    with pytest.raises(UserFacingError, match="không còn chỗ"):
        appointments.book(q.civil, people[2], at(2026, 10, 8, 9, 10), now=EVE)  # not a slot start
    with pytest.raises(UserFacingError, match="tối đa 14 ngày"):
        appointments.book(q.civil, people[2], at(2026, 11, 5, 9, 0), now=EVE)
    assert Appointment.objects.count() == 2


def test_checkin_window_and_lane(q):
    booking = appointments.book(q.civil, q.citizen, at(2026, 10, 8, 9, 0), now=EVE)
    walk_in = services.issue_ticket(q.civil, now=at(2026, 10, 8, 8, 0))
    with pytest.raises(UserFacingError, match="quay lại từ 08:30"):
        appointments.check_in(q.centre, booking.code, now=at(2026, 10, 8, 8, 20))
    ticket = appointments.check_in(q.centre, booking.code, now=at(2026, 10, 8, 8, 40))
    assert ticket.lane == Lane.APPOINTMENT and ticket.source == "appointment"
    assert services.ahead_of(ticket) == 0 and services.ahead_of(walk_in) == 1
    with pytest.raises(UserFacingError, match="Không tìm thấy"):
        appointments.check_in(q.centre, booking.code, now=at(2026, 10, 8, 8, 41))  # used once


def test_late_arrival_is_a_no_show_and_the_place_is_released(q):
    slot = at(2026, 10, 8, 9, 0)
    late, other = (make_user(f"dan{n}", province=q.org.province, kind="citizen") for n in range(2))
    first = appointments.book(q.civil, late, slot, now=EVE)
    appointments.book(q.civil, other, slot, now=EVE)
    holding = lambda now: Appointment.objects.filter(appointments._holding_places(now)).count()  # noqa: E731
    assert holding(at(2026, 10, 8, 9, 15)) == 2  # grace: 15 minutes after the start
    with pytest.raises(UserFacingError, match="quá giờ hẹn"):
        appointments.check_in(q.centre, first.code, now=at(2026, 10, 8, 9, 16))
    first.refresh_from_db()
    assert first.status == Appointment.Status.NO_SHOW
    assert holding(at(2026, 10, 8, 9, 16)) == 0  # neither holds a place any more
    assert appointments.mark_no_shows(now=at(2026, 10, 8, 9, 16)) == 1  # the other one is recorded too


def test_cancel_only_own(q):
    booking = appointments.book(q.civil, q.citizen, at(2026, 10, 8, 9, 0), now=EVE)
    stranger = make_user("la", province=q.org.province, kind="citizen")
    with pytest.raises(UserFacingError):
        appointments.cancel(booking, stranger)
    appointments.cancel(booking, q.citizen)
    booking.refresh_from_db()
    assert booking.status == Appointment.Status.CANCELLED


def test_a_paused_service_takes_no_bookings_but_honours_existing_ones(q):
    booking = appointments.book(q.civil, q.citizen, at(2026, 10, 8, 9, 0), now=EVE)
    services.set_group_paused(q.civil, True)
    q.civil.refresh_from_db()
    stranger = make_user("la", province=q.org.province, kind="citizen")
    with pytest.raises(UserFacingError, match="tạm dừng"):
        appointments.book(q.civil, stranger, at(2026, 10, 8, 10, 0), now=EVE)
    assert appointments.check_in(q.centre, booking.code, now=at(2026, 10, 8, 8, 50)).lane == Lane.APPOINTMENT
