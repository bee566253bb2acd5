"""Số tiền bằng chữ: an amount of đồng written in Vietnamese words, as receipts print it. Pure.

Read in groups of three digits (nghìn, triệu, tỷ); inside a group the usual spoken forms apply:
"mười" for 10–19, "mốt" for a final 1 and "lăm" for a final 5 after a ten ("hai mươi mốt",
"mười lăm"), "tư" for a final 4 after twenty and up, "linh" for an empty tens place
("một trăm linh năm"); a group after the first that is below one hundred starts with
"không trăm" ("một triệu không trăm linh năm nghìn"), and empty groups are left out.
"""

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
SCALES = ("", "nghìn", "triệu")
BILLION = 1000 ** 3  # "tỷ": what comes above it is read again as a number of tỷ ("một nghìn năm trăm tỷ")


def _tens_and_units(tens: int, units: int) -> list[str]:
    if tens == 0:
        return [DIGITS[units]] if units else []
    words = ["mười"] if tens == 1 else [DIGITS[tens], "mươi"]
    if units == 1:
        words.append("một" if tens == 1 else "mốt")
    elif units == 4:
        words.append("bốn" if tens == 1 else "tư")
    elif units == 5:
        words.append("lăm")
    elif units:
        words.append(DIGITS[units])
    return words


def _group(value: int, leading: bool) -> list[str]:
    hundreds, rest = divmod(value, 100)
    tens, units = divmod(rest, 10)
    words = []
    if hundreds or not leading:
        words += [DIGITS[hundreds], "trăm"]
        if tens == 0 and units:
            words.append("linh")
    return words + _tens_and_units(tens, units)


def _words(amount: int, leading: bool) -> list[str]:
    if amount >= BILLION:
        billions, rest = divmod(amount, BILLION)
        return _words(billions, leading) + ["tỷ"] + (_words(rest, leading=False) if rest else [])
    groups = [amount // 1000 ** i % 1000 for i in range(len(SCALES))]
    words: list[str] = []
    for index in range(len(SCALES) - 1, -1, -1):
        if groups[index]:
            words += _group(groups[index], leading=leading and not words) + ([SCALES[index]] if index else [])
    return words


def amount_in_words(amount: int) -> str:
    """50000 → 'Năm mươi nghìn đồng'; 1005000 → 'Một triệu không trăm linh năm nghìn đồng'."""
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
        raise ValueError(f"Số tiền phải là số nguyên không âm: {amount!r} / amount must be a whole number ≥ 0")
    if amount == 0:
        return "Không đồng"
    text = " ".join(_words(amount, leading=True)) + " đồng"
    return text[0].upper() + text[1:]
