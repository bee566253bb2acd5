"""The two official form sets and their numbers: one table (bảng biểu mẫu).

TT 01/2018/TT-VPCP (six forms) applies to dossiers received before 15/09/2025; TT 03/2025/TT-VPCP
Phụ lục I (seven forms) from that day (domain-vn.md §2.2). The 2025 set inserts the stop notice
as 05, so the control sheet moves from 05 to 06 and the register from 06 to 07. Pure data.
"""

from dataclasses import dataclass
from datetime import date

A5, A4, A4_LANDSCAPE = "A5", "A4", "A4 landscape"


@dataclass(frozen=True)
class FormSet:
    """Bộ biểu mẫu: the circular that issues it and the first day it applies."""

    key: str
    circular: str
    starts: date


SET_2018 = FormSet("2018", "Thông tư số 01/2018/TT-VPCP", date(2019, 1, 6))
SET_2025 = FormSet("2025", "Thông tư số 03/2025/TT-VPCP", date(2025, 9, 15))


@dataclass(frozen=True)
class FormSpec:
    """One form of one set: its key in the code, number (mẫu số), title and paper size."""

    key: str
    form_set: FormSet
    number: str
    title: str
    paper: str

    @property
    def label(self) -> str:
        return f"Mẫu số {self.number} — {self.title}"


# key → {set key: (number, title, paper)}. A missing set key: the form does not exist in that set.
_TABLE = {
    "receipt": {
        "2018": ("01", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả", A5),
        "2025": ("01", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả", A5),
    },
    "supplement": {
        "2018": ("02", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", A5),
        "2025": ("02", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", A5),
    },
    "refusal": {
        "2018": ("03", "Phiếu từ chối tiếp nhận giải quyết hồ sơ", A5),
        "2025": ("03", "Phiếu từ chối tiếp nhận giải quyết hồ sơ", A5),
    },
    "apology": {  # 2025: a letter (văn bản) of the agency, so A4 like any official letter (decision 0222)
        "2018": ("04", "Phiếu xin lỗi và hẹn lại ngày trả kết quả", A5),
        "2025": ("04", "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết", A4),
    },
    "stop": {
        "2025": ("05", "Thông báo dừng giải quyết hồ sơ", A4),
    },
    "control": {
        "2018": ("05", "Phiếu kiểm soát quá trình giải quyết hồ sơ", A4),
        "2025": ("06", "Phiếu kiểm soát quá trình giải quyết hồ sơ", A4),
    },
    "register": {
        "2018": ("06", "Sổ theo dõi hồ sơ", A4_LANDSCAPE),
        "2025": ("07", "Sổ theo dõi hồ sơ", A4_LANDSCAPE),
    },
}
FORM_KEYS = tuple(_TABLE)
DOSSIER_FORM_KEYS = tuple(k for k in FORM_KEYS if k != "register")


def form_set_for(day: date) -> FormSet:
    """The set in force on ``day`` (local date): 15/09/2025 and after → 2025, before → 2018."""
    return SET_2025 if day >= SET_2025.starts else SET_2018


def spec(key: str, form_set: FormSet) -> FormSpec | None:
    """The form ``key`` of ``form_set``, or None when that set has no such form."""
    row = _TABLE[key].get(form_set.key)
    return FormSpec(key, form_set, *row) if row else None


def sets_having(key: str) -> list[FormSet]:
    return [s for s in (SET_2018, SET_2025) if s.key in _TABLE[key]]
