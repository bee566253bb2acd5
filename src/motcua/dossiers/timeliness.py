"""Early / on time / late on completion; within time / overdue / badly overdue while open.

Pure functions. Rules (domain-vn.md §1.5, §2.5): on time ⇔ finished ≤ due (NgayKetThucXuLy ≤
NgayHenTra); a dossier with more than one supplement request, or whose date was extended with an
apology, counts as late whatever its finish time. Early vs on time: finished on an earlier day
than the due day is early (trước hạn), on the due day on time (đúng hạn) — see decision 0004.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")

EARLY, ON_TIME, LATE = "early", "on_time", "late"
WITHIN, OVERDUE, BADLY_OVERDUE = "within", "overdue", "badly_overdue"


def classify_finished(finished_at: datetime, due_at: datetime, counts_as_late: bool) -> str:
    if counts_as_late or finished_at > due_at:
        return LATE
    if finished_at.astimezone(LOCAL).date() < due_at.astimezone(LOCAL).date():
        return EARLY
    return ON_TIME


def classify_open(now: datetime, due_at: datetime, badly_overdue_at: datetime | None,
                  paused_at: datetime | None = None) -> str:
    """A paused clock is judged at the moment it was paused."""
    moment = min(now, paused_at) if paused_at else now
    if badly_overdue_at and moment > badly_overdue_at:
        return BADLY_OVERDUE
    if moment > due_at:
        return OVERDUE
    return WITHIN
