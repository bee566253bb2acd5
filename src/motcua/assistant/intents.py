"""What a message asks (ý định): which facts, a dossier's status, a pick from offered choices.

Pure functions over the text; the words are matched with and without diacritics.
"""

import re
from dataclasses import dataclass

from motcua.core.text import fold

from .text import normalise
from .vocabulary import Prepared

# aspect → phrases that ask for it (the order is the order of the answer)
ASPECTS: dict[str, tuple[str, ...]] = {
    "documents": ("giấy tờ gì", "giấy tờ", "hồ sơ gồm", "hồ sơ gì", "cần mang", "mang gì", "mang theo", "chuẩn bị",
                  "cần những gì", "cần gì", "thành phần hồ sơ", "bản chính", "bản sao"),
    "fee": ("lệ phí", "phí", "bao nhiêu tiền", "hết bao nhiêu", "mất bao nhiêu", "tốn", "miễn phí", "mất tiền",
            "chi phí", "tiền"),
    "time": ("bao lâu", "mấy ngày", "bao nhiêu ngày", "thời hạn", "thời gian", "khi nào có", "bao giờ có",
             "mất mấy", "lâu không"),
    "online": ("online", "trực tuyến", "qua mạng", "dịch vụ công", "trên mạng", "nộp mạng", "qua app",
               "vneid", "tại nhà"),
    "where": ("ở đâu", "nộp ở", "nơi nộp", "cơ quan nào", "chỗ nào", "địa chỉ", "làm ở", "đến đâu"),
    "conditions": ("điều kiện", "yêu cầu", "ai được"),
    "result": ("nhận được gì", "kết quả", "được cấp gì"),
    "legal": ("căn cứ", "luật", "nghị định", "thông tư", "văn bản pháp luật", "quy định nào"),
    # "thế nào", "ra sao" ask how to do it at all: the summary answers them, not the steps text
    "steps": ("các bước", "trình tự", "trình tự thực hiện", "cách thức thực hiện", "tuần tự"),
    "forms": ("mẫu đơn", "tờ khai", "biểu mẫu", "mẫu"),
    "process": ("quy trình nội bộ", "quy trình", "bước xử lý", "mấy bước", "thời gian từng bước"),
}
# A follow-up names an aspect but no new subject: "còn lệ phí bao nhiêu?", "nộp online được không?"
FOLLOW_UP_OPENERS = ("còn", "thế", "vậy", "thế còn", "vậy còn", "nếu", "nó", "thủ tục này", "cái này")
SUMMARY = ("documents", "time", "fee", "where", "online")

DOSSIER_CODE = re.compile(r"(?<![\w.])([A-Za-z0-9]+(?:\.[A-Za-z0-9]+)*-\d{6}-\d{4,7})(?![\w-])")
FACTOR = re.compile(r"(?<![\d.-])(\d{4})(?![\d.-])")
PROCEDURE_CODE = re.compile(r"(?<![\w.])(\d\.\d{6})(?![\w.])")
CHOICE = re.compile(r"^\s*(?:số|chọn|so|chon)?\s*(\d)\s*[.)]?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Intent:
    aspects: tuple[str, ...]
    dossier_code: str = ""
    factor: str = ""
    procedure_code: str = ""
    choice: int | None = None
    is_follow_up: bool = False


def aspects_of(text: str) -> tuple[str, ...]:
    prepared = Prepared.of(text)
    return tuple(a for a, phrases in ASPECTS.items() if prepared.mentions(phrases))


def _residual_words(text: str, aspects: tuple[str, ...]) -> int:
    """Words left once aspect phrases and filler are removed: few means a follow-up."""
    rest = normalise(text)
    for aspect in aspects:
        for phrase in sorted(ASPECTS[aspect], key=len, reverse=True):
            rest = re.sub(rf"(?<!\w){re.escape(normalise(phrase))}(?!\w)", " ", rest)
    filler = {"còn", "thế", "vậy", "nộp", "được", "không", "có", "là", "thì", "bao", "nhiêu", "ạ", "à", "nhỉ",
              "sao", "cho", "tôi", "mình", "em", "anh", "chị", "cần", "làm", "phải", "đâu", "gì", "nào", "mấy",
              "nó", "này", "cái", "thủ", "tục", "hỏi", "muốn", "biết", "hết", "mất", "và", "với", "ở", "khi"}
    return len([w for w in re.findall(r"\w+", rest) if w not in filler and fold(w) not in {fold(f) for f in filler}])


def parse(text: str) -> Intent:
    """Read one message."""
    code = DOSSIER_CODE.search(text or "")
    rest = DOSSIER_CODE.sub(" ", text or "")
    factor = FACTOR.search(rest)
    choice = CHOICE.match(text or "")
    procedure = PROCEDURE_CODE.search(rest)
    aspects = aspects_of(text or "")
    opener = normalise(text or "").split(" ", 1)[0] if text else ""
    follow_up = bool(aspects) and (_residual_words(text, aspects) <= 2 or opener in FOLLOW_UP_OPENERS)
    return Intent(
        aspects=aspects,
        dossier_code=code[1].upper() if code else "",
        factor=factor[1] if factor else "",
        procedure_code=procedure[1] if procedure else "",
        choice=int(choice[1]) if choice else None,
        is_follow_up=follow_up,
    )
