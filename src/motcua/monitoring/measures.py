"""What one dossier event adds to the fact tables (số liệu tổng hợp) — pure.

``event_measures`` is the single rule used twice: by the ``dossier_changed`` receiver, which adds
its result to the facts in the event's own transaction, and by ``motcua facts rebuild``, which
replays every event from the log. Because both paths call the same function, a rebuild that finds
a difference points at a lost or extra write, never at two readings of the rules.

Attribution (decision 0361): the receiving unit (đơn vị tiếp nhận), the dossier's procedure and
channel, and the local day of the event — except acceptance, counted on the day of ``received_at``
so that paper dossiers entered later (nhập bù) fall on the day they were really received.
Only top-level dossiers count: members of a bundle (hồ sơ liên thông) are counted once, with
their bundle, as the results and payment counts of the other apps do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")

# Measures of the daily facts, with their Vietnamese labels; the model has one column each.
FLOW_LABELS = {
    "submitted": "Hồ sơ nộp",
    "accepted": "Hồ sơ tiếp nhận",
    "refused": "Từ chối tiếp nhận",
    "supplement_requests": "Yêu cầu bổ sung",
    "extensions": "Xin lỗi, gia hạn",
    "finished_early": "Giải quyết trước hạn",
    "finished_on_time": "Giải quyết đúng hạn",
    "finished_late": "Giải quyết trễ hạn",
    "returned": "Đã trả kết quả",
    "finished_seconds": "Tổng thời gian giải quyết (giây)",
}
FLOW = tuple(FLOW_LABELS)

# Actions ending the processing (766 §1.5: xử lý xong, dừng xử lý, rút hồ sơ đã tiếp nhận).
FINISHING = frozenset({"complete", "bundle_complete", "stop", "withdraw"})
_SIMPLE = {"submit": "submitted", "refuse": "refused", "request_supplement": "supplement_requests",
           "apologize": "extensions", "return_result": "returned"}
COUNTED_ACTIONS = frozenset(_SIMPLE) | FINISHING | {"accept"}


@dataclass(frozen=True)
class DossierState:
    """What the rule reads from the dossier: both stay fixed once the dossier is finished."""

    received_at: datetime | None
    timeliness: str  # "early" | "on_time" | "late" | "" (not finished)


def local_day(moment: datetime) -> date:
    return moment.astimezone(LOCAL).date()


def event_measures(action: str, at: datetime, dossier: DossierState) -> list[tuple[date, str, int]]:
    """(day, measure, amount) rows that the event ``action`` at ``at`` adds; [] for other actions.

    >>> from datetime import timezone
    >>> noon = datetime(2026, 3, 4, 5, 0, tzinfo=timezone.utc)   # 12:00 in Hà Nội
    >>> event_measures("submit", noon, DossierState(None, ""))
    [(datetime.date(2026, 3, 4), 'submitted', 1)]
    """
    if action in _SIMPLE:
        return [(local_day(at), _SIMPLE[action], 1)]
    if action == "accept" and dossier.received_at:
        return [(local_day(dossier.received_at), "accepted", 1)]
    if action in FINISHING and dossier.received_at and dossier.timeliness:
        day = local_day(at)
        spent = max(int((at - dossier.received_at).total_seconds()), 0)
        return [(day, f"finished_{dossier.timeliness}", 1), (day, "finished_seconds", spent)]
    return []
