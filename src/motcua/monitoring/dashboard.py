"""What the dashboard pages show, built from the facts: heat map, hot spots, what to improve, trends.

The functions named ``*_rows`` / ``hot_spots`` / ``improvements`` are pure (they take figures and
return rows); the loaders next to them run the few grouped queries each page needs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from html import escape
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from . import bands, figures, index766, indicators, live, sources
from .charts import Point
from .periods import Period, last_months

# --- heat map: units × days --------------------------------------------------------------------

FINISHED = ("finished_early", "finished_on_time", "finished_late")


@dataclass(frozen=True)
class Cell:
    day: date
    finished: int
    percent: float | None
    colour: str  # green | yellow | red | none

    @property
    def text(self) -> str:
        return "" if self.percent is None else f"{self.percent:.0f}"

    @property
    def title(self) -> str:
        """The tooltip, built here rather than in the template: a 120 × 30 map has 3 600 cells."""
        when = self.day.strftime("%d/%m")
        if self.percent is None:
            return f"{when}: không có hồ sơ giải quyết"
        return f"{when}: {self.percent:.1f} % đúng hạn, {self.finished} hồ sơ".replace(".", ",", 1)


@dataclass
class HeatRow:
    unit: object
    cells: list[Cell]

    @property
    def cells_html(self):
        """The row's cells as HTML, built here rather than by a template loop over 3 600 cells, and
        with plain string formatting: ``format_html`` per cell was a third of the 30-day page."""
        return mark_safe("".join(f'<td class="heat-{c.colour}" title="{escape(c.title)}">{c.text}</td>'
                                 for c in self.cells))


def heat_rows(units, flows_by_unit_day: dict, days: list[date], thresholds) -> list[HeatRow]:
    """One row per unit, one cell per day: the on-time share of what finished that day."""
    colours = {}  # percent → colour: a map repeats few shares, the Decimal rule runs once for each
    rows = []
    for unit in units:
        cells = []
        for day in days:
            flows = flows_by_unit_day.get((unit.pk, day), {})
            percent = indicators.on_time_percent(flows)
            finished = sum(flows.get(k) or 0 for k in FINISHED)
            if percent is not None and percent not in colours:
                colours[percent] = bands.heat_colour(round(Decimal(percent), 2), thresholds)
            cells.append(Cell(day, finished, percent, "none" if percent is None else colours[percent]))
        rows.append(HeatRow(unit, cells))
    return rows


def heat_map(province_id: int, units, days: int, today: date, *,
             whole_province: bool = False) -> tuple[list[date], list[HeatRow]]:
    """``whole_province``: ``units`` are all the province's, the day rows need no unit filter."""
    first = today - timedelta(days=days - 1)
    span = [first + timedelta(days=n) for n in range(days)]
    by_day = figures.flows(province_id, first, today + timedelta(days=1),
                           unit_ids=None if whole_province else [u.pk for u in units],
                           group=("unit_id", "day"), only=FINISHED)
    return span, heat_rows(units, by_day, span, bands.configured_heat_thresholds())


# --- hot spots -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class HotSpot:
    kind: str  # overdue | queue | satisfaction
    unit: object
    value: float
    text: str
    url: str = ""


def satisfaction(feedback: dict | None) -> float | None:
    """Indicator 5.4's ratio in % from the feedback figures (None when missing or nothing received)."""
    if not feedback or "5.4" not in feedback:
        return None
    num, den = feedback["5.4"]
    return 100 * num / den if den else None


def hot_spots(units, opened: dict, queue_today: dict, satisfaction_now: dict, satisfaction_before: dict,
              *, overdue_from: int, wait_from: float, drop_from: float) -> list[HotSpot]:
    """Units with an overdue cluster, a long queue today, or satisfaction falling since last month."""
    spots = []
    for unit in units:
        counts = opened.get(unit.pk)
        if counts and counts.overdue >= overdue_from:
            spots.append(HotSpot("overdue", unit, counts.overdue,
                                 f"{counts.overdue} hồ sơ quá hạn / {counts.open} đang giải quyết",
                                 inbox_url(unit.pk, tab="overdue")))
        called, waited = queue_today.get(unit.pk, (0, 0))
        if called and waited / called / 60 >= wait_from:
            minutes = waited / called / 60
            spots.append(HotSpot("queue", unit, minutes, f"Chờ trung bình {minutes:.0f} phút ({called} lượt)"))
        now, before = satisfaction_now.get(unit.pk), satisfaction_before.get(unit.pk)
        if now is not None and before is not None and before - now >= drop_from:
            spots.append(HotSpot("satisfaction", unit, before - now,
                                 f"Hài lòng {now:.1f} % (tháng trước {before:.1f} %)"))
    order = {"overdue": 0, "queue": 1, "satisfaction": 2}
    return sorted(spots, key=lambda s: (order[s.kind], -s.value))


def load_hot_spots(province_id: int, units, opened: dict, today: date, board=None) -> list[HotSpot]:
    """``board``: the page's scoreboard; when it is this month's, its feedback figures are reused."""
    unit_ids = [u.pk for u in units]
    queue = figures.sources(province_id, today, today + timedelta(days=1), unit_ids=unit_ids)
    month = Period(today.year, "month", today.month)
    if board is not None and board.period == month:
        now = {s.unit.pk: s.feedback for s in board.units}
    else:
        now = {u: data.get("feedback") for u, data in sources.period_figures(province_id, month, unit_ids).items()}
    before = sources.period_figures(province_id, month.previous(), unit_ids)
    return hot_spots(
        units, opened,
        {u: (q.get("queue_called") or 0, q.get("queue_wait_seconds") or 0) for u, q in queue.items()},
        {u: satisfaction(now.get(u)) for u in unit_ids},
        {u: satisfaction(before.get(u, {}).get("feedback")) for u in unit_ids},
        overdue_from=settings.MOTCUA_HOTSPOT_OVERDUE, wait_from=settings.MOTCUA_HOTSPOT_WAIT_MINUTES,
        drop_from=settings.MOTCUA_HOTSPOT_SATISFACTION_DROP)


# --- what to improve -----------------------------------------------------------------------------

# Indicators whose lost points come from late or overdue dossiers: their procedures can be named.
TIMELINESS = ("2.1", "5.4")


@dataclass
class Improvement:
    score: index766.IndicatorScore
    needed: int | None
    procedures: list = field(default_factory=list)  # ProcedureLine, worst first
    url: str = ""
    gaps: list = field(default_factory=list)  # ProcedureGap, largest first (3.6, 4.2)


# Indicators whose shortfall a procedure's own figures show: (numerator, denominator, what is missing).
GAPS = {"3.6": ("paid_online", "fee_dossiers", "chưa thanh toán trực tuyến"),
        "4.2": ("digitised_dossiers", "accepted", "chưa số hóa thành phần hồ sơ")}


@dataclass(frozen=True)
class ProcedureGap:
    procedure_id: int
    name: str
    missing: int
    of: int
    text: str
    url: str


def procedure_gaps(indicator_id: str, unit_id: int, by_procedure: dict, names: dict, *,
                   limit: int = 5) -> list[ProcedureGap]:
    """The procedures behind a shortfall of 3.6 or 4.2: denominator − numerator (the numerator
    capped at the denominator, as the indicator does), largest first."""
    num, den, text = GAPS[indicator_id]
    gaps = []
    for procedure, figures_of in by_procedure.items():
        of = figures_of.get(den) or 0
        missing = of - min(figures_of.get(num) or 0, of)
        if missing:
            gaps.append(ProcedureGap(procedure, names.get(procedure, "?"), missing, of, text,
                                     inbox_url(unit_id, tab="done", procedure=procedure)))
    return sorted(gaps, key=lambda g: (-g.missing, g.name))[:limit]


def procedure_shares(flows: dict, source_figures: dict) -> dict[str, tuple]:
    """A procedure's (numerator, denominator) for online payment (3.6), electronic results (4.1),
    digitisation (4.2), reuse (4.3) — the unit's own rule, ``indicators.counts`` — and satisfied
    ratings (overall likes / ratings)."""
    pairs = indicators.counts(flows, source_figures, None)
    likes, dislikes = (source_figures.get(f"rating_overall_{v}") or 0 for v in ("like", "dislike"))
    return {"payment": pairs["3.6"], "electronic": pairs["4.1"], "digitised": pairs["4.2"], "reuse": pairs["4.3"],
            "rating": (likes, likes + dislikes)}


@dataclass(frozen=True)
class ProcedureLine:
    procedure_id: int
    name: str
    late: int
    overdue: int
    url: str


def inbox_url(unit_id: int, **params) -> str:
    """The back office dossier list, filtered (it applies the viewer's own permissions)."""
    query = {"unit": unit_id, **{k: v for k, v in params.items() if v}}
    return f"{reverse('backoffice:inbox')}?{urlencode(query)}"


def improvements(result: index766.Result, unit_id: int, late_by_procedure: dict, open_by_procedure: dict,
                 names: dict, by_procedure: dict | None = None, *, limit: int = 5) -> list[Improvement]:
    """The indicators losing the most points, with how many more dossiers would give full points and
    the procedures behind them: for timeliness the late and overdue dossiers, for online payment and
    digitisation the shortfall in ``by_procedure`` ({procedure: flow and source sums})."""
    worst = sorted(set(late_by_procedure) | set(open_by_procedure),
                   key=lambda p: -(late_by_procedure.get(p, 0) + open_by_procedure.get(p, live.OpenCounts()).overdue))
    lines = [ProcedureLine(p, names.get(p, "?"), late_by_procedure.get(p, 0),
                           open_by_procedure.get(p, live.OpenCounts()).overdue,
                           inbox_url(unit_id, tab="overdue", procedure=p))
             for p in worst if late_by_procedure.get(p, 0) + open_by_procedure.get(p, live.OpenCounts()).overdue]
    found = []
    for s in index766.losses(result)[:limit]:
        needed = indicators.needed_for_full(s.num, s.den, s.indicator.target) if s.num is not None else None
        timeliness = s.indicator.id in TIMELINESS
        gaps = procedure_gaps(s.indicator.id, unit_id, by_procedure or {}, names) if s.indicator.id in GAPS else []
        found.append(Improvement(s, needed, lines[:5] if timeliness else [],
                                 inbox_url(unit_id, tab="overdue" if timeliness else "done"), gaps))
    return found


# --- trends --------------------------------------------------------------------------------------


def trend_points(months: list[Period], by_month: dict) -> list[Point]:
    """Accepted dossiers and on-time share per month (the oldest first)."""
    return [Point(f"{m.number:02d}/{m.year % 100:02d}", by_month.get(m.start, {}).get("accepted") or 0,
                  indicators.on_time_percent(by_month.get(m.start, {}))) for m in months]


def load_trend(province_id: int, unit_ids, today: date | None = None, count: int = 12) -> list[Point]:
    months = last_months(today or timezone.localdate(), count)
    data = figures.by_month(province_id, months[0].start, months[-1].end, unit_ids=unit_ids)
    return trend_points(months, data)
