"""From summed facts to the (numerator, denominator) of each Decision 766 indicator — pure.

Which indicators the system's own data feeds, and how (docs/developers/monitoring.md, decision
0365):

- 2.1 on time: (finished early or on time in the period + open within time now) / (finished in
  the period + open now). Open dossiers count only when the period includes today — a past
  period is judged on what finished in it.
- 2.2 average time: calendar days from receipt to finish / dossiers finished (tracked only).
- 3.1 procedures offered online / procedures the unit handles; 3.2 of those, the ones with online
  dossiers in the period; 3.3 dossiers accepted online / accepted (all tracked only).
- 3.6 paid online / with a fee; 4.1 electronic result / finished with a result; 4.2 with a
  digitised component / accepted; 4.3 reusing a stored result / received (source figures).
- 5.1–5.4 petitions and satisfaction, as the feedback app counts them over the period (its
  figures are stored per unit and period, sources.py).

Everything else is entered by the province (external.py). Source figures are collected every few
minutes while the flows are live, so a source numerator is capped at its fact denominator.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Mapping

from .live import OpenCounts

SECONDS_PER_DAY = 86400


@dataclass(frozen=True)
class Catalogue:
    """Procedures a unit (or the province) handles, those offered online, those with online dossiers."""

    procedures: int = 0
    online: int = 0
    with_online_dossiers: int = 0


FEEDBACK_INDICATORS = ("5.1", "5.2", "5.3", "5.4")


def counts(flows: Mapping[str, int], sources: Mapping[str, int], open_now: OpenCounts | None,
           catalogue: Catalogue | None = None, feedback: Mapping | None = None) -> dict[str, tuple]:
    """{indicator id: (num, den)} for ``index766.score``; ``open_now`` None for a closed period,
    ``feedback`` None while the feedback figures of the period are not collected (not reported)."""
    f, s = _zeros(flows), _zeros(sources)
    live = open_now or OpenCounts()
    finished = f["finished_early"] + f["finished_on_time"] + f["finished_late"]
    accepted = f["accepted"]
    result = {
        "2.1": (f["finished_early"] + f["finished_on_time"] + live.within, finished + live.open),
        "2.2": (Fraction(f["finished_seconds"], SECONDS_PER_DAY), finished),
        "3.3": (f["accepted_online"], accepted),
        "3.6": (s["paid_online"], s["fee_dossiers"]),
        "4.1": (s["electronic_results"], s["results_completed"]),
        "4.2": (min(s["digitised_dossiers"], accepted), accepted),
        "4.3": (s["reusing_results"], s["results_received"]),
    }
    if catalogue is not None:
        result["3.1"] = (catalogue.online, catalogue.procedures)
        result["3.2"] = (catalogue.with_online_dossiers, catalogue.online)
    if feedback is not None:
        result.update({key: tuple(feedback[key]) for key in FEEDBACK_INDICATORS if key in feedback})
    return result


def sum_feedback(items) -> dict | None:
    """The feedback figures of several units added up (the province total); None if there are none."""
    items = [item for item in items if item]
    if not items:
        return None
    return {key: [sum(item[key][0] for item in items), sum(item[key][1] for item in items)]
            for key in FEEDBACK_INDICATORS if all(key in item for item in items)}


class _Zeros(dict):
    def __missing__(self, key):
        return 0


def _zeros(values: Mapping[str, int]) -> dict:
    """Missing or NULL sums read as 0 (a unit without any fact row this period)."""
    return _Zeros({k: v for k, v in values.items() if v is not None})


def on_time_percent(flows: Mapping[str, int]) -> float | None:
    """Share of dossiers finished early or on time among those finished (heat-map cells, trends)."""
    f = _zeros(flows)
    finished = f["finished_early"] + f["finished_on_time"] + f["finished_late"]
    if not finished:
        return None
    return 100 * (f["finished_early"] + f["finished_on_time"]) / finished


def needed_for_full(num, den, target: Fraction | None) -> int | None:
    """How many more dossiers (or procedures) in the numerator would give full points, the
    denominator unchanged: ⌈T × den⌉ − num with threshold T, else den − num. None when den is 0."""
    if not den:
        return None
    goal = Fraction(den) * (target if target is not None else 1)
    return max(math.ceil(goal - Fraction(num)), 0)
