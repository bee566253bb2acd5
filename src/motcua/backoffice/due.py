"""Due-date colours for officers and the apology date suggestion (pure functions, no database).

Colours (màu hạn xử lý): within time (trong hạn), due soon (sắp đến hạn: due within one working
day), overdue (quá hạn) and badly overdue (quá hạn nghiêm trọng) from ``timeliness.classify_open``.
A paused clock (supplement, fee, suspension) is never "due soon": its time does not run.
"""

from datetime import datetime

from motcua.dossiers import timeliness
from motcua.workdays.calendar import WORKING_DAYS, WorkCalendar

WITHIN, SOON, OVERDUE, BADLY_OVERDUE = "within", "soon", "overdue", "badly_overdue"
LABELS = {
    WITHIN: ("Trong hạn", "Within time"),
    SOON: ("Sắp đến hạn", "Due soon"),
    OVERDUE: ("Quá hạn", "Overdue"),
    BADLY_OVERDUE: ("Quá hạn nghiêm trọng", "Badly overdue"),
}
# One working day: what "Sắp đến hạn" means on the inbox tab and in the colours.
SOON_WORKING_DAYS = 1
# The apology form proposes this many working days after the later of now and the due moment,
# at the end of that working day (decision 0262).
APOLOGY_WORKING_DAYS = 2


def soon_until(calendar: WorkCalendar, now: datetime) -> datetime:
    """The moment until which a running due date counts as 'due soon'."""
    return calendar.add(now, SOON_WORKING_DAYS, WORKING_DAYS)


def level(now: datetime, due_at: datetime | None, badly_overdue_at: datetime | None,
          paused_at: datetime | None, soon_limit: datetime) -> str | None:
    """The colour of an open dossier (or step); None when it has no due moment yet."""
    if due_at is None:
        return None
    judged = timeliness.classify_open(now, due_at, badly_overdue_at, paused_at)
    if judged == timeliness.BADLY_OVERDUE:
        return BADLY_OVERDUE
    if judged == timeliness.OVERDUE:
        return OVERDUE
    return SOON if paused_at is None and due_at <= soon_limit else WITHIN


def step_result(finished_at: datetime, due_at: datetime) -> str:
    """Per-step result on the control sheet (Phiếu kiểm soát), counted in whole minutes:
    used < allowed → early (trước hạn), equal → on time (đúng hạn), more → late (quá hạn)."""
    finished, due = minute(finished_at), minute(due_at)
    if finished < due:
        return timeliness.EARLY
    return timeliness.ON_TIME if finished == due else timeliness.LATE


def minute(moment: datetime | None) -> datetime | None:
    """The moment cut to the whole minute, as officers read and write times."""
    return moment.replace(second=0, microsecond=0) if moment else None


def suggest_new_due(calendar: WorkCalendar, now: datetime, due_at: datetime) -> datetime:
    """The new due moment proposed on the apology form (Mẫu 04): APOLOGY_WORKING_DAYS working
    days after the later of now and the current due moment, at the close of that working day."""
    target = calendar.add(max(now, due_at), APOLOGY_WORKING_DAYS, WORKING_DAYS)
    local = target.astimezone(calendar.tz)
    closing = calendar.periods[-1][1]
    # add() always lands inside a working period, so the close of that day is not earlier.
    return datetime.combine(local.date(), closing, calendar.tz)
