"""Template helpers for the dashboard: percentages, points, heat colours, flow sums."""

from decimal import Decimal
from functools import lru_cache

from django import template
from django.conf import settings
from django.utils.html import format_html_join

from .. import bands

register = template.Library()


def decimal_comma(value, places: int) -> str:
    """A number with a Vietnamese decimal comma (no grouping: scores and rates stay below 1 000).
    Plain formatting: a ranking page formats thousands of numbers."""
    return f"{float(value):.{places}f}".replace(".", ",")


@register.filter
def pct(value, places=1):
    """96.54 → "96,5 %"; None → "–" (nothing to measure)."""
    return "–" if value is None else f"{decimal_comma(value, places)} %"


@register.filter
def ratio_pct(value):
    """An exact ratio (Fraction) as a percentage; None → "–"."""
    return "–" if value is None else pct(float(value) * 100)


@register.filter
def days(value):
    """The average time of 2.2 (a ratio in days): 3.25 → "3,3 ngày"; None → "–"."""
    return "–" if value is None else f"{decimal_comma(value, 1)} ngày"


@register.filter
def points(value):
    """Điểm: 19.4 → "19,40"."""
    return "–" if value is None else decimal_comma(value, 2)


@register.filter
def heat(percent):
    """CSS class of a heat-map colour for a percentage (configured thresholds); "none" for None."""
    if percent is None:
        return "none"
    return bands.heat_colour(round(Decimal(str(percent)), 2), _thresholds(settings.MOTCUA_HEATMAP_THRESHOLDS))


@lru_cache(maxsize=4)
def _thresholds(text: str):
    """Parsed once per setting value, not once per cell."""
    return bands.parse_heat_thresholds(text)


@register.filter
def score_heat(indicator_score):
    """Colour of an indicator's points as a share of its maximum; none when tracked only, not
    reported, or nothing to measure (a zero denominator scoring 0: N/A, not a failure)."""
    s = indicator_score
    if s.max == 0 or s.num is None or (s.ratio is None and not s.score):
        return "none"
    return heat(s.score * 100 / s.max)


@register.filter
def get(mapping, key):
    return (mapping or {}).get(key)


@register.filter
def num(value):
    """A count; missing → 0."""
    return value or 0


@register.filter
def share(pair):
    """A (numerator, denominator) pair as "3/4 (75 %)"; "–" with nothing to measure."""
    num, den = pair or (0, 0)
    return "–" if not den else f"{num}/{den} ({decimal_comma(100 * num / den, 0)} %)"


@register.filter
def finished(flows):
    flows = flows or {}
    return sum(flows.get(k) or 0 for k in ("finished_early", "finished_on_time", "finished_late"))


@register.filter
def ranking_cells(scored, indicator_ids):
    """One ranking row's cells: each group's points, then each scored indicator's points coloured
    by their share of its maximum ("·" when not reported). Built here: 120 rows × 30 cells."""
    groups = ((points(g.score),) for g in scored.result.groups.values())
    indicators = ((score_heat(i), "·" if i.num is None else points(i.score))
                  for i in (scored.result.indicators[key] for key in indicator_ids))
    return format_html_join("", '<td class="n">{}</td>', groups) + format_html_join(
        "", '<td class="n heat-{}">{}</td>', indicators)
