"""Pure parsers for the national portal's tables, flattened to text without separators.

``cach_thuc_thuc_hien`` (channels, time limits, fees), ``thanh_phan_ho_so`` (documents) and
``can_cu_phap_ly`` (legal basis) arrive as ``header + row + row...`` with every cell glued to the
next. Each parser finds the row boundaries from what a row must end or start with, and returns the
rows it could read and a list of reasons for what it could not.
"""

import re
from datetime import date

from motcua.core.text import fold

from .cells import (DEFAULT_FEE_NAME, FREE_LABEL, LOWER, UPPER, clean, fee_from_parts, parse_duration,
                    take_parenthesised)
from .records import ChannelData, DocumentData, FeeData

CHANNELS = {"Trực tiếp": "direct", "Trực tuyến": "online", "Dịch vụ bưu chính": "postal"}
CHANNEL_HEADER = "Hình thức nộpThời gianPhí, lệ phíMô tả"
DOCUMENT_HEADER = "Tên giấy tờMẫu đơn, tờ khaiSố lượng"
LAW_HEADER = "Tên văn bản pháp lýMã văn bản"

# A row starts with a channel name glued to its time cell (a number or a capitalised phrase), which
# "nộp hồ sơ trực tiếp tại..." or "Trực tuyến: nộp..." in a description never is.
_CHANNEL_ROW = re.compile(rf"(Trực tiếp|Trực tuyến|Dịch vụ bưu chính)(?=\d|[{UPPER}])")
_FEE_CELL = re.compile(
    r"(?P<free>Miễn phí)|(?P<none>Không có thông tin)"
    r"|(?:(?P<label>Lệ phí|Phí)\s*:\s*)?(?P<value>\d[\d.,]*)?\s*(?P<cur>Việt Nam Đồng|VNĐ|Đồng|USD)"
)


def parse_fee_cell(text: str) -> tuple[list[FeeData] | None, str, list[str]]:
    """Read the fee cell at the start of a row's remainder; return (fees, description, issues).

    ``fees`` is None when the cell says "Không có thông tin" (the source states no fee).
    """
    match = _FEE_CELL.match(text)
    if not match:
        return None, text.strip(), [f"không đọc được ô phí / unreadable fee cell: «{text[:60]}»"]
    if match["none"]:
        return None, text[match.end():].strip(), []
    note, rest = take_parenthesised(text[match.end():])
    label = FREE_LABEL if match["free"] else (match["label"] or DEFAULT_FEE_NAME)
    fees, issues = fee_from_parts(label, match["value"] or "", match["cur"] or "", note)
    return fees, rest.strip(), issues


def _same_everywhere(per_channel: dict[str, list[FeeData]]) -> bool:
    def key(fees):
        return [(f.name, f.amount, f.currency, f.foreign_amount, f.conditions) for f in fees]

    first = next(iter(per_channel.values()))
    return all(key(fees) == key(first) for fees in per_channel.values())


def merge_channel_fees(per_channel: dict[str, list[FeeData]]) -> list[FeeData]:
    """One fee list for every channel when the channels agree (the usual case), else per channel."""
    if not per_channel:
        return []
    if _same_everywhere(per_channel):
        return next(iter(per_channel.values()))
    merged = []
    for channel, fees in per_channel.items():
        for fee in fees:
            fee.channel = channel
            merged.append(fee)
    return merged


def parse_channel_table(text: str) -> tuple[list[ChannelData], list[FeeData], list[str]]:
    """``cach_thuc_thuc_hien`` → (channels, fees, issues).

    >>> channels, fees, _ = parse_channel_table(CHANNEL_HEADER + "Trực tiếp5 Ngày làm việcLệ phí : 8.000 Đồng")
    >>> (channels[0].channel, channels[0].duration, channels[0].duration_unit, fees[0].amount)
    ('direct', Decimal('5'), 'working-days', 8000)
    """
    text = clean(text)
    if not text:
        return [], [], []
    if not text.startswith(CHANNEL_HEADER):
        return [], [], [f"cách thức thực hiện không ở dạng bảng / channels not a table: «{text[:60]}»"]
    parts = _CHANNEL_ROW.split(text[len(CHANNEL_HEADER):])
    issues = [f"cách thức thực hiện: chữ thừa trước dòng đầu / text before the first row: «{parts[0][:60]}»"] \
        if parts[0].strip() else []
    channels, per_channel = [], {}
    for name, row in zip(parts[1::2], parts[2::2]):
        channel = CHANNELS[name]
        duration, unit, rest, time_issue = parse_duration(row)
        if time_issue and duration is None:
            # The time cell is free text ("Chậm nhất..."): it ends where the fee cell starts.
            fee_at = _FEE_CELL.search(row)
            rest = row[fee_at.start():] if fee_at else ""
        # A time cell without a number ("Không quy định", a sentence) is kept in the description.
        time_text = clean(row[:len(row) - len(rest)]) if duration is None else ""
        fees, description, fee_issues = parse_fee_cell(rest)
        description = "\n".join(filter(None, [time_text, description]))
        if duration is not None and not unit and rest.lstrip().startswith(("VNĐ", "Việt Nam Đồng", "Đồng", "USD")):
            # "Trực tuyến120 VNĐ(20.000 vnđ/tờ khai)": the time and fee digits ran together.
            duration, time_issue = None, f"thời hạn và phí dính liền / time and fee run together: «{row[:30]}»"
        channels.append(ChannelData(channel=channel, duration=duration, duration_unit=unit, description=description))
        if fees is not None:
            per_channel[channel] = fees
        issues += [f"{name}: {issue}" for issue in [time_issue, *fee_issues] if issue]
    if not channels:
        issues.append(f"cách thức thực hiện: không có dòng nào / no channel row: «{text[len(CHANNEL_HEADER):][:60]}»")
    return channels, merge_channel_fees(per_channel), issues


# A document row ends with its count, "1 bản chính" or "0 bản chính,1 bản sao", glued to the next
# row; counts are 0–10, so "năm 20261 bản chính" is the year 2026 and one original.
_COUNT = re.compile(r"(?P<originals>0?\d|10) bản chính(?:,\s*(?P<copies>0?\d|10) bản sao)?(?!\s)")
_TEMPLATE_EXT = re.compile(r"\.(?:docx?|pdf|xlsx?|rar|zip|odt|rtf)$", re.IGNORECASE)
# Where a glued form file name can start: strong after ";", ":" or ")" or at a glued "Mẫu..."
# (names rarely contain those), weak after "." or at a lower→upper case change.
_STRONG_START = re.compile(
    r"(?<=[;:)])(?=[^\s.;:)])|(?<=\S)(?=(?:Mẫu|Mau|MẪU|Phụ lục|Phu lục|Phu luc|PHỤ LỤC)[\s\d_.-]|Mus\d)")
_WEAK_START = re.compile(rf"(?<=\.)(?=[^\s.;:)])|(?<=[{LOWER}0-9])(?=[{UPPER}])|(?<=[{LOWER}])(?=\d)")
_SENTENCE_BREAK = re.compile(rf"[.;] [{LOWER}]|; ")
_MAX_TEMPLATE = 100


def _credible_template(candidate: str) -> bool:
    return (len(candidate) <= _MAX_TEMPLATE and not _SENTENCE_BREAK.search(candidate)
            and not _TEMPLATE_EXT.match("." + candidate))


def split_template(text: str) -> tuple[str, str]:
    """Split "document name + form file name" glued together; ("", "") when no split is credible.

    ``"...ngày 27/12/2021;Mus08.docx"`` → ``("...ngày 27/12/2021;", "Mus08.docx")``. The file name
    starts at the last strong glue point, else the first weak one, after which it is short and has
    no sentence break.
    """
    if not _TEMPLATE_EXT.search(text):
        return text, ""
    strong = [m.start() for m in _STRONG_START.finditer(text) if _credible_template(text[m.start():])]
    weak = [m.start() for m in _WEAK_START.finditer(text) if _credible_template(text[m.start():])]
    cut = strong[-1] if strong else (weak[0] if weak else None)
    if cut is None:
        return "", ""
    return text[:cut].strip(), text[cut:].strip()


def _document_rows(body: str, case: str) -> tuple[list[DocumentData], str, list[str]]:
    """Rows of one document group; the text after the last count is the next group's title."""
    documents, issues, start = [], [], 0
    for count in _COUNT.finditer(body):
        row = body[start:count.start()].strip()
        start = count.end()
        if not row:
            issues.append("thành phần hồ sơ: số lượng không có tên giấy tờ / a count without a document name")
            continue
        name, template = split_template(row)
        if not name:
            name, template = row, ""
            issues.append(f"thành phần hồ sơ: không tách được tên mẫu / form file name not separable: «{row[-60:]}»")
        if name:
            documents.append(DocumentData(name=name, originals=int(count["originals"]),
                                          copies=int(count["copies"] or 0), form_template=template, case=case))
    return documents, body[start:].strip(), issues


def parse_document_table(text: str) -> tuple[list[DocumentData], list[str]]:
    """``thanh_phan_ho_so`` → (documents, issues); text before each header names the case (trường hợp)."""
    text = clean(text)
    if text in {"", "--"}:
        return [], []
    if DOCUMENT_HEADER not in text:
        return [], [f"thành phần hồ sơ không ở dạng bảng / documents not a table: «{text[:60]}»"]
    groups = text.split(DOCUMENT_HEADER)
    case, documents, issues = groups[0].strip(" -"), [], []
    for body in groups[1:]:
        rows, case_next, row_issues = _document_rows(body, case)
        documents += rows
        issues += row_issues
        case = case_next.strip(" -")
    if case:
        issues.append(f"thành phần hồ sơ: dòng không có số lượng / row without a count: «{case[:60]}»")
        documents.append(DocumentData(name=case))
    return documents, issues


# Issuer abbreviations ending a document number; tried before the generic capitals so that
# "TT-BCAQUY ĐỊNH..." ends after "BCA" and "QH1354/2014" after "QH13".
_ISSUERS = (r"UBTVQH\d{2}|QH\d{2}|TTg|CP|BTC|BCA|BTP|NHNN|BXD|BNNMT|BNNPTNT|BTNMT|BGTVT|BKHĐT|BLĐTBXH|BYT|BCT|"
            r"BQP|BNV|BTTTT|BVHTTDL|BGDĐT|BKHCN|VPCP|UBND|HĐND|TANDTC|HĐTP|VKSNDTC|CTN")
_LAW_NUMBER = re.compile(
    r"(?<!năm )(?<!năm \d)(?<!năm \d\d)(?<!năm \d\d\d)"  # "năm 201102/2011/QH13": the year keeps 4 digits
    r"\d{1,4}(?:\.\d+)?/(?:\d{4}/)?(?:[A-ZĐ]+(?:-\s?|/))*"
    rf"(?:(?:{_ISSUERS})(?=$|\d|\(|(?!ngày)[{UPPER}{LOWER}])"
    rf"|[A-ZĐ]+?(?=$|\d|[{UPPER}][{LOWER}]{{2}}))"
    r"|\d{1,4}/\d{4}$"
)
_DMY = re.compile(r"ngày\s*(\d{1,2})\s*(?:/|tháng)\s*(\d{1,2})\s*(?:/|năm)\s*(\d{4})")


def issued_date(title: str) -> str:
    """ISO date from "ngày 24/3/2021" or "ngày 11 tháng 11 năm 2016" in a title, else ""."""
    match = _DMY.search(title)
    if not match:
        return ""
    day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return ""


def parse_legal_table(text: str) -> tuple[list[dict], list[str]]:
    """``can_cu_phap_ly`` → ([{"number", "title", "issued", "issuer"}], issues).

    Each row is a title glued to its number; a title that is only a number repeated
    ("Nghị định 05/2012/NĐ-CP05/2012/NĐ-CP") is folded back into the previous row.
    """
    text = clean(text)
    if not text:
        return [], []
    if not text.startswith(LAW_HEADER):
        return [], [f"căn cứ pháp lý không ở dạng bảng / legal basis not a table: «{text[:60]}»"]
    body, rows, start = text[len(LAW_HEADER):], [], 0
    for number in _LAW_NUMBER.finditer(body):
        title = body[start:number.start()].strip(" ;,")
        start = number.end()
        if not title and rows:
            rows[-1]["title"] = f"{rows[-1]['title']} {rows[-1]['number']}".strip()
            rows[-1]["number"] = number.group()
            continue
        rows.append({"number": number.group(), "title": title, "issued": "", "issuer": ""})
    for row in rows:
        row["issued"] = issued_date(row["title"])
    rest = body[start:].strip()
    issues = [f"căn cứ pháp lý: dòng không có số hiệu / row without a number: «{rest[:60]}»"] if rest else []
    return rows, issues


_RESULT_CODE = re.compile(r"Mã:\s*KQ\.[A-Z]\d+\.\d+")
_RESULT_TAIL = re.compile(r"Từ khóa.*", re.DOTALL)


def clean_result(text: str) -> str:
    """``ket_qua_xu_ly``: keep the result names, drop their codes and the portal's form widgets."""
    names = [_RESULT_TAIL.sub("", part).strip() for part in _RESULT_CODE.split(clean(text))]
    return "\n".join(name for name in names if name)


LEVELS = {"cap bo": "ministry", "cap tinh": "province", "cap xa": "commune", "co quan khac": "other"}


def parse_levels(text: str) -> tuple[list[str], list[str]]:
    """``"Cấp bộ, Cấp tỉnh"`` → ``["ministry", "province"]``; unknown parts are reported."""
    levels, issues = [], []
    for part in filter(None, (p.strip() for p in clean(text).split(","))):
        level = LEVELS.get(fold(part))
        if level:
            levels.append(level)
        else:
            issues.append(f"cấp thực hiện không rõ / unknown level: «{part}»")
    return levels, issues
