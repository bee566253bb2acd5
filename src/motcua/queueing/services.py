"""Everything that changes the queue: taking a number, calling, serving, transferring, and the
centre manager's switches. Views, commands and the API call these; nothing else writes tickets.

Concurrency: "call next" picks the first waiting ticket with ``SELECT … FOR UPDATE SKIP LOCKED``
(PostgreSQL: two counters never block on, nor get, the same ticket; the pick, the move and the
periods are one statement, ``pgcall``) and then moves it with a conditional UPDATE
(``WHERE state = 'waiting'``), which alone suffices on SQLite where writers are serialised. Every
other move is the same conditional UPDATE: a ticket acted on twice at once moves once, and the
loser is told.
"""

import re
from datetime import datetime, time

from django.db import connection, transaction
from django.db.models import Exists, F, Q
from django.utils import timezone

from motcua.core.errors import UserFacingError
from motcua.notifications.services import enqueue
from motcua.organizations.models import Counter
from motcua.workdays.calendar import VIETNAM

from . import pgcall, rules
from .models import ClosePolicy, QueueSettings, ServiceGroup, Ticket, TicketDossier, TicketPeriod
from .numbers import next_number
from .rules import Lane, State

PHONE_RE = re.compile(r"^0\d{9}$")


def settings_for(centre) -> QueueSettings:
    """The centre's queue settings; the defaults (unsaved) until someone edits them in the admin.
    Reading never writes, so display streams and calls never create rows."""
    centre_id = getattr(centre, "pk", centre)
    return QueueSettings.objects.filter(centre_id=centre_id).first() or QueueSettings(centre_id=centre_id)


def day_start(day) -> datetime:
    """00:00 of a local day, as an aware moment (for "today's" queries on UTC timestamps)."""
    return datetime.combine(day, time.min, tzinfo=VIETNAM)


def clean_phone(raw: str) -> str:
    """A Vietnamese mobile number (10 digits from 0), spaces and dots ignored; "" when empty."""
    phone = re.sub(r"[\s.\-]", "", raw or "")
    if phone.startswith("+84"):
        phone = "0" + phone[3:]
    if phone and not PHONE_RE.match(phone):
        raise UserFacingError("Số điện thoại không hợp lệ (10 chữ số, bắt đầu bằng 0)",
                              "invalid phone number (10 digits starting with 0)", field="phone")
    return phone


# --- periods -------------------------------------------------------------------------------------

def _open_period(ticket: Ticket, state: str, now, counter=None, officer=None) -> None:
    final = state in State.FINAL  # a final state is an instant: start and end together
    TicketPeriod.objects.create(ticket=ticket, centre_id=ticket.centre_id, state=state, started_at=now,
                                ended_at=now if final else None, counter=counter, officer=officer)


def _close_period(ticket_id: int, now) -> None:
    TicketPeriod.objects.filter(ticket_id=ticket_id, ended_at__isnull=True).update(ended_at=now)


# --- taking a number -----------------------------------------------------------------------------

def issue_ticket(group: ServiceGroup, *, priority=None, source=Ticket.Source.KIOSK, phone: str = "",
                 citizen=None, appointment=False, now=None) -> Ticket:
    """Cấp số: the next number of ``group`` for today, waiting in its lane. A paused service issues
    no new numbers, except to people checking in an appointment they already hold."""
    now = now or timezone.now()
    if group.is_paused and not appointment:
        raise UserFacingError(f"Dịch vụ “{group.name}” đang tạm dừng cấp số",
                              f"service “{group.name}” is not issuing numbers now", code="paused")
    if priority is not None and not priority.is_active:
        raise UserFacingError("Đối tượng ưu tiên không còn áp dụng", "priority category not in use", field="priority")
    phone = clean_phone(phone)
    day = rules.local_day(now)
    with transaction.atomic():
        ticket = Ticket(centre_id=group.centre_id, group=group, day=day, number=next_number(group.pk, day),
                        source=source, priority=priority, lane=rules.lane_for(priority is not None, appointment),
                        queued_at=now, created_at=now, citizen=citizen, phone=phone)
        ticket.save()
        _open_period(ticket, State.WAITING, now)
    return ticket


def take_remote(group: ServiceGroup, citizen, *, phone: str = "", now=None) -> Ticket:
    """Lấy số trực tuyến, at most ``remote_per_day`` per person per centre per day."""
    from motcua.accounts.models import User

    now = now or timezone.now()
    limit = settings_for(group.centre).remote_per_day
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=citizen.pk).first()  # one request of this person at a time
        taken = Ticket.objects.filter(centre_id=group.centre_id, citizen=citizen, source=Ticket.Source.REMOTE,
                                      day=rules.local_day(now)).count()
        if taken >= limit:
            raise UserFacingError(f"Mỗi người chỉ lấy được {limit} số trực tuyến mỗi ngày tại trung tâm này",
                                  f"at most {limit} remote numbers per person per day here", code="limit")
        return issue_ticket(group, source=Ticket.Source.REMOTE, phone=phone or citizen.phone, citizen=citizen,
                            now=now)


# --- counters ------------------------------------------------------------------------------------

def _line_day(policy: QueueSettings, now):
    """The one local day the waiting line holds under the "clear" policy (yesterday's leftovers
    are never called); None under "carry"."""
    return rules.local_day(now) if policy.close_policy == ClosePolicy.CLEAR else None


def _waiting_line(centre, policy: QueueSettings, now):
    line = Ticket.objects.filter(centre=centre, state=State.WAITING)
    day = _line_day(policy, now)
    return line if day is None else line.filter(day=day)


def call_next(counter: Counter, officer, now=None) -> Ticket | None:
    """Gọi số tiếp theo for ``counter``: priority first (per the centre's policy), then
    appointments checked in, then the line in order of arrival. None when nobody waits.

    PostgreSQL does it in one statement (``pgcall``, decision 0540); other databases through the
    ORM, with the same result. Both mark the people near the front who still need the "your turn
    is near" SMS, whose messages go into the outbox in the same transaction (decision 0600)."""
    now = now or timezone.now()
    call = _call_in_one_statement if connection.vendor == "postgresql" else _call_with_orm
    with transaction.atomic():
        attempt = call(counter, officer, now)
        if not attempt.is_open:
            raise UserFacingError(f"Quầy {counter.number} đang đóng", f"counter {counter.number} is closed",
                                  code="closed")
        if attempt.busy:
            raise UserFacingError("Quầy đang có người được gọi hoặc đang phục vụ: hoàn thành, chuyển hoặc báo vắng "
                                  "trước", "this counter already has a called or served ticket: finish, transfer or "
                                  "mark it first", code="busy")
        for person in attempt.told:
            _tell_near(person)
    return attempt.ticket


_call_settings: dict[int, QueueSettings] = {}  # centre id → the settings its last call ran under


def _call_in_one_statement(counter: Counter, officer, now) -> pgcall.Attempt:
    """The settings come from this process's memory; the statement checks them against the row and
    moves nothing if they differ, so a change made anywhere is obeyed from the next call on
    (decision 0541)."""
    policy = _call_settings.get(counter.centre_id) or settings_for(counter.centre_id)
    for _ in range(3):
        attempt = pgcall.call(counter, officer, policy, now, _line_day(policy, now))
        if attempt.settings == pgcall.settings_key(policy):
            _call_settings[counter.centre_id] = policy
            return attempt
        policy = settings_for(counter.centre_id)  # changed since this process last called: read again
    raise UserFacingError("Cấu hình xếp hàng vừa thay đổi, vui lòng gọi lại",
                          "the queue settings are being changed; call again", code="stale")


def _call_with_orm(counter: Counter, officer, now) -> pgcall.Attempt:
    """The same call in several queries, in the caller's transaction. On SQLite writers are
    serialised (``BEGIN IMMEDIATE``); the ``FOR UPDATE SKIP LOCKED`` are for other databases."""
    is_open, busy = (Counter.objects.filter(pk=counter.pk).annotate(busy=Exists(_holding(counter)))
                     .values_list("is_open", "busy").get())
    policy = settings_for(counter.centre_id)
    key = pgcall.settings_key(policy)
    if not is_open or busy:
        return pgcall.Attempt(key, is_open, busy, None, ())
    scope = rules.call_scope(policy.priority_mode, counter.is_priority, _priority_counter_open(counter, policy))
    own = Q(group__counters=counter, target_counter__isnull=True)
    if not scope.include_priority:
        own &= ~Q(lane=Lane.PRIORITY)
    wanted = own | Q(target_counter=counter)
    if scope.priority_any_service:
        wanted |= Q(lane=Lane.PRIORITY, target_counter__isnull=True)
    picked = (_waiting_line(counter.centre_id, policy, now).filter(wanted).order_by("lane", "queued_at", "id")
              .select_for_update(skip_locked=True, of=("self",)).values_list("id", "group_id").first())
    if picked is None or not _move(picked[0], counter.centre_id, "call", now, counter=counter, officer=officer):
        return pgcall.Attempt(key, True, False, None, ())
    ticket = Ticket.objects.select_related("group", "counter").get(pk=picked[0])
    return pgcall.Attempt(key, True, False, ticket, _mark_near(counter.centre_id, picked[1], policy, now))


def _priority_counter_open(counter: Counter, policy: QueueSettings) -> bool:
    if policy.priority_mode != rules.PriorityMode.DEDICATED:
        return False
    return Counter.objects.filter(centre_id=counter.centre_id, is_priority=True, is_open=True).exists()


def _holding(counter: Counter):
    return Ticket.objects.filter(counter=counter, state__in=[State.CALLED, State.SERVING])


def _move(ticket_id: int, centre_id: int, action: str, now, *, counter=None, officer=None, guard: Q = Q(),
          **changes) -> bool:
    """Move a ticket by ``action`` if it is still in a source state (and matches ``guard``);
    close its open period and open the new state's. False when someone else moved it first."""
    move = rules.MOVES[action]
    updates = dict(state=move.target, **changes)
    if move.target in State.AT_COUNTER:
        updates.update(counter=counter, officer=officer)
    elif move.target == State.WAITING:
        updates.update(counter=None, officer=None)
    if action in ("call", "recall"):
        updates["calls"] = F("calls") + 1
    if not Ticket.objects.filter(guard, pk=ticket_id, state__in=move.sources).update(**updates):
        return False
    _close_period(ticket_id, now)
    _open_period(Ticket(pk=ticket_id, centre_id=centre_id), move.target, now, counter=counter, officer=officer)
    return True


def act(ticket: Ticket, action: str, counter: Counter, officer, now=None) -> Ticket:
    """An officer's move on a ticket at their counter: recall, start, hold, resume, finish, no_show."""
    now = now or timezone.now()
    rules.move_for(action, ticket.state)  # a clear message for a stale page, before touching anything
    if action == "resume" and _holding(counter).exists():
        raise UserFacingError("Hoàn thành lượt đang phục vụ trước khi tiếp tục vé tạm gác",
                              "finish the current ticket before resuming a held one", code="busy")
    with transaction.atomic():
        if not _move(ticket.pk, ticket.centre_id, action, now, counter=counter, officer=officer,
                     guard=Q(counter=counter)):
            raise _stale()
    return Ticket.objects.select_related("group", "counter").get(pk=ticket.pk)


def transfer(ticket: Ticket, counter: Counter, officer, *, group: ServiceGroup | None = None,
             to_counter: Counter | None = None, now=None) -> Ticket:
    """Chuyển: back into a line, keeping the ticket's place (it has waited already), either of
    another service or for one named counter."""
    now = now or timezone.now()
    if (group is None) == (to_counter is None):
        raise UserFacingError("Chọn một dịch vụ hoặc một quầy để chuyển tới",
                              "choose either a service or a counter to transfer to", field="target")
    target = group or to_counter
    if target.centre_id != ticket.centre_id or target == counter:
        raise UserFacingError("Nơi chuyển tới không hợp lệ", "invalid transfer target", field="target")
    rules.move_for("transfer", ticket.state)
    changes = {"group": group} if group else {"target_counter": to_counter}
    with transaction.atomic():
        if not _move(ticket.pk, ticket.centre_id, "transfer", now, guard=Q(counter=counter), **changes):
            raise _stale()
    return Ticket.objects.get(pk=ticket.pk)


def cancel(ticket: Ticket, now=None) -> Ticket:
    """Người dân bỏ lượt from the follow-my-number page."""
    now = now or timezone.now()
    with transaction.atomic():
        if not _move(ticket.pk, ticket.centre_id, "cancel", now):
            raise UserFacingError("Số này không còn trong hàng chờ", "this number is no longer waiting", code="stale")
    return Ticket.objects.get(pk=ticket.pk)


def _stale() -> UserFacingError:
    return UserFacingError("Vé vừa được xử lý ở nơi khác; trang đã được cập nhật",
                           "the ticket was changed elsewhere; the page has been refreshed", code="stale")


def link_dossier(ticket: Ticket, dossier) -> TicketDossier:
    """Record that ``dossier`` was received while serving ``ticket`` (idempotent).

    Call from the dossier reception page, in the transaction that creates the dossier, when the
    page was opened with ``?ticket=<id>``."""
    if dossier.province_id != ticket.centre.unit.province_id:
        raise UserFacingError("Hồ sơ và vé thuộc hai tỉnh khác nhau",
                              "the dossier and the ticket belong to different provinces")
    return TicketDossier.objects.get_or_create(ticket=ticket, dossier=dossier)[0]


# --- the citizen's view --------------------------------------------------------------------------

def ahead_of(ticket: Ticket) -> int:
    """Số người đang chờ trước: waiting tickets of the same service ordered before this one."""
    if ticket.state != State.WAITING:
        return 0
    earlier = (Q(lane__lt=ticket.lane) | Q(lane=ticket.lane, queued_at__lt=ticket.queued_at)
               | Q(lane=ticket.lane, queued_at=ticket.queued_at, id__lt=ticket.pk))
    return Ticket.objects.filter(earlier, group_id=ticket.group_id, state=State.WAITING, day__lte=ticket.day).count()


def estimate_minutes(ticket: Ticket, ahead: int) -> int:
    from .stats import measured_service_minutes

    group = ticket.group
    counters = group.counters.filter(is_open=True).count()
    minutes = measured_service_minutes(group, ticket.day) or group.minutes_per_ticket
    return rules.estimate_wait_minutes(ahead, counters, minutes)


def _mark_near(centre_id: int, group_id: int, policy: QueueSettings, now) -> tuple[pgcall.Near, ...]:
    """The ORM path's part of the call that the statement's ``front`` and ``told`` do: among the
    first ``alert_ahead`` + 1 still waiting for the service, those with a phone not told yet are
    marked told and returned (rows another transaction holds are skipped: the next call sees them)."""
    if not policy.alert_ahead:
        return ()
    front = (_waiting_line(centre_id, policy, now).filter(group_id=group_id).order_by("lane", "queued_at", "id")
             .select_for_update(skip_locked=True, of=("self",))
             .values_list("id", "label", "token", "phone", "near_notified"))[:policy.alert_ahead + 1]
    told = tuple(pgcall.Near(pk, label, token, phone, ahead)
                 for ahead, (pk, label, token, phone, notified) in enumerate(front) if phone and not notified)
    Ticket.objects.filter(pk__in=[person.ticket_id for person in told]).update(near_notified=True)
    return told


def _tell_near(person: pgcall.Near) -> None:
    """The "your turn is near" SMS, put in the outbox in the call's transaction: it is sent if and
    only if the call that marked the person commits. The key is the ticket's: once per person."""
    text = f"So {person.label}: con {person.ahead} nguoi truoc ong/ba. Vui long den gan quay de khong lo luot."
    enqueue("sms", f"queue-near:{person.token}", f"queue:{person.ticket_id}", 1,
            {"to": person.phone, "text": text}, recipient=person.phone)


# --- the centre manager's switches --------------------------------------------------------------

def set_counter_open(counter: Counter, is_open: bool) -> None:
    Counter.objects.filter(pk=counter.pk).update(is_open=is_open)


def set_group_paused(group: ServiceGroup, paused: bool) -> None:
    ServiceGroup.objects.filter(pk=group.pk).update(is_paused=paused)


def set_counter_services(counter: Counter, groups) -> None:
    """Reassign the services a counter calls (only services of its own centre)."""
    groups = list(groups)
    if any(g.centre_id != counter.centre_id for g in groups):
        raise UserFacingError("Dịch vụ thuộc trung tâm khác", "a service of another centre", field="groups")
    with transaction.atomic():
        counter.service_groups.set(groups)


def close_day(centre, day, now=None) -> int:
    """End of the day (chốt ngày): under the "clear" policy every ticket of ``day`` or before still
    in the queue expires; under "carry" waiting tickets stay for the next working day (those left
    at a counter go back to waiting). Returns how many tickets changed."""
    now = now or timezone.now()
    policy = settings_for(centre)
    left = Ticket.objects.filter(centre=centre, day__lte=day, state__in=[State.WAITING, State.CALLED, State.ON_HOLD])
    changed = 0
    with transaction.atomic():
        for ticket_id, state in left.values_list("id", "state"):
            if policy.close_policy == ClosePolicy.CLEAR:
                changed += _move(ticket_id, centre.pk, "expire", now)
            elif state != State.WAITING:
                changed += _move(ticket_id, centre.pk, "transfer", now)
    return changed
