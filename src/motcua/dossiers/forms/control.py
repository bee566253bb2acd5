"""Process control sheet rules (phiếu kiểm soát quá trình giải quyết hồ sơ), pure functions.

A visit (lượt xử lý) of a step runs from the event that hands the dossier to the step to the event
that hands it on or ends the dossier; a step sent back is visited again. The time a visit used is
working time in its unit's calendar minus the working time the clock stood still (chờ bổ sung,
chờ nghĩa vụ tài chính, tạm dừng). Rule (domain-vn.md §2.5): used < allowed → trước hạn,
used = allowed → đúng hạn, used > allowed → quá hạn, compared in whole minutes as the per-step
SQL of the provincial systems does.
"""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from motcua.dossiers.workflow import State

EARLY, ON_TIME, LATE, RUNNING = "early", "on_time", "late", "running"
LABELS = {EARLY: "Trước hạn", ON_TIME: "Đúng hạn", LATE: "Quá hạn", RUNNING: "Đang xử lý"}

# States in which the dossier sits at one of its steps: received and not yet ended.
_AT_A_STEP = State.OPEN | {State.COMPLETED}


def classify_step(used_minutes: int, allowed_minutes: int) -> str:
    if used_minutes < allowed_minutes:
        return EARLY
    if used_minutes == allowed_minutes:
        return ON_TIME
    return LATE


def allowed_minutes(working_hours: Decimal) -> int:
    """A step's share of the time limit (giờ làm việc) in whole minutes: 1,25 h → 75."""
    return int((Decimal(working_hours) * 60).to_integral_value(rounding=ROUND_HALF_UP))


@dataclass
class Visit:
    """One stay of the dossier at one step. ``end`` is None while the dossier is still there."""

    position: int
    start: datetime
    opened_by: str  # the action that brought the dossier here (accept, forward, send_back, complete)
    handed_by: str  # who handed it over (người giao)
    end: datetime | None = None
    closed_by: str = ""  # who handed it on: the person who handled the step (người nhận)
    pauses: list[list] = field(default_factory=list)  # [[paused at, resumed at or None], ...]
    transfers: list = field(default_factory=list)  # events of liên thông during the visit

    def close(self, event) -> None:
        self.end, self.closed_by = event.at, event.actor_name
        if self.pauses and self.pauses[-1][1] is None:  # ended while paused (e.g. stopped)
            self.pauses[-1][1] = event.at


def visits(events) -> list[Visit]:
    """The visits, in order, from the dossier's events in ``seq`` order.

    Each event needs ``at``, ``action``, ``from_state``, ``to_state``, ``to_step`` and
    ``actor_name`` (DossierEvent rows do). Events before the reception open no visit.
    """
    found: list[Visit] = []
    current: Visit | None = None
    for event in events:
        if current is not None:
            _track_pause(current, event)
            if event.action == "transfer":
                current.transfers.append(event)
            if event.to_state not in _AT_A_STEP or event.to_step != current.position:
                current.close(event)
                current = None
        if current is None and event.to_state in _AT_A_STEP:
            current = Visit(event.to_step, event.at, event.action, event.actor_name)
            found.append(current)
    return found


def _track_pause(visit: Visit, event) -> None:
    if event.to_state in State.PAUSED and event.from_state not in State.PAUSED:
        visit.pauses.append([event.at, None])
    elif event.from_state in State.PAUSED and event.to_state not in State.PAUSED and visit.pauses:
        visit.pauses[-1][1] = event.at


@dataclass(frozen=True)
class Timing:
    """What the control sheet prints for one visit."""

    due: datetime
    used_minutes: int
    allowed_minutes: int
    paused_minutes: int
    status: str

    @property
    def label(self) -> str:
        return LABELS[self.status]


def measure(visit: Visit, working_hours: Decimal, calendar, now: datetime) -> Timing:
    """Time used by ``visit`` against the step's ``working_hours``, in ``calendar`` (a WorkCalendar).

    The visit's due moment is its start plus the allowed time plus the paused working time. A
    visit still running is late as soon as it has used more than allowed, otherwise running.
    """
    end = visit.end or now
    paused = sum(calendar.working_seconds_between(a, b or end) for a, b in visit.pauses)
    used = (calendar.working_seconds_between(visit.start, end) - paused) // 60
    allowed = allowed_minutes(working_hours)
    due = calendar.add_working_seconds(calendar.clock_start(visit.start), allowed * 60 + paused)
    if visit.end is None:
        status = LATE if used > allowed else RUNNING
    else:
        status = classify_step(used, allowed)
    return Timing(due=due, used_minutes=used, allowed_minutes=allowed, paused_minutes=paused // 60, status=status)
