"""Indicators entered by the province (chỉ số nhập từ bên ngoài): checks and lookup.

A unit's own entry wins over the province-wide one; the province total uses the province-wide
entry, or else the sum of the units' counts (decision 0364).
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from .index766 import INDICATORS


class Entry(NamedTuple):
    """One entered figure: counts, or a score taken as given."""

    num: Decimal | None
    den: Decimal | None
    score: Decimal | None


def entry_problems(indicator: str, num, den, score) -> dict[str, str]:
    """What is wrong with an entry, {field: message}; empty when it can be scored. Pure."""
    from .models import EXTERNAL_INDICATORS

    if indicator not in EXTERNAL_INDICATORS:
        return {"indicator": f"Chỉ số {indicator!r} do hệ thống tự tính hoặc không tồn tại / "
                             f"indicator {indicator!r} is computed by the system or unknown"}
    has_counts = num is not None or den is not None
    if has_counts == (score is not None):
        return {"score": "Nhập tử số và mẫu số, hoặc nhập điểm — không cả hai / "
                         "enter a numerator and denominator, or a score — not both"}
    if score is not None:
        maximum = INDICATORS[indicator].max
        if not Decimal(0) <= score <= maximum:
            return {"score": f"Điểm phải từ 0 đến {maximum} / the score must be between 0 and {maximum}"}
        return {}
    if num is None or den is None:
        return {"den" if den is None else "num": "Cần cả tử số và mẫu số / both numerator and denominator are needed"}
    if num < 0 or den < 0:
        return {"num": "Số liệu không được âm / counts must not be negative"}
    if num > den:
        return {"num": f"Tử số {num} lớn hơn mẫu số {den} / numerator exceeds denominator"}
    return {}


def entries_for(province_id: int, period_key: str) -> dict[int | None, dict[str, Entry]]:
    """{unit id or None (province-wide): {indicator: Entry}} for one period."""
    from .models import ExternalIndicator

    found: dict[int | None, dict[str, Entry]] = {}
    rows = ExternalIndicator.objects.filter(province_id=province_id, period=period_key)
    for unit_id, indicator, num, den, score in rows.values_list("unit_id", "indicator", "num", "den", "score"):
        found.setdefault(unit_id, {})[indicator] = Entry(num, den, score)
    return found


def split(entries: dict[str, Entry]) -> tuple[dict[str, tuple], dict[str, Decimal]]:
    """Counts and score overrides, as ``index766.score`` takes them."""
    counts = {key: (e.num, e.den) for key, e in entries.items() if e.score is None}
    overrides = {key: e.score for key, e in entries.items() if e.score is not None}
    return counts, overrides


def for_unit(found: dict, unit_id: int) -> dict[str, Entry]:
    """The entries that apply to one unit: the province's, overridden by the unit's own."""
    return {**found.get(None, {}), **found.get(unit_id, {})}


def for_province(found: dict) -> dict[str, Entry]:
    """Province-wide entries; an indicator only entered per unit is summed over those units."""
    summed: dict[str, tuple[Decimal, Decimal]] = {}
    for unit_id, entries in found.items():
        for key, entry in entries.items():
            if unit_id is not None and entry.score is None:
                num, den = summed.get(key, (Decimal(0), Decimal(0)))
                summed[key] = (num + entry.num, den + entry.den)
    return {**{key: Entry(num, den, None) for key, (num, den) in summed.items()}, **found.get(None, {})}
