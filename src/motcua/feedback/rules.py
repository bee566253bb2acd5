"""Rules of hearing citizens, as pure functions (no database): petition deadlines and lateness,
the satisfaction formulas of Decision 766 (5.3, 5.4) and the bulk entry of a meeting's questions.

Deadlines (domain-vn.md §1.3, indicator 5.2), all in working days from receipt: handle and answer
within 15, refuse within 2, ask for more information within 5; a published answer within 2 working
days of the answer. They are computed with the unit's working calendar (workdays.calendar).
"""

from dataclasses import dataclass
from datetime import datetime

from motcua.core.errors import UserFacingError
from motcua.dossiers import validation
from motcua.workdays.calendar import WORKING_DAYS

HANDLE_DAYS, REFUSE_DAYS, INFO_DAYS, PUBLISH_DAYS = 15, 2, 5, 2


@dataclass(frozen=True)
class Deadlines:
    refuse: datetime
    info: datetime
    answer: datetime


def deadlines(calendar, received_at: datetime) -> Deadlines:
    """The three deadlines of a petition received at ``received_at`` (the clock starts as for a
    dossier: at once in working time, else at the next working period)."""
    return Deadlines(refuse=calendar.due(received_at, REFUSE_DAYS, WORKING_DAYS),
                     info=calendar.due(received_at, INFO_DAYS, WORKING_DAYS),
                     answer=calendar.due(received_at, HANDLE_DAYS, WORKING_DAYS))


def publish_deadline(calendar, answered_at: datetime) -> datetime:
    return calendar.due(answered_at, PUBLISH_DAYS, WORKING_DAYS)


@dataclass(frozen=True)
class PetitionState:
    """What ``is_overdue`` needs to know about a petition."""

    is_open: bool
    late: bool  # a step was done after its deadline
    answer_due_at: datetime
    paused: bool = False  # waiting for the sender's information: the clock is stopped
    to_publish: bool = False
    publish_due_at: datetime | None = None
    published_at: datetime | None = None


def is_overdue(p: PetitionState, cutoff: datetime) -> bool:
    """Quá hạn as of ``cutoff``: a step already done late, an open petition past its answer
    deadline, or an answer to be published not published in time."""
    if p.late:
        return True
    if p.is_open and not p.paused and cutoff > p.answer_due_at:
        return True
    return bool(p.to_publish and p.published_at is None and p.publish_due_at and cutoff > p.publish_due_at)


# --- Decision 766, group 5 ------------------------------------------------------------------------

def petition_satisfaction(total: int, dislike_over_like: int, overdue: int, reopened: int) -> tuple[int, int]:
    """Indicator 5.3 as (numerator, denominator): (total − dislike>like − overdue − reopened) / total,
    over the petitions received for the first time in the period. Each term is subtracted as the
    formula reads it; the numerator never goes below 0 (decision 0352)."""
    return max(0, total - dislike_over_like - overdue - reopened), total


def dossier_satisfaction(total: int, overdue: int, with_petition_or_dislike: int) -> tuple[int, int]:
    """Indicator 5.4 as (numerator, denominator): 100 % − (overdue rate + rate of dossiers with a
    petition or a dislike) = (total − overdue − with petition or dislike) / total, floored at 0."""
    return max(0, total - overdue - with_petition_or_dislike), total


def dislikes_win(likes: int, dislikes: int) -> bool:
    """An answer counts against satisfaction when its dislikes outnumber its likes."""
    return dislikes > likes


# --- a meeting's questions, entered in bulk ---------------------------------------------------------

@dataclass(frozen=True)
class MeetingLine:
    name: str
    phone: str
    content: str


def parse_meeting_lines(text: str) -> list[MeetingLine]:
    """One question per line: "nội dung", "họ tên | nội dung" or "họ tên | điện thoại | nội dung".

    Every bad line is reported at once, by number; nothing is returned unless all lines are good.
    """
    found, problems = [], []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        if not raw.strip():
            continue
        parts = [p.strip() for p in raw.split("|")]
        if len(parts) > 3:
            problems.append((f"dòng {number}: quá 3 phần ngăn bởi '|'", f"line {number}: more than 3 parts"))
            continue
        name, phone, content = ("", "", parts[0]) if len(parts) == 1 else \
            (parts[0], "", parts[1]) if len(parts) == 2 else tuple(parts)
        if len(content) < 5:
            problems.append((f"dòng {number}: thiếu nội dung câu hỏi", f"line {number}: the question is missing"))
            continue
        try:
            phone = validation.phone(phone)
        except UserFacingError:
            problems.append((f"dòng {number}: số điện thoại '{phone}' không hợp lệ", f"line {number}: invalid phone"))
            continue
        found.append(MeetingLine(" ".join(name.split()), phone, " ".join(content.split())))
    if problems:
        raise UserFacingError("Chưa lưu câu hỏi nào — " + "; ".join(vi for vi, _ in problems),
                              "nothing saved — " + "; ".join(en for _, en in problems), field="lines")
    if not found:
        raise UserFacingError("Chưa có câu hỏi nào", "no question entered", field="lines")
    return found
