"""Pure parsers for single cells of the procedure tables: time limits, money amounts, fees.

The national portal flattens its HTML tables into text without separators, so every parser here
reads a prefix and returns what it understood plus the unread rest. Nothing is guessed: what does
not match a documented shape comes back as ``None`` with a reason (see
docs/decisions/0120-catalog-fee-reading.md).
"""

import re
from decimal import Decimal, InvalidOperation

from motcua.core.text import fold

from .records import FeeData

MISSING = {"", "khong co thong tin", "khong", "khong co"}


def _letters(test) -> str:
    """Vietnamese letters of one case, for character classes (``[À-Ỹ]`` would mix both cases)."""
    return "".join(ch for ch in map(chr, [*range(0xC0, 0x250), *range(0x1EA0, 0x1EFA)]) if test(ch))


UPPER = "A-Z" + _letters(str.isupper)
LOWER = "a-z" + _letters(str.islower)

# Longest unit first: "Ngày làm việc" must win over "Ngày".
DURATION_UNITS = {
    "ngày làm việc": "working-days",
    "ngày": "days",
    "giờ làm việc": "working-hours",
    "giờ": "working-hours",
    "tháng": "months",
}
_UNIT_ALTERNATIVES = "|".join(sorted(DURATION_UNITS, key=len, reverse=True))
_DURATION = re.compile(rf"(?P<num>\d+(?:[.,]\d+)?)(?:\s*(?P<unit>{_UNIT_ALTERNATIVES}))?", re.IGNORECASE)
_NO_DURATION = re.compile(r"Không có thông tin|Không quy định|Không phải trả kết quả[^A-ZĐ]*?(?=[A-ZĐ]|$)")

_THOUSANDS = re.compile(r"\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*")
_CURRENCY_VND = rf"Việt Nam Đồng|VNĐ|vnđ|VND|Đồng|đồng|đ(?![{LOWER}])"
_MONEY = re.compile(
    r"(?P<num>\d{1,3}(?:[.,]\d{3})+|\d+(?:[.,]\d+)?)\s*"
    rf"(?:/\s*[^\s\d()/;,.]+\s*)?(?P<cur>{_CURRENCY_VND}|USD|usd)"
    rf"|(?P<bare>\d{{1,3}}(?:\.\d{{3}})+|\d{{4,}})\s*/\s*(?=[{LOWER}])"
)
_CLAUSE_START = re.compile(r"[(;\n•]|\.\s|(?:^|\s)[-+]\s|->")

FREE_LABEL = "Miễn phí"
DEFAULT_FEE_NAME = "Phí, lệ phí"
MIN_PLAUSIBLE_VND = 1000  # the portal sometimes shows fees in thousands ("150 VNĐ" for 150.000 đ)


def clean(text) -> str:
    """Strip a text cell; the portal's "Không có thông tin" (no information) becomes empty."""
    text = (text or "").strip()
    return "" if len(text) < 20 and fold(text) in MISSING else text


def parse_duration(text: str) -> tuple[Decimal | None, str, str, str]:
    """Read a time limit at the start of ``text``: ``"5 Ngày làm việc..."`` → (5, "working-days", rest, issue).

    A number without a unit keeps the number, leaves the unit empty and says so; "Không quy định",
    "Không có thông tin" and "Không phải trả kết quả..." give no duration and no issue.
    """
    if not text.strip():
        return None, "", text, ""
    stated = _NO_DURATION.match(text)
    if stated:
        return None, "", text[stated.end():], ""
    match = _DURATION.match(text)
    if not match:
        return None, "", text, f"không đọc được thời hạn / unreadable time limit: «{text[:60]}»"
    number = Decimal(match["num"].replace(",", "."))
    if not match["unit"]:
        return number, "", text[match.end():], f"thời hạn «{match['num']}» thiếu đơn vị / time limit without unit"
    return number, DURATION_UNITS[match["unit"].lower()], text[match.end():], ""


def parse_vnd(text: str) -> int | None:
    """Whole đồng from ``"8.000"``, ``"2,000,000"``, ``"20000"`` or ``"0"``; None when ambiguous (``"1.5"``)."""
    text = text.strip()
    if re.fullmatch(r"\d+", text):
        return int(text)
    if _THOUSANDS.fullmatch(text):
        return int(re.sub(r"[.,]", "", text))
    return None


def parse_decimal(text: str) -> Decimal | None:
    """A foreign-currency amount, ``"1.5"`` or ``"1,5"`` → Decimal("1.5")."""
    try:
        return Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        return None


def unwrap(note: str) -> str:
    """``"((Miễn lệ phí.))"`` → ``"Miễn lệ phí."``: the portal sometimes doubles the brackets."""
    note = note.strip()
    while note.startswith("("):
        inner, rest = take_parenthesised(note)
        if rest.strip():
            break
        note = inner
    return note


def take_parenthesised(text: str) -> tuple[str, str]:
    """Split ``"(a (b) c)rest"`` into ``("a (b) c", "rest")``; unbalanced: everything is the note."""
    if not text.startswith("("):
        return "", text
    depth = 0
    for i, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0:
            return text[1:i].strip(), text[i + 1:]
    return text[1:].strip(), ""


def _clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around text[start:end]: from the last clause start before it to the next one after."""
    begin = 0
    for boundary in _CLAUSE_START.finditer(text, 0, start):
        begin = boundary.end()
    after = _CLAUSE_START.search(text, end)
    return begin, after.start() if after else len(text)


def amounts_in(text: str) -> list[FeeData]:
    """Every money amount stated in free text, each named by the words before it.

    ``"- Lệ phí cấp giấy phép lái xe: 135.000 đồng/lần"`` →
    ``[FeeData(name="Lệ phí cấp giấy phép lái xe", amount=135000, conditions=...)]``.
    """
    fees = []
    for match in _MONEY.finditer(text):
        begin, end = _clause_bounds(text, match.start(), match.end())
        # "Lệ phí cấp giấy phép lái xe: 135.000 đồng" — the name is what comes before the colon.
        name = text[begin:match.start()].split(":")[0].strip(" -+\t") or DEFAULT_FEE_NAME
        if len(name) > 300:
            name = DEFAULT_FEE_NAME
        clause = text[begin:end].strip()
        if match["bare"]:
            fees.append(FeeData(name=name, amount=parse_vnd(match["bare"]), conditions=clause))
        elif match["cur"].upper() == "USD":
            fees.append(FeeData(name=name, currency="USD", foreign_amount=parse_decimal(match["num"]),
                                conditions=clause))
        else:
            fees.append(FeeData(name=name, amount=parse_vnd(match["num"]), conditions=clause))
    return fees


def _says_free(note: str) -> bool:
    folded = fold(note[:40]).strip("(). ")  # the opening words decide; folding a long note is slow
    return folded in MISSING or folded.startswith(("khong", "chua quy dinh", "mien"))


def _from_note(note: str, label: str, cell: str) -> tuple[list[FeeData], list[str]]:
    """The fee when the cell's own amount is absent or implausible: the single amount the note states."""
    found = {(f.amount, f.currency, f.foreign_amount) for f in amounts_in(note)}
    if len(found) == 1:
        amount, currency, foreign = found.pop()
        if amount is not None or foreign is not None:
            return [FeeData(name=label, amount=amount, currency=currency, foreign_amount=foreign,
                            conditions=note)], []
    shown = " ".join(filter(None, [cell, f"({note})" if note else ""]))
    return [FeeData(name=label, conditions=note)], [
        f"không đọc được số tiền «{label}» / unreadable fee amount: «{shown[:80]}»"]


def fee_from_parts(label: str, value: str, currency: str, note: str) -> tuple[list[FeeData], list[str]]:
    """Decide the fees of one cell from its label ("Miễn phí", "Lệ phí"...), value, currency and note.

    Rules (decision 0120): "Miễn phí" alone is 0; "Miễn phí" whose note states amounts is those
    amounts (the portal's most common trap); a note that only says "không"/"chưa quy định" is
    free; anything else without a readable amount stays None and is reported.
    """
    value, note = value.strip(), unwrap(note)
    if label == FREE_LABEL:
        hidden = [fee for fee in amounts_in(note) if fee.amount or fee.foreign_amount]
        if hidden:
            return hidden, []
        if not note or _says_free(note):
            return [FeeData(name=FREE_LABEL, amount=0, conditions=note)], []
        return [FeeData(name=DEFAULT_FEE_NAME, conditions=note)], [
            f"phí theo văn bản khác, không có số tiền / fee set elsewhere, no amount: «{note[:80]}»"]
    cell = f"{value} {currency}".strip()
    if currency.upper() == "USD":
        amount = parse_decimal(value) if value else None
        if amount is None:
            return _from_note(note, label, cell)
        return [FeeData(name=label, currency="USD", foreign_amount=amount, conditions=note)], []
    if fold(value) == "khong":
        return [FeeData(name=label, amount=0, conditions=note)], []
    amount = parse_vnd(value) if value else None
    if amount is None or 0 < amount < MIN_PLAUSIBLE_VND:
        return _from_note(note, label, cell)
    return [FeeData(name=label, amount=amount, conditions=note)], []
