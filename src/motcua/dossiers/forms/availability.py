"""Which forms make sense for a dossier, from the set its receipt date selects and its events."""

from datetime import date

from django.utils import timezone

from motcua.core.errors import UserFacingError

from .registry import DOSSIER_FORM_KEYS, FORM_KEYS, FormSet, FormSpec, form_set_for, sets_having, spec

# Form → the events that give it its content (a supplement request, a refusal…).
_EVENTS = {
    "supplement": {"request_completion", "request_supplement"},
    "refusal": {"refuse"},
    "apology": {"apologize"},
    "stop": {"stop"},
}

# Why a form is not available, (Vietnamese, English).
_MISSING = {
    "receipt": ("Hồ sơ chưa được tiếp nhận nên chưa có Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
                "the dossier has not been received, so there is no receipt slip"),
    "supplement": ("Hồ sơ chưa có yêu cầu bổ sung, hoàn thiện nào",
                   "no supplement or completion was requested for this dossier"),
    "refusal": ("Hồ sơ không bị từ chối tiếp nhận", "the dossier was not refused"),
    "apology": ("Hồ sơ chưa có lần xin lỗi, hẹn lại ngày trả kết quả nào",
                "the dossier has no apology or new date"),
    "stop": ("Hồ sơ không bị dừng giải quyết", "the dossier was not stopped"),
    "control": ("Hồ sơ chưa được tiếp nhận, hoặc là hồ sơ nhóm thủ tục liên thông không có bước xử lý riêng, "
                "nên không có quá trình giải quyết để kiểm soát",
                "the dossier has not been received, or is a bundle without steps of its own: no process to control"),
}


class FormNotAvailable(UserFacingError):
    def __init__(self, message_vi: str, message_en: str):
        super().__init__(message_vi, message_en, field="form", code="form_not_available")


def _set_day(dossier) -> date:
    """The local receipt date; a dossier never received (refused, or asked to complete at the
    desk) is judged by the day it reached the desk (decision 0220)."""
    moment = dossier.received_at or dossier.submitted_at or dossier.created_at or timezone.now()
    return timezone.localtime(moment).date()


def dossier_form_set(dossier) -> FormSet:
    return form_set_for(_set_day(dossier))


def _has_content(key: str, dossier, actions: set[str]) -> bool:
    if key in _EVENTS:
        return bool(_EVENTS[key] & actions)
    if key == "receipt":
        return bool(dossier.code and dossier.received_at)
    return bool(dossier.received_at) and dossier.steps.exists()  # control sheet


def _actions(dossier) -> set[str]:
    return set(dossier.events.values_list("action", flat=True).distinct())


def available_forms(dossier) -> list[FormSpec]:
    """The forms of the dossier's set that have content for it, in form-number order."""
    form_set, actions = dossier_form_set(dossier), _actions(dossier)
    found = [spec(key, form_set) for key in DOSSIER_FORM_KEYS if _has_content(key, dossier, actions)]
    return sorted((f for f in found if f), key=lambda f: f.number)


def require(key: str, dossier) -> FormSpec:
    """The form ``key`` for ``dossier``, or FormNotAvailable saying why not."""
    if key not in DOSSIER_FORM_KEYS:
        known = ", ".join(DOSSIER_FORM_KEYS)
        if key in FORM_KEYS:  # the register is per unit and period, not per dossier
            raise FormNotAvailable(f"Biểu mẫu '{key}' không in theo từng hồ sơ",
                                   f"form '{key}' is not printed per dossier (use register_pdf)")
        raise FormNotAvailable(f"Không có biểu mẫu '{key}' (có: {known})", f"unknown form '{key}' (known: {known})")
    form_set = dossier_form_set(dossier)
    found = spec(key, form_set)
    if found is None:
        (other,) = sets_having(key)
        day, title = _set_day(dossier), spec(key, other).title
        raise FormNotAvailable(
            f"Hồ sơ tiếp nhận ngày {day:%d/%m/%Y} thuộc bộ biểu mẫu {form_set.circular}, không có mẫu "
            f"“{title}” (chỉ có từ ngày {other.starts:%d/%m/%Y} theo {other.circular})",
            f"the dossier was received on {day:%d/%m/%Y}, under the {form_set.key} form set "
            f"({form_set.circular}), which has no '{key}' form (it exists from {other.starts:%d/%m/%Y})",
        )
    if not _has_content(key, dossier, _actions(dossier)):
        raise FormNotAvailable(*_MISSING[key])
    return found
