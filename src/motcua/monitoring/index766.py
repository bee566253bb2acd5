"""Decision 766 service-quality index (Bộ chỉ số 766, Quyết định 766/QĐ-TTg) — pure scoring.

The table ``INDICATORS`` lists every indicator of docs/domain-vn.md §1.3 with its maximum points,
target threshold and DVCQG metric code; ``score()`` turns counts (numerator, denominator) into
points by the documented rule of §1.4; ``losses()`` lists the indicators that lose the most points
("cần cải thiện"). No database access: callers build the counts from the fact tables, a file or
the DVCQG API. Arithmetic is exact (``Fraction``) and only the final points are rounded, half-up,
to 2 decimals, so 970/1000 × 20 is 19.40 and never 19.399999.

See docs/developers/index766.md and decisions 0200–0207.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Mapping

GROUP_NAMES = {
    "1": "Công khai, minh bạch",
    "2": "Tiến độ, kết quả giải quyết",
    "3": "Cung cấp dịch vụ trực tuyến và thanh toán trực tuyến",
    "4": "Số hóa hồ sơ",
    "5": "Mức độ hài lòng",
}


@dataclass(frozen=True)
class Indicator:
    """One indicator (chỉ số thành phần) of Decision 766.

    ``target`` is the threshold T of §1.4 (None: no threshold); ``full_when_empty`` gives full points
    when the denominator is 0 (petition indicators: no petition, nothing handled badly);
    ``tab`` is the DVCQG dashboard tab / API path, which splits group 3 into 3a and 3b;
    ``bounded`` is False only for the average processing time (2.2), whose "ratio" is in days.
    """

    id: str
    name: str
    group: str
    tab: str
    max: int
    target: Fraction | None = None
    metric: str | None = None
    full_when_empty: bool = False
    bounded: bool = True

    @property
    def tracked_only(self) -> bool:
        """Chỉ theo dõi: listed and reported, worth no points."""
        return self.max == 0


_T80, _T50, _T90 = Fraction(80, 100), Fraction(50, 100), Fraction(90, 100)
_DVCTT, _PAY = "provide-online-tree", "formality-online-payment-tree"

INDICATORS: dict[str, Indicator] = {i.id: i for i in [
    Indicator("1.1", "TTHC công bố đúng hạn", "1", "transparency", 6, metric="PUBLISH_ON_TIME"),
    Indicator("1.2", "TTHC cập nhật, công khai đúng hạn trên CSDL quốc gia", "1", "transparency", 4,
              metric="PUBLIC_UPDATE_ON_TIME"),
    Indicator("1.3", "TTHC công khai đầy đủ các bộ phận tạo thành", "1", "transparency", 2,
              metric="PUBLIC_CONTENT_FULL"),
    Indicator("1.4", "Hồ sơ đồng bộ lên Cổng DVCQG", "1", "transparency", 6, metric="DOSSIER_SYNC"),
    Indicator("2.1", "Hồ sơ xử lý trước hạn, đúng hạn", "2", "dvc-progress-tree", 20,
              metric="totalOnTime/totalReceived"),
    Indicator("2.2", "Thời gian giải quyết trung bình theo TTHC", "2", "dvc-progress-tree", 0,
              metric="avgProcessingDays", bounded=False),
    Indicator("3.1", "TTHC cung cấp dịch vụ công trực tuyến", "3", _DVCTT, 0, _T80,
              "(partialCount+fullCount)/authorityCount"),
    Indicator("3.2", "Dịch vụ công có phát sinh hồ sơ trực tuyến", "3", _DVCTT, 0,
              metric="onlineDossierCount/onlineServiceTotal"),
    Indicator("3.3", "Hồ sơ nộp trực tuyến", "3", _DVCTT, 0, _T50, "channelOnlineSum/channelTotalSum"),
    Indicator("3.4", "Hồ sơ DVCTT toàn trình trên tổng hồ sơ TTHC đủ điều kiện toàn trình", "3", _DVCTT, 12),
    Indicator("3.5", "TTHC có nghĩa vụ tài chính được tích hợp thanh toán trên Cổng DVCQG", "3", _PAY, 2,
              _T80, "totalFeeDossierFormality/totalFeeFormality"),
    Indicator("3.5b", "TTHC có giao dịch thanh toán trực tuyến", "3", _PAY, 2, _T80,
              "totalDossierOnlineFormalityPaymentSuccess/totalFeeDossierFormalityDistinct"),
    Indicator("3.6", "Hồ sơ thanh toán trực tuyến", "3", _PAY, 6,
              metric="totalDossierOnlinePaymentSuccess/totalDossierFinancialObligation"),
    Indicator("4.1", "Hồ sơ có kết quả giải quyết điện tử", "4", "dossier-digitized", 6,
              metric="ORIGINAL_RESULT_AVAILABLE"),
    Indicator("4.2", "Hồ sơ thực hiện số hóa thành phần hồ sơ và kết quả", "4", "dossier-digitized", 4, _T80,
              "SO_HOA_GIAY_TO_GIAI_QUYET"),
    Indicator("4.3", "Hồ sơ khai thác, sử dụng lại dữ liệu số hóa", "4", "dossier-digitized", 2, _T80,
              "REUSED_DIGITIZED_DATA"),
    Indicator("4.4", "Hồ sơ số hóa kết nối, chia sẻ để tái sử dụng", "4", "dossier-digitized", 4,
              metric="SYNCED_WITH_DVCQG_PERSONAL_STORAGE"),
    Indicator("4.5a", "TTHC kết nối, chia sẻ dữ liệu dân cư", "4", "dossier-digitized", 2,
              metric="CITIZEN_DATA_CONNECTED_FORMALITY"),
    Indicator("4.5b", "Hồ sơ sử dụng thông tin từ CSDL dân cư", "4", "dossier-digitized", 2,
              metric="CITIZEN_DATA_CONNECTED_DOSSIER"),
    Indicator("4.6", "Cung cấp dịch vụ chứng thực bản sao điện tử từ bản chính", "4", "dossier-digitized", 2,
              metric="ELECTRONIC_CERTIFIED_COPY"),
    Indicator("5.1", "Phản ánh, kiến nghị theo phân loại", "5", "handling-satisfaction", 0,
              metric="PETITION_CLASSIFICATION_TTHC"),
    Indicator("5.2", "Phản ánh, kiến nghị xử lý đúng hạn", "5", "handling-satisfaction", 6,
              metric="PETITION_PROCESSING_ON_TIME", full_when_empty=True),
    Indicator("5.3", "Hài lòng trong xử lý phản ánh, kiến nghị", "5", "handling-satisfaction", 6,
              metric="PETITION_HANDLING_SATISFACTION", full_when_empty=True),
    Indicator("5.4", "Hài lòng trong tiếp nhận, giải quyết TTHC", "5", "handling-satisfaction", 6, _T90,
              "DOSSIER_RECEIVING_SATISFACTION"),
]}

# The one indicator the empirical payment formula scores without its cap (decision 0205).
UNCAPPABLE = "3.5"


class IndexInputError(ValueError):
    """Counts or overrides that cannot be scored; the message is Vietnamese / English."""


@dataclass(frozen=True)
class IndicatorScore:
    """Điểm một chỉ số: counts as given (None when not reported), exact ratio, rounded points."""

    indicator: Indicator
    num: Fraction | None
    den: Fraction | None
    ratio: Fraction | None
    score: Decimal

    @property
    def max(self) -> int:
        return self.indicator.max

    @property
    def lost(self) -> Decimal:
        """Điểm bị mất: the points this indicator is below its maximum (never negative)."""
        return max(Decimal(self.max) - self.score, Decimal(0))


@dataclass(frozen=True)
class GroupScore:
    """Điểm một nhóm chỉ số: the sum of its indicators' rounded scores."""

    score: Decimal
    max: int


@dataclass(frozen=True)
class Result:
    """Kết quả chấm điểm: every indicator in table order, the five groups and the total."""

    indicators: dict[str, IndicatorScore]
    groups: dict[str, GroupScore]
    total: Decimal


def round_half_up(value: Fraction, places: int = 2) -> Decimal:
    """Round a non-negative exact value half-up (0.025 → 0.03), as the docx "làm tròn 2 chữ số"."""
    scaled = math.floor(value * 10**places + Fraction(1, 2))
    return Decimal(scaled).scaleb(-places)


def points(ratio: Fraction, maximum: int, target: Fraction | None, *, capped: bool = True) -> Fraction:
    """The documented rule (§1.4): ratio ≥ T → max; below, ratio / T × max; no T, ratio × max."""
    if target is None:
        return ratio * maximum
    earned = ratio / target * maximum
    return min(earned, Fraction(maximum)) if capped else earned


def rounded_points(ratio: Fraction, indicator: Indicator, *, capped: bool = True) -> Decimal:
    """``round_half_up(points(ratio, ...))`` in integer arithmetic — the same value without the
    intermediate fractions: a province's board scores 120 units × 25 indicators per page, and
    fraction arithmetic was half of its CPU time (decision 0571).

    points = ratio / T × max = p / q; capped at max; half-up to hundredths is ⌊(200p + q) / 2q⌋.
    """
    target = indicator.target if indicator.target is not None else Fraction(1)
    p = ratio.numerator * target.denominator * indicator.max
    q = ratio.denominator * target.numerator
    if indicator.target is not None and capped and p >= indicator.max * q:
        return Decimal(100 * indicator.max).scaleb(-2)
    return Decimal((200 * p + q) // (2 * q)).scaleb(-2)


def _exact(value, what: str) -> Fraction:
    """A count as an exact non-negative number; bool and text are refused, not coerced."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal, Fraction)):
        raise IndexInputError(f"{what} phải là một số / {what} must be a number, got {value!r}")
    if (isinstance(value, float) and not math.isfinite(value)) or (
        isinstance(value, Decimal) and not value.is_finite()
    ):
        raise IndexInputError(f"{what} phải là số hữu hạn / {what} must be finite")
    exact = Fraction(str(value)) if isinstance(value, float) else Fraction(value)
    if exact < 0:
        raise IndexInputError(f"{what} không được âm / {what} must not be negative (got {value})")
    return exact


def _indicator(indicator_id: str) -> Indicator:
    try:
        return INDICATORS[indicator_id]
    except KeyError:
        raise IndexInputError(
            f"Mã chỉ số không hợp lệ: {indicator_id!r} / unknown indicator id; "
            f"dùng / use one of {', '.join(INDICATORS)}"
        ) from None


def _pair(indicator: Indicator, counts) -> tuple[Fraction, Fraction]:
    if not isinstance(counts, (tuple, list)) or len(counts) != 2:
        raise IndexInputError(
            f"Chỉ số {indicator.id} cần (tử số, mẫu số) / indicator {indicator.id} needs (num, den)"
        )
    return _exact(counts[0], f"{indicator.id} num"), _exact(counts[1], f"{indicator.id} den")


def _score_one(indicator: Indicator, counts, override, uncapped: bool) -> IndicatorScore:
    num = den = ratio = None
    if counts is not None:
        num, den = _pair(indicator, counts)
        if indicator.bounded and num > den:
            raise IndexInputError(
                f"Chỉ số {indicator.id}: tử số {counts[0]} lớn hơn mẫu số {counts[1]} / "
                f"indicator {indicator.id}: numerator {counts[0]} exceeds denominator {counts[1]}"
            )
        ratio = num / den if den else None
    if override is not None:
        score = _override_score(indicator, override)
    elif ratio is not None:
        score = rounded_points(ratio, indicator, capped=not (uncapped and indicator.id == UNCAPPABLE))
    else:  # not reported: no points (decision 0203); zero denominator: none, or full (decision 0202)
        score = round_half_up(Fraction(indicator.max if counts is not None and indicator.full_when_empty else 0))
    return IndicatorScore(indicator, num, den, ratio, score)


def _override_score(indicator: Indicator, value) -> Decimal:
    exact = _exact(value, f"{indicator.id} override")
    if exact > indicator.max:
        raise IndexInputError(
            f"Điểm thay thế của {indicator.id} vượt điểm tối đa {indicator.max} / "
            f"override for {indicator.id} exceeds its maximum {indicator.max}"
        )
    return round_half_up(exact)


def score(
    counts: Mapping[str, tuple],
    overrides: Mapping[str, object] | None = None,
    *,
    payment_uncapped: bool = False,
) -> Result:
    """Chấm điểm 766 from ``{"2.1": (num, den), ...}``.

    ``overrides`` maps an indicator id to points taken as given — the DVCQG API score of an
    indicator whose formula cannot be reproduced (3.4, the 12 DVCTT points). ``payment_uncapped``
    applies the empirical payment formula (3.5 scored 2.5 × ratio without its 2-point cap).
    Every indicator is listed; missing ones score 0 with num/den None.
    """
    overrides = overrides or {}
    for indicator_id in [*counts, *overrides]:
        _indicator(indicator_id)
    scores = {
        i.id: _score_one(i, counts.get(i.id), overrides.get(i.id), payment_uncapped)
        for i in INDICATORS.values()
    }
    groups = {
        g: GroupScore(
            sum((s.score for s in scores.values() if s.indicator.group == g), Decimal("0.00")),
            sum(i.max for i in INDICATORS.values() if i.group == g),
        )
        for g in GROUP_NAMES
    }
    return Result(scores, groups, sum((g.score for g in groups.values()), Decimal("0.00")))


def losses(result: Result) -> list[IndicatorScore]:
    """Cần cải thiện: indicators that lose points, most points lost first (table order on ties)."""
    losing = [s for s in result.indicators.values() if s.lost > 0]
    return sorted(losing, key=lambda s: s.lost, reverse=True)


def _number(value: Fraction | Decimal | None, places: int = 2):
    """A JSON number: integers stay integers, the rest rounded half-up to ``places``."""
    if value is None:
        return None
    if isinstance(value, Fraction) and value.denominator == 1:
        return int(value)
    return float(round_half_up(Fraction(value), places))


def as_dict(result: Result, *, with_losses: bool = False) -> dict:
    """The result as JSON-ready primitives (the ``motcua index766`` output; ratios to 4 decimals)."""
    data = {
        "indicators": {
            key: {"num": _number(s.num), "den": _number(s.den), "ratio": _number(s.ratio, 4),
                  "score": _number(s.score), "max": s.max}
            for key, s in result.indicators.items()
        },
        "groups": {key: {"score": _number(g.score), "max": g.max} for key, g in result.groups.items()},
        "total": _number(result.total),
    }
    if with_losses:
        data["losses"] = [{"id": s.indicator.id, "name": s.indicator.name, "lost": _number(s.lost)}
                          for s in losses(result)]
    return data
