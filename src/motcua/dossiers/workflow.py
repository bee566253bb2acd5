"""The dossier state machine — the only place that says which action may follow which state.

Internal states map onto the ten national status codes (TrangThaiHoSo, domain-vn.md §2.3) used
for sync with the National Public Service Portal. Pure data and functions: no database.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy, gettext_noop

from motcua.accounts.models import Role


class State:
    DRAFT = "draft"                          # citizen still editing (not sent anywhere)
    SUBMITTED = "submitted"                  # chờ tiếp nhận
    AWAITING_COMPLETION = "awaiting_completion"  # reception asked to complete the dossier (Mẫu 02)
    REFUSED = "refused"                      # không được tiếp nhận (Mẫu 03)
    RECEIVED = "received"                    # đã tiếp nhận, at the reception step
    PROCESSING = "processing"                # đang xử lý (specialist, leader, other unit)
    SUPPLEMENT_REQUESTED = "supplement_requested"  # chờ bổ sung during processing: clock paused
    FEE_REQUESTED = "fee_requested"          # chờ thực hiện nghĩa vụ tài chính: clock paused
    SUSPENDED = "suspended"                  # tạm dừng: clock paused, may resume
    STOPPED = "stopped"                      # dừng giải quyết (Mẫu 05/2025)
    WITHDRAWN = "withdrawn"                  # công dân rút hồ sơ
    COMPLETED = "completed"                  # đã xử lý xong, result at the return desk
    RETURNED = "returned"                    # đã trả kết quả

    LABELS = {
        DRAFT: gettext_noop("Bản nháp"),
        SUBMITTED: gettext_noop("Chờ tiếp nhận"),
        AWAITING_COMPLETION: gettext_noop("Chờ bổ sung, hoàn thiện để tiếp nhận"),
        REFUSED: gettext_noop("Không được tiếp nhận"),
        RECEIVED: gettext_noop("Đã tiếp nhận"),
        PROCESSING: gettext_noop("Đang xử lý"),
        SUPPLEMENT_REQUESTED: gettext_noop("Chờ công dân bổ sung hồ sơ"),
        FEE_REQUESTED: gettext_noop("Chờ thực hiện nghĩa vụ tài chính"),
        SUSPENDED: gettext_noop("Tạm dừng xử lý"),
        STOPPED: gettext_noop("Dừng xử lý"),
        WITHDRAWN: gettext_noop("Công dân đã rút hồ sơ"),
        COMPLETED: gettext_noop("Đã có kết quả, chờ trả"),
        RETURNED: gettext_noop("Đã trả kết quả"),
    }
    # LABELS stay Vietnamese (messages, official forms, the API); CHOICES follow the reader's language.
    CHOICES = [(state, gettext_lazy(label)) for state, label in LABELS.items()]
    TERMINAL = frozenset({REFUSED, STOPPED, WITHDRAWN, RETURNED})
    PAUSED = frozenset({SUPPLEMENT_REQUESTED, FEE_REQUESTED, SUSPENDED})
    # Received and not yet finished: the statutory clock applies.
    OPEN = frozenset({RECEIVED, PROCESSING, SUPPLEMENT_REQUESTED, FEE_REQUESTED, SUSPENDED})


NATIONAL_STATUS = {
    State.DRAFT: None,
    State.SUBMITTED: 1,
    State.AWAITING_COMPLETION: 5,
    State.REFUSED: 3,
    State.RECEIVED: 2,
    State.PROCESSING: 4,
    State.SUPPLEMENT_REQUESTED: 5,
    State.FEE_REQUESTED: 6,
    State.SUSPENDED: 8,
    State.STOPPED: 8,
    State.WITHDRAWN: 7,
    State.COMPLETED: 9,
    State.RETURNED: 10,
}

NATIONAL_STATUS_LABELS = {
    1: "Mới đăng ký", 2: "Được tiếp nhận", 3: "Không được tiếp nhận", 4: "Đang xử lý",
    5: "Yêu cầu bổ sung giấy tờ", 6: "Yêu cầu thực hiện nghĩa vụ tài chính",
    7: "Công dân yêu cầu rút hồ sơ", 8: "Dừng xử lý", 9: "Đã xử lý xong", 10: "Đã trả kết quả",
}

STAFF_PROCESSING = frozenset({Role.SPECIALIST, Role.LEADER})
RECEPTION = frozenset({Role.RECEPTION})
APPLICANT = "applicant"  # the citizen or business who owns the dossier
SUBMITTERS = frozenset({APPLICANT, Role.RECEPTION, Role.DIGITAL_GUIDE, Role.POSTAL_AGENT})


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    sources: frozenset
    target: str | None  # None: the state does not change (e.g. forward between steps)
    actors: frozenset
    needs_comment: bool = False


def _a(name, label, sources, target, actors, needs_comment=False):
    return Action(name, label, frozenset(sources), target, frozenset(actors), needs_comment)


S = State
ACTIONS = {a.name: a for a in [
    _a("submit", "Nộp hồ sơ", {S.DRAFT}, S.SUBMITTED, SUBMITTERS),
    _a("accept", "Tiếp nhận", {S.SUBMITTED}, S.RECEIVED, RECEPTION),
    _a("request_completion", "Yêu cầu bổ sung, hoàn thiện (Mẫu 02)", {S.SUBMITTED}, S.AWAITING_COMPLETION,
       RECEPTION, needs_comment=True),
    _a("complete_submission", "Nộp bổ sung", {S.AWAITING_COMPLETION}, S.SUBMITTED, SUBMITTERS),
    _a("refuse", "Từ chối tiếp nhận (Mẫu 03)", {S.SUBMITTED, S.AWAITING_COMPLETION}, S.REFUSED, RECEPTION,
       needs_comment=True),
    _a("forward", "Chuyển bước tiếp theo", {S.RECEIVED, S.PROCESSING}, S.PROCESSING,
       RECEPTION | STAFF_PROCESSING),
    _a("send_back", "Trả lại bước trước", {S.PROCESSING}, S.PROCESSING, STAFF_PROCESSING, needs_comment=True),
    _a("transfer", "Chuyển liên thông", {S.PROCESSING}, S.PROCESSING, STAFF_PROCESSING),
    _a("request_supplement", "Yêu cầu bổ sung hồ sơ (Mẫu 02)", {S.PROCESSING}, S.SUPPLEMENT_REQUESTED,
       STAFF_PROCESSING, needs_comment=True),
    _a("receive_supplement", "Tiếp nhận hồ sơ bổ sung", {S.SUPPLEMENT_REQUESTED}, S.PROCESSING,
       RECEPTION | STAFF_PROCESSING | {APPLICANT}),
    _a("request_fee", "Yêu cầu thực hiện nghĩa vụ tài chính", {S.RECEIVED, S.PROCESSING}, S.FEE_REQUESTED,
       RECEPTION | STAFF_PROCESSING),
    _a("fee_paid", "Đã thực hiện nghĩa vụ tài chính", {S.FEE_REQUESTED}, S.PROCESSING,
       RECEPTION | STAFF_PROCESSING | {"system"}),
    _a("suspend", "Tạm dừng xử lý", {S.RECEIVED, S.PROCESSING}, S.SUSPENDED, STAFF_PROCESSING, needs_comment=True),
    _a("resume", "Tiếp tục xử lý", {S.SUSPENDED}, S.PROCESSING, STAFF_PROCESSING),
    _a("stop", "Dừng giải quyết (Mẫu 05)", {S.RECEIVED, S.PROCESSING, S.SUSPENDED, S.SUPPLEMENT_REQUESTED},
       S.STOPPED, {Role.LEADER}, needs_comment=True),
    _a("withdraw", "Công dân rút hồ sơ",
       {S.DRAFT, S.SUBMITTED, S.AWAITING_COMPLETION, S.RECEIVED, S.PROCESSING, S.SUPPLEMENT_REQUESTED,
        S.FEE_REQUESTED, S.SUSPENDED}, S.WITHDRAWN, {APPLICANT, Role.RECEPTION}),
    _a("apologize", "Xin lỗi và hẹn lại ngày trả (Mẫu 04)", State.OPEN, None, STAFF_PROCESSING | RECEPTION,
       needs_comment=True),
    _a("complete", "Hoàn thành, có kết quả", {S.PROCESSING}, S.COMPLETED, {Role.LEADER}),
    _a("bundle_complete", "Hoàn thành nhóm thủ tục liên thông", State.OPEN, S.COMPLETED, {"system"}),
    _a("return_result", "Trả kết quả", {S.COMPLETED}, S.RETURNED, RECEPTION | {Role.POSTAL_AGENT, "system"}),
]}


class IllegalTransition(Exception):
    """An action that the dossier's current state or the actor's role does not allow."""

    def __init__(self, message_vi: str, message_en: str):
        super().__init__(f"{message_vi} / {message_en}")
        self.message_vi, self.message_en = message_vi, message_en


def check(action_name: str, state: str, actor_roles: set[str]) -> Action:
    """Return the action if allowed from ``state`` for someone holding ``actor_roles``."""
    action = ACTIONS.get(action_name)
    if action is None:
        raise IllegalTransition(f"Thao tác không tồn tại: {action_name}", f"unknown action: {action_name}")
    if state not in action.sources:
        raise IllegalTransition(
            f"Không thể '{action.label}' khi hồ sơ đang ở trạng thái '{State.LABELS[state]}'",
            f"action '{action_name}' is not allowed in state '{state}'",
        )
    if not (action.actors & actor_roles):
        raise IllegalTransition(
            f"Bạn không có quyền '{action.label}' đối với hồ sơ này",
            f"your role may not perform '{action_name}'",
        )
    return action


def allowed_actions(state: str, actor_roles: set[str]) -> list[Action]:
    return [a for a in ACTIONS.values() if state in a.sources and a.actors & actor_roles]
