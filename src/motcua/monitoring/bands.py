"""Grade bands (xếp loại) for the 766 total and traffic-light colours for heat maps — pure.

No official bands exist (docs/domain-vn.md §1.7: DVCQG publishes a rank only), so both are
settings: ``MOTCUA_INDEX_BANDS`` (JSON) and ``MOTCUA_HEATMAP_THRESHOLDS`` ("green,yellow" in %).
The defaults follow the 766-Analyze dashboard (decision 0206).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


class BandsConfigError(ValueError):
    """A band or threshold setting that cannot be used; the message is Vietnamese / English."""


@dataclass(frozen=True)
class Band:
    """Một mức xếp loại: totals ≥ ``min`` (and below the next band up) get ``label`` and ``colour``."""

    min: Decimal
    label: str
    colour: str


DEFAULT_BANDS = (
    Band(Decimal(90), "Xuất sắc", "#1b7f3b"),
    Band(Decimal(80), "Tốt", "#5aa83c"),
    Band(Decimal(70), "Khá", "#e0b000"),
    Band(Decimal(50), "Trung bình", "#e67e22"),
    Band(Decimal(0), "Yếu", "#c0392b"),
)

# Heat map: a rate (in %) ≥ green is green, ≥ yellow is yellow, else red — e.g. on-time rate.
DEFAULT_HEAT_THRESHOLDS = (Decimal(95), Decimal(85))


def _decimal(value, what: str) -> Decimal:
    if isinstance(value, bool):
        raise BandsConfigError(f"{what} phải là một số / {what} must be a number")
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise BandsConfigError(f"{what} phải là một số / {what} must be a number, got {value!r}") from None
    if not number.is_finite() or not 0 <= number <= 100:
        raise BandsConfigError(f"{what} phải từ 0 đến 100 / {what} must be between 0 and 100, got {value!r}")
    return number


def parse_bands(text: str) -> tuple[Band, ...]:
    """Read ``[{"min": 90, "label": "Xuất sắc", "colour": "#1b7f3b"}, ...]``; empty text → defaults.

    Bands are sorted from the highest ``min`` down; one must start at 0 so every total gets a grade.
    """
    if not text.strip():
        return DEFAULT_BANDS
    try:
        items = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BandsConfigError(f"MOTCUA_INDEX_BANDS không phải JSON hợp lệ / is not valid JSON: {exc}") from None
    if not isinstance(items, list) or not items:
        raise BandsConfigError("MOTCUA_INDEX_BANDS phải là danh sách không rỗng / must be a non-empty list")
    bands = tuple(sorted((_band(item) for item in items), key=lambda b: b.min, reverse=True))
    if len({b.min for b in bands}) != len(bands):
        raise BandsConfigError("Hai mức xếp loại trùng ngưỡng / two bands share the same min")
    if bands[-1].min != 0:
        raise BandsConfigError("Phải có một mức bắt đầu từ 0 / one band must start at min 0")
    return bands


def _band(item) -> Band:
    if not isinstance(item, dict) or set(item) != {"min", "label", "colour"}:
        raise BandsConfigError(
            'Mỗi mức cần đúng các khóa "min", "label", "colour" / each band needs exactly "min", "label", "colour"'
        )
    label, colour = item["label"], item["colour"]
    if not isinstance(label, str) or not label.strip():
        raise BandsConfigError("Tên mức xếp loại không được trống / band label must not be empty")
    if not isinstance(colour, str) or not HEX_COLOUR.match(colour):
        raise BandsConfigError(f"Màu phải dạng #rrggbb / colour must look like #rrggbb, got {colour!r}")
    return Band(_decimal(item["min"], "min"), label.strip(), colour)


def grade(total, bands: tuple[Band, ...] = DEFAULT_BANDS) -> Band:
    """Xếp loại: the highest band whose ``min`` the total reaches (89.99 → Tốt, 90 → Xuất sắc)."""
    value = Decimal(str(total))
    return next((band for band in bands if value >= band.min), bands[-1])


def parse_heat_thresholds(text: str) -> tuple[Decimal, Decimal]:
    """Read "95,85" (green from, yellow from, in %); empty text → defaults."""
    if not text.strip():
        return DEFAULT_HEAT_THRESHOLDS
    parts = text.split(",")
    if len(parts) != 2:
        raise BandsConfigError(
            f"MOTCUA_HEATMAP_THRESHOLDS cần 2 số 'xanh,vàng' / needs two numbers 'green,yellow', got {text!r}"
        )
    green, yellow = (_decimal(p, "MOTCUA_HEATMAP_THRESHOLDS") for p in parts)
    if green < yellow:
        raise BandsConfigError("Ngưỡng xanh phải ≥ ngưỡng vàng / the green threshold must be ≥ the yellow one")
    return green, yellow


def heat_colour(percent, thresholds: tuple[Decimal, Decimal] = DEFAULT_HEAT_THRESHOLDS) -> str:
    """Màu bản đồ nhiệt: "green", "yellow" or "red" for a rate in % (on-time 96 → green, 90 → yellow)."""
    value = Decimal(str(percent))
    green, yellow = thresholds
    if value >= green:
        return "green"
    return "yellow" if value >= yellow else "red"


def configured_bands() -> tuple[Band, ...]:
    """The bands of the running site (setting MOTCUA_INDEX_BANDS)."""
    from django.conf import settings

    return parse_bands(settings.MOTCUA_INDEX_BANDS)


def configured_heat_thresholds() -> tuple[Decimal, Decimal]:
    """The heat-map thresholds of the running site (setting MOTCUA_HEATMAP_THRESHOLDS)."""
    from django.conf import settings

    return parse_heat_thresholds(settings.MOTCUA_HEATMAP_THRESHOLDS)
