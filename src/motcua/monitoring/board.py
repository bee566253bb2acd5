"""The Decision 766 index of a set of units for one period: per unit, and for the set as a whole.

One grouped query per fact table, the live open counts when the period includes today, the
catalogue counts and the province's entries; then the pure scorer (``index766.score``) — the same
function the ``motcua index766`` command uses. The total sums the units' counts and scores the
sums (a province's ratio is over all its dossiers), it does not average unit scores (decision 0365).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.utils import timezone

from motcua.organizations.models import Unit

from . import bands, external, figures, index766, indicators, live, sources
from .live import OpenCounts
from .periods import Period


@dataclass
class Scored:
    """One unit's (or the whole set's) figures and index for the period."""

    unit: Unit | None
    flows: dict
    sources: dict
    open: OpenCounts | None
    result: index766.Result
    grade: bands.Band
    feedback: dict | None = None
    rank: int = 0

    @property
    def on_time_percent(self) -> float | None:
        return indicators.on_time_percent(self.flows)

    @property
    def accepted(self) -> int:
        return self.flows.get("accepted") or 0


@dataclass
class Board:
    period: Period
    units: list[Scored] = field(default_factory=list)  # ranked, best first
    total: Scored | None = None
    live: bool = False  # the period includes today: open dossiers count
    feedback_ready: bool = False  # the feedback figures of the period are collected


def _sum(dicts) -> dict:
    total = Counter()
    for d in dicts:
        total.update({k: v for k, v in d.items() if v})
    return dict(total)


def _score(counts, entries) -> index766.Result:
    entered_counts, overrides = external.split(entries)
    return index766.score({**counts, **entered_counts}, overrides,
                          payment_uncapped=settings.MOTCUA_INDEX_PAYMENT_UNCAPPED)


def competition_rank(values: list) -> list[int]:
    """Xếp hạng: 1, 2, 2, 4 for totals 90, 85, 85, 80 (as DVCQG ranks); ``values`` sorted high first."""
    ranks = []
    for position, value in enumerate(values, start=1):
        ranks.append(ranks[-1] if ranks and values[position - 2] == value else position)
    return ranks


def scoreboard(province_id: int, period: Period, units: list[Unit], now: datetime | None = None, *,
               whole_province: bool = False) -> Board:
    """Score ``units`` (all of one province) for ``period``, ranked by total.

    ``whole_province``: ``units`` are every active unit of the province, so the fact queries filter on
    the province alone — a list of 120 unit ids checked on each of 50,000 month rows cost PostgreSQL
    more than summing them."""
    now = now or timezone.now()
    unit_ids = [u.pk for u in units]
    fact_units = None if whole_province else unit_ids
    is_live = period.contains(timezone.localdate(now))
    flows = figures.flows(province_id, period.start, period.end, unit_ids=fact_units)
    source_sums = figures.sources(province_id, period.start, period.end, unit_ids=fact_units)
    opened = live.open_counts(unit_ids, now) if is_live else {}
    catalogue, catalogue_total = figures.catalogue(province_id, period.start, period.end, unit_ids,
                                                   whole_province=whole_province)
    feedback = {u: data.get("feedback") for u, data in sources.period_figures(province_id, period, unit_ids).items()}
    entries = external.entries_for(province_id, period.key)
    grade_bands = bands.configured_bands()

    scored = []
    for unit in units:
        f, s, o = flows.get(unit.pk, {}), source_sums.get(unit.pk, {}), opened.get(unit.pk)
        counts = indicators.counts(f, s, o, catalogue[unit.pk], feedback.get(unit.pk))
        result = _score(counts, external.for_unit(entries, unit.pk))
        scored.append(Scored(unit, f, s, o, result, bands.grade(result.total, grade_bands), feedback.get(unit.pk)))
    scored.sort(key=lambda x: (-x.result.total, x.unit.code))
    for item, rank in zip(scored, competition_rank([x.result.total for x in scored])):
        item.rank = rank

    total = combine(scored, external.for_province(entries), catalogue_total, is_live)
    return Board(period, scored, total, is_live, feedback_ready=bool(feedback))


def combine(items: list[Scored], entries: dict, catalogue: indicators.Catalogue | None, is_live: bool) -> Scored:
    """Several units taken together (a level subtotal, the province): their counts summed, then scored."""
    flows, source_sums = _sum(i.flows for i in items), _sum(i.sources for i in items)
    opened = sum((i.open for i in items if i.open), OpenCounts()) if is_live else None
    feedback = indicators.sum_feedback(i.feedback for i in items)
    result = _score(indicators.counts(flows, source_sums, opened, catalogue, feedback), entries)
    return Scored(None, flows, source_sums, opened, result, bands.grade(result.total, bands.configured_bands()),
                  feedback)
