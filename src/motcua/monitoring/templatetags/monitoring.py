"""Template helpers for the dashboard: percentages, points, heat colours, flow sums."""

from decimal import Decimal

from django import template
from django.template.defaultfilters import floatformat

from .. import bands

register = template.Library()


@register.filter
def pct(value, places=1):
    """96.54 → "96,5 %"; None → "–" (nothing to measure)."""
    if value is None:
        return "–"
    return f"{floatformat(value, places)} %"


@register.filter
def ratio_pct(value):
    """An exact ratio (Fraction) as a percentage; None → "–"."""
    return "–" if value is None else pct(float(value) * 100)


@register.filter
def points(value):
    return "–" if value is None else floatformat(value, 2)


@register.filter
def heat(percent):
    """CSS class of a heat-map colour for a percentage (configured thresholds); "none" for None."""
    if percent is None:
        return "none"
    return bands.heat_colour(round(Decimal(str(percent)), 2), bands.configured_heat_thresholds())


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
def finished(flows):
    flows = flows or {}
    return sum(flows.get(k) or 0 for k in ("finished_early", "finished_on_time", "finished_late"))


@register.filter
def on_time(flows):
    flows = flows or {}
    return (flows.get("finished_early") or 0) + (flows.get("finished_on_time") or 0)
