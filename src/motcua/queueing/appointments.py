"""Appointments (đặt lịch hẹn): time slots per service within the unit's working hours on working
days, as many places per slot as counters serving the service allow; checking in at the kiosk puts
the person at the front of the service's line (after priority people); a booking not checked in by
its start plus the grace time is a no-show and its place is free again."""

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from motcua.core.errors import UserFacingError
from motcua.workdays.calendar import VIETNAM
from motcua.workdays.periods import parse_periods
from motcua.workdays.services import calendar_for_unit

from . import rules
from .models import Appointment, ServiceGroup, Ticket
from .services import clean_phone, issue_ticket

Status = Appointment.Status


@dataclass(frozen=True)
class Slot:
    starts_at: datetime
    capacity: int
    booked: int

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.booked)


def _window(starts_at: datetime) -> tuple[datetime, datetime]:
    return rules.checkin_window(starts_at, settings.MOTCUA_QUEUE_CHECKIN_EARLY_MINUTES,
                                settings.MOTCUA_QUEUE_CHECKIN_GRACE_MINUTES)


def _holding_places(now) -> Q:
    """Bookings that still hold a place: checked in, or booked and not yet past their grace time."""
    grace = timedelta(minutes=settings.MOTCUA_QUEUE_CHECKIN_GRACE_MINUTES)
    return Q(status=Status.CHECKED_IN) | Q(status=Status.BOOKED, starts_at__gte=now - grace)


def slots(group: ServiceGroup, day: date, now=None) -> list[Slot]:
    """Khung giờ còn đặt được of ``group`` on ``day``: none on a day off; only slots not yet started."""
    now = now or timezone.now()
    unit = group.centre.unit
    if not calendar_for_unit(unit).is_working_day(day):
        return []
    capacity = rules.slot_capacity(group.counters.count(), group.appointments_per_counter)
    booked = dict(Appointment.objects.filter(_holding_places(now), group=group, day=day)
                  .values("starts_at").annotate(n=Count("id")).values_list("starts_at", "n"))
    starts = (datetime.combine(day, start, tzinfo=VIETNAM)
              for start in rules.slot_starts(parse_periods(unit.working_periods), group.slot_minutes))
    return [Slot(s, capacity, booked.get(s, 0)) for s in starts if s > now]


def book(group: ServiceGroup, citizen, starts_at: datetime, *, phone: str = "", now=None) -> Appointment:
    """Đặt lịch: one place in a free slot, one booking per person per service per day."""
    now = now or timezone.now()
    if group.is_paused:
        raise UserFacingError(f"Dịch vụ “{group.name}” đang tạm dừng", f"service “{group.name}” is paused",
                              code="paused")
    phone = clean_phone(phone or citizen.phone)
    day = rules.local_day(starts_at)
    if day > rules.local_day(now) + timedelta(days=settings.MOTCUA_QUEUE_BOOKING_DAYS_AHEAD):
        raise UserFacingError(f"Chỉ đặt lịch trước tối đa {settings.MOTCUA_QUEUE_BOOKING_DAYS_AHEAD} ngày",
                              f"book at most {settings.MOTCUA_QUEUE_BOOKING_DAYS_AHEAD} days ahead", field="slot")
    with transaction.atomic():
        ServiceGroup.objects.select_for_update().filter(pk=group.pk).first()  # bookings of a service in turn
        slot = next((s for s in slots(group, day, now) if s.starts_at == starts_at), None)
        if slot is None or not slot.free:
            raise UserFacingError("Khung giờ này không còn chỗ, mời chọn khung giờ khác",
                                  "this time slot is full or not offered; choose another", field="slot")
        if Appointment.objects.filter(_holding_places(now), group=group, citizen=citizen, day=day).exists():
            raise UserFacingError("Ông/bà đã có lịch hẹn dịch vụ này trong ngày",
                                  "you already have an appointment for this service that day", field="slot")
        return _create(group, citizen, starts_at, day, phone)


def _create(group, citizen, starts_at, day, phone) -> Appointment:
    for _ in range(20):  # a 6-digit code per day: a clash is rare, retry in a savepoint
        try:
            with transaction.atomic():
                return Appointment.objects.create(group=group, citizen=citizen, starts_at=starts_at, day=day,
                                                  phone=phone, code=f"{secrets.randbelow(10 ** 6):06d}")
        except IntegrityError:
            continue
    raise UserFacingError("Không tạo được mã lịch hẹn, mời thử lại", "could not allocate a code, try again")


def check_in(centre, code: str, now=None) -> Ticket:
    """Xác nhận đến (at the kiosk, with the 6-digit code): a ticket in the appointment lane."""
    now = now or timezone.now()
    code = (code or "").strip()
    appointment = (Appointment.objects.select_related("group", "citizen")
                   .filter(group__centre=centre, day=rules.local_day(now), code=code).first())
    if appointment is None or appointment.status in (Status.CANCELLED, Status.CHECKED_IN):
        raise UserFacingError("Không tìm thấy lịch hẹn hôm nay với mã này", "no appointment today with this code",
                              field="code")
    opens, closes = _window(appointment.starts_at)
    if now < opens:
        raise UserFacingError(f"Chưa đến giờ, mời quay lại từ {timezone.localtime(opens, VIETNAM):%H:%M}",
                              f"too early: come back from {timezone.localtime(opens, VIETNAM):%H:%M}", code="early")
    if now > closes or appointment.status == Status.NO_SHOW:
        Appointment.objects.filter(pk=appointment.pk, status=Status.BOOKED).update(status=Status.NO_SHOW)
        raise UserFacingError("Đã quá giờ hẹn; mời lấy số thường", "the appointment time has passed; take a "
                               "regular number", code="late")
    with transaction.atomic():
        if not Appointment.objects.filter(pk=appointment.pk, status=Status.BOOKED).update(status=Status.CHECKED_IN):
            raise UserFacingError("Lịch hẹn đã được xác nhận", "already checked in", code="stale")
        ticket = issue_ticket(appointment.group, source=Ticket.Source.APPOINTMENT, appointment=True,
                              phone=appointment.phone, citizen=appointment.citizen, now=now)
        Appointment.objects.filter(pk=appointment.pk).update(ticket=ticket)
    return ticket


def cancel(appointment: Appointment, citizen) -> None:
    if appointment.citizen_id != citizen.pk:
        raise UserFacingError("Không tìm thấy lịch hẹn", "appointment not found")
    Appointment.objects.filter(pk=appointment.pk, status=Status.BOOKED).update(status=Status.CANCELLED)


def mark_no_shows(now=None) -> int:
    """Record bookings past their grace time as no-shows (their places were already free)."""
    now = now or timezone.now()
    grace = timedelta(minutes=settings.MOTCUA_QUEUE_CHECKIN_GRACE_MINUTES)
    return Appointment.objects.filter(status=Status.BOOKED, starts_at__lt=now - grace).update(status=Status.NO_SHOW)
