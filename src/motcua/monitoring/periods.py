"""Reporting periods (kỳ báo cáo) of Decision 766: month, quarter, year — pure.

A period is written ``2025-10`` (tháng), ``2025-Q3`` (quý) or ``2025`` (năm), as DVCQG's
``timeType`` month / quarter / year. Days are local (Asia/Ho_Chi_Minh) calendar days; ``end`` is
the first day after the period, so ``start <= day < end``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

MONTH, QUARTER, YEAR = "month", "quarter", "year"
KINDS = (MONTH, QUARTER, YEAR)
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_PATTERN = re.compile(r"^(\d{4})(?:-(?:(\d{1,2})|[Qq]([1-4])))?$")


class PeriodError(ValueError):
    """A period that cannot be read; the message is Vietnamese / English."""


@dataclass(frozen=True, order=True)
class Period:
    """Kỳ báo cáo: ``number`` is the month (1–12), the quarter (1–4), or 1 for a year."""

    year: int
    kind: str
    number: int = 1

    @property
    def start(self) -> date:
        first_month = {MONTH: self.number, QUARTER: 3 * self.number - 2, YEAR: 1}[self.kind]
        return date(self.year, first_month, 1)

    @property
    def end(self) -> date:
        months = {MONTH: 1, QUARTER: 3, YEAR: 12}[self.kind]
        index = self.start.month - 1 + months
        return date(self.year + index // 12, index % 12 + 1, 1)

    @property
    def key(self) -> str:
        if self.kind == MONTH:
            return f"{self.year}-{self.number:02d}"
        return f"{self.year}-Q{self.number}" if self.kind == QUARTER else f"{self.year}"

    @property
    def label(self) -> str:
        if self.kind == MONTH:
            return f"Tháng {self.number:02d}/{self.year}"
        return f"Quý {ROMAN[self.number]}/{self.year}" if self.kind == QUARTER else f"Năm {self.year}"

    def contains(self, day: date) -> bool:
        return self.start <= day < self.end

    def previous(self) -> Period:
        return containing(date.fromordinal(self.start.toordinal() - 1), self.kind)

    def __str__(self) -> str:
        return self.key


def parse(text: str) -> Period:
    """``"2025-10"`` → October 2025, ``"2025-Q3"`` → third quarter, ``"2025"`` → the year."""
    match = _PATTERN.match((text or "").strip())
    if not match:
        raise PeriodError(f"Kỳ báo cáo không hợp lệ: {text!r} (ví dụ 2025-10, 2025-Q3, 2025) / "
                          f"invalid period, e.g. 2025-10, 2025-Q3 or 2025")
    year, month, quarter = int(match[1]), match[2], match[3]
    if not 2000 <= year <= 2100:
        raise PeriodError(f"Năm {year} nằm ngoài 2000–2100 / year {year} is outside 2000–2100")
    if month is not None:
        if not 1 <= int(month) <= 12:
            raise PeriodError(f"Tháng {month} không hợp lệ / month {month} does not exist")
        return Period(year, MONTH, int(month))
    if quarter is not None:
        return Period(year, QUARTER, int(quarter))
    return Period(year, YEAR)


def containing(day: date, kind: str = MONTH) -> Period:
    """The period of ``kind`` that ``day`` falls in."""
    if kind not in KINDS:
        raise PeriodError(f"Loại kỳ không hợp lệ: {kind!r} / period kind must be one of {', '.join(KINDS)}")
    number = {MONTH: day.month, QUARTER: (day.month - 1) // 3 + 1, YEAR: 1}[kind]
    return Period(day.year, kind, number)


def last_months(day: date, count: int) -> list[Period]:
    """The ``count`` months up to and including the one of ``day``, oldest first (trend charts)."""
    months = [containing(day)]
    while len(months) < count:
        months.insert(0, months[0].previous())
    return months
