"""The standard internal process (quy trình nội bộ) of a demo procedure, split from its time limit.

Reception → specialist → leader → return desk. The reception and return desks each get an eighth
of the time, at most 4 working hours (half a day: the dossier moves on the same or next morning);
the leader a quarter of what remains, at most 8 hours (one day to sign); the specialist the rest.
Hours are whole quarter hours and always add up to the time limit exactly.
"""

from decimal import ROUND_DOWN, Decimal
from typing import NamedTuple

from motcua.accounts.models import Role

QUARTER = Decimal("0.25")
EDGE_CAP, LEADER_CAP = Decimal(4), Decimal(8)


class Step(NamedTuple):
    name: str
    role: str
    unit_kind: str  # empty: the receiving unit
    hours: Decimal


def _quarters(hours: Decimal) -> Decimal:
    return (hours / QUARTER).to_integral_value(rounding=ROUND_DOWN) * QUARTER


def standard_steps(total_hours, handler_kind: str = "") -> list[Step]:
    """Four steps whose hours add up to ``total_hours``; ``handler_kind`` does the middle two."""
    total = Decimal(total_hours)
    if total < 1 or total % QUARTER:
        raise ValueError(f"Thời hạn không chia được thành các bước / cannot split {total} working hours")
    edge = max(QUARTER, _quarters(min(EDGE_CAP, total / 8)))
    leader = max(QUARTER, _quarters(min(LEADER_CAP, (total - 2 * edge) / 4)))
    specialist = total - 2 * edge - leader
    return [
        Step("Tiếp nhận, kiểm tra và chuyển hồ sơ", Role.RECEPTION, "", edge),
        Step("Thẩm định hồ sơ, dự thảo kết quả", Role.SPECIALIST, handler_kind, specialist),
        Step("Xem xét, ký duyệt kết quả", Role.LEADER, handler_kind, leader),
        Step("Vào sổ, trả kết quả cho người dân", Role.RECEPTION, "", edge),
    ]
