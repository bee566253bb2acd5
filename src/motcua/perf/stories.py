"""Life stories of seeded dossiers (hồ sơ mẫu): pure functions, no database.

A story is the dossier's field values and its event log, drawn from a seeded ``random.Random`` so
that the same seed and the same end date give the same province. The mix (channels, lateness,
supplements, open work) follows the shares the national dashboards report for commune-level
procedures; the exact figures are in ``Mix`` and documented in docs/performance.md.
"""

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from motcua.dossiers.services import event_hash
from motcua.dossiers.workflow import NATIONAL_STATUS, State

VN = ZoneInfo("Asia/Ho_Chi_Minh")
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
MIDDLE = ["Văn", "Thị", "Minh", "Ngọc", "Thanh", "Quốc", "Hữu", "Thu"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Hà", "Hải", "Hoa", "Hùng", "Lan", "Long", "Mai", "Nam", "Phúc", "Trang"]


@dataclass(frozen=True)
class Mix:
    """Shares of each kind of dossier (0–1)."""

    channels: tuple = (("online", 0.62), ("direct", 0.33), ("postal", 0.05))
    waiting: float = 0.01      # submitted online, not yet received
    open: float = 0.08         # received and still being handled
    withdrawn: float = 0.01
    supplement: float = 0.10   # at least one supplement request during processing
    late: float = 0.04         # finished after the due moment
    early: float = 0.80        # finished before the due day (the rest: on the due day)
    # Fees (phí, lệ phí) of procedures that have one: a notice at reception, paid at once unless open.
    unpaid: float = 0.05       # of open dossiers with a fee: the notice still waits to be paid
    pay_online: tuple = (("online", 0.80), ("postal", 0.80), ("direct", 0.10))  # by channel
    national_platform: float = 0.60  # of online payments: through the national platform, else bank transfer
    # Ratings (đánh giá hài lòng) of returned dossiers, and how many like the service.
    rated: float = 0.30
    liked: float = 0.93


@dataclass
class Story:
    """One dossier's row (field name → value) and its events (field name → value, hash included)."""

    dossier: dict
    events: list = field(default_factory=list)
    open_step: int = 0  # the current step position of an open dossier (0: none)


@dataclass(frozen=True)
class Place:
    """Where a dossier is received: unit id and code, its staff (user ids) and its centre."""

    unit_id: int
    unit_code: str
    province_id: int
    centre_id: int | None
    reception: int
    specialist: int
    leader: int
    group_id: int | None = None   # the centre's queue service group (nhóm dịch vụ)
    group_code: str = "1"
    counters: tuple = ()          # the centre's counter ids


def person(rng) -> tuple[str, str, str]:
    """A plausible name, 12-digit personal ID and mobile number."""
    name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
    return name, f"0{rng.randrange(10**10, 10**11)}", f"09{rng.randrange(10**7, 10**8)}"


def working_moment(rng, day) -> datetime:
    """A time between 07:30 and 16:30 on ``day`` (an aware midnight)."""
    return day + timedelta(minutes=450 + rng.randrange(540), seconds=rng.randrange(60))


def story(rng, mix: Mix, dossier_id: int, place: Place, procedure: tuple, received: datetime, now: datetime,
          number: int) -> Story:
    """The dossier ``dossier_id`` received at ``received`` as number ``number`` of its unit that day.

    ``procedure`` is (id, working days, …). Times after ``now`` are cut: such a dossier is still open.
    """
    proc_id, days = procedure[:2]
    name, id_number, phone = person(rng)
    channel = _pick(rng, mix.channels)
    due = received + timedelta(days=round(days * 1.4) or 1)  # working days ≈ 1.4 calendar days
    d = dict(id=dossier_id, public_id=uuid.UUID(int=rng.getrandbits(128), version=4), procedure_id=proc_id,
             province_id=place.province_id, unit_id=place.unit_id, current_unit_id=place.unit_id,
             centre_id=place.centre_id if channel == "direct" else None, channel=channel,
             submitted_via="counter" if channel == "direct" else "self", applicant_name=name,
             applicant_id_number=id_number, applicant_phone=phone, duration=Decimal(days),
             duration_unit="working-days", submitted_at=received - timedelta(minutes=rng.randrange(5, 600)),
             created_at=received - timedelta(minutes=rng.randrange(600, 900)), state=State.DRAFT)
    log = _Log(d)
    log.add(d["created_at"], None, "applicant", "create", "", State.DRAFT)
    submitter = place.reception if channel == "direct" else None
    log.add(d["submitted_at"], submitter, "reception" if submitter else "applicant", "submit", State.DRAFT,
            State.SUBMITTED)
    roll = rng.random()
    if roll < mix.waiting or received > now:
        return log.story()
    d.update(code=f"{place.unit_code}-{received:%y%m%d}-{number:04d}", received_at=received, due_at=due,
             original_due_at=due, badly_overdue_at=due + timedelta(days=14))
    log.add(received, place.reception, "reception", "accept", State.SUBMITTED, State.RECEIVED, to_step=1)
    if roll < mix.waiting + mix.withdrawn:
        d["finished_at"] = received + timedelta(hours=rng.randrange(2, 48))
        log.add(d["finished_at"], None, "applicant", "withdraw", State.RECEIVED, State.WITHDRAWN, "Rút hồ sơ")
        return log.story()
    is_open = roll < mix.waiting + mix.withdrawn + mix.open
    span = due - received
    late = rng.random() < mix.late
    finish = received + span * (1 + rng.random() * 0.5 if late else rng.uniform(0.2, 0.95))
    if not late and rng.random() > mix.early / (1 - mix.late):
        finish = due.replace(hour=9) if due.replace(hour=9) > received else due
    if is_open:  # an open dossier is recent: its finish lies after now
        finish = max(finish, now + timedelta(hours=1))
    _steps(rng, received, finish, mix, place, d, log)
    if is_open or finish > now:
        log.cut(now)
        return log.story(open_step=d["step_position"])
    d.update(finished_at=finish, timeliness="late" if late or d["counts_as_late"] else
             "on_time" if finish.date() == due.date() else "early", result_summary="Đã cấp kết quả")
    log.add(finish, place.leader, "leader", "complete", State.PROCESSING, State.COMPLETED)
    returned = finish + timedelta(hours=rng.randrange(1, 72))
    if returned <= now:
        d["returned_at"] = returned
        log.add(returned, place.reception, "reception", "return_result", State.COMPLETED, State.RETURNED)
    return log.story()


def _steps(rng, received, finish, mix, place, d, log) -> None:
    """Forward from reception to the specialist and to the leader; maybe one or two supplements."""
    span = finish - received
    to_specialist, to_leader = received + span * 0.1, received + span * 0.7
    log.add(to_specialist, place.reception, "reception", "forward", State.RECEIVED, State.PROCESSING, to_step=2)
    d["supplement_count"] = 0
    if rng.random() < mix.supplement:
        asks = 2 if rng.random() < 0.1 else 1
        for n in range(asks):
            asked = to_specialist + span * (0.1 + 0.2 * n)
            log.add(asked, place.specialist, "specialist", "request_supplement", State.PROCESSING,
                    State.SUPPLEMENT_REQUESTED, "Bổ sung giấy tờ còn thiếu")
            log.add(asked + span * 0.1, None, "applicant", "receive_supplement", State.SUPPLEMENT_REQUESTED,
                    State.PROCESSING)
        d["supplement_count"] = asks
    d["counts_as_late"] = d["supplement_count"] >= 2
    log.add(to_leader, place.specialist, "specialist", "forward", State.PROCESSING, State.PROCESSING, to_step=3)
    d["assignee_id"] = place.leader


class _Log:
    """The event chain of one dossier; the dossier row follows its last event."""

    def __init__(self, dossier: dict):
        self.d, self.events = dossier, []

    def add(self, at, actor_id, role, action, from_state, to_state, comment="", to_step=None):
        from_step = self.d.get("step_position", 0)
        if to_step is not None:
            self.d["step_position"] = to_step
        self.events.append(dict(dossier_id=self.d["id"], seq=len(self.events) + 1, at=at, actor_id=actor_id,
                                actor_name="Hệ thống" if actor_id is None else f"cb{actor_id}", actor_role=role,
                                unit_id=self.d["current_unit_id"], action=action, from_state=from_state,
                                to_state=to_state, from_step=from_step, to_step=self.d.get("step_position", 0),
                                comment=comment, data={}))

    def cut(self, now):
        """Drop what has not happened yet; the row's state and step are those of the last event kept."""
        self.events = [e for e in self.events if e["at"] <= now]
        self.d["step_position"] = self.events[-1]["to_step"]
        if self.d["step_position"] < 3:  # the leader is assigned when the dossier reaches the leader
            self.d.pop("assignee_id", None)

    def story(self, open_step: int = 0) -> Story:
        prev = ""
        for event in self.events:
            event["prev_hash"] = prev
            event["hash"] = prev = event_hash(SimpleNamespace(**event))
        last = self.events[-1]
        self.d.update(state=last["to_state"], national_status=NATIONAL_STATUS[last["to_state"]],
                      version=len(self.events) - 1, updated_at=last["at"])
        if self.d["state"] in State.PAUSED:
            self.d["paused_at"] = last["at"]
        return Story(self.d, self.events, open_step if self.d["state"] in State.OPEN else 0)


def _pick(rng, shares):
    roll, total = rng.random(), 0.0
    for value, share in shares:
        total += share
        if roll < total:
            return value
    return shares[-1][0]
