"""Dashboard pages under /giam-sat/: overview with heat map and hot spots, unit → field → procedure
drill-down, ranking and comparison, wall screen, centre page. Every page reads the fact tables
(and the live open counts) of the viewer's scope only (access.py)."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from motcua.catalog.models import Field, Procedure
from motcua.organizations.models import Centre, Unit

from . import charts, dashboard, figures, index766, indicators, live, periods, sources
from .access import monitoring_required
from .board import scoreboard
from .models import CentreCamera

HEAT_DAYS = (7, 14, 30)
COMPARE_MAX = 6


def period_of(request) -> periods.Period:
    """The period asked for (?ky=2025-10, 2025-Q3, 2025), or the current month; a bad one is reported."""
    text = request.GET.get("ky", "").strip()
    if text:
        try:
            return periods.parse(text)
        except periods.PeriodError as exc:
            messages.warning(request, str(exc))
    return periods.containing(timezone.localdate())


def _period_choices(today) -> list[periods.Period]:
    month = periods.containing(today)
    months = periods.last_months(today, 12)[::-1]
    quarters = [periods.containing(today, periods.QUARTER)]
    while len(quarters) < 4:
        quarters.append(quarters[-1].previous())
    return [*months, *quarters, periods.Period(month.year, periods.YEAR), periods.Period(month.year - 1, periods.YEAR)]


def _context(request, period, **extra) -> dict:
    scope = request.monitoring
    return {"period": period, "period_choices": _period_choices(timezone.localdate()), "scope": scope,
            "centres": list(scope.centres()), **extra}


def _trend_svg(points, title):
    return charts.trend_svg(points, title=title, count_label="Hồ sơ tiếp nhận", percent_label="Tỷ lệ đúng hạn")


def _unit_ids_or_none(scope, units):
    """None (the whole province: no unit filter) or the ids of a unit-scoped viewer."""
    return None if scope.whole_province else [u.pk for u in units]


@monitoring_required
def home(request):
    """Tổng quan: the 766 index of the scope, heat map units × days, hot spots, ranking, trend."""
    scope, period, today = request.monitoring, period_of(request), timezone.localdate()
    units = list(scope.units().order_by("code"))
    days = int(request.GET["ngay"]) if request.GET.get("ngay") in map(str, HEAT_DAYS) else 14
    board = scoreboard(scope.province_id, period, units, whole_province=scope.whole_province)
    opened = live.open_counts([u.pk for u in units])
    span, heat = dashboard.heat_map(scope.province_id, units, days, today, whole_province=scope.whole_province)
    trend = dashboard.load_trend(scope.province_id, _unit_ids_or_none(scope, units), today)
    return render(request, "monitoring/home.html", _context(
        request, period, board=board, span=span, heat=heat, days=days, heat_days=HEAT_DAYS,
        hot_spots=dashboard.load_hot_spots(scope.province_id, units, opened, today, board),
        open_total=sum(opened.values(), live.OpenCounts()), collected_at=sources.refresh_today(scope.province_id),
        trend=trend, trend_svg=_trend_svg(trend, "Xu hướng 12 tháng"), groups=index766.GROUP_NAMES))


def _unit_in_scope(request, unit_id) -> Unit:
    unit = get_object_or_404(Unit, pk=unit_id)
    if not request.monitoring.allows_unit(unit):
        raise Http404("Không có đơn vị này trong phạm vi giám sát / unit outside your scope")
    return unit


def _procedure_lines(unit, period, board_live, field_id=None):
    """Per procedure of the unit: facts and source figures of the period (payments, results,
    digitisation, ratings), petitions and satisfaction of the period, open now, links to the
    dossier lists."""
    narrow = {} if field_id is None else (
        {"procedure__field__isnull": True} if field_id == 0 else {"procedure__field_id": field_id})
    span = (unit.province_id, period.start, period.end)
    rows = figures.flows(*span, unit_ids=[unit.pk], group=("procedure_id",), **narrow)
    # procedure__isnull: queue tickets no dossier came from have no procedure (nor a field)
    source_rows = figures.sources(*span, unit_ids=[unit.pk], group=("procedure_id",), procedure__isnull=False,
                                  **narrow)
    feedback = sources.procedure_period_figures(unit.province_id, period, unit.pk)
    opened = live.by_procedure(unit.pk, **narrow) if board_live else {}
    shown = set(rows) | set(opened) | set(source_rows)
    names = dict(Procedure.objects.filter(pk__in=shown).values_list("pk", "name"))
    lines = []
    for pk in sorted(shown, key=lambda p: names.get(p, "")):
        flows, figures_of = rows.get(pk, {}), source_rows.get(pk, {})
        lines.append({"procedure_id": pk, "name": names.get(pk, "?"), "flows": flows, "sources": figures_of,
                      "shares": dashboard.procedure_shares(flows, figures_of),
                      "feedback": feedback.get(pk, {}).get("feedback"),
                      "on_time": indicators.on_time_percent(flows), "open": opened.get(pk),
                      "overdue_url": dashboard.inbox_url(unit.pk, tab="overdue", procedure=pk),
                      "done_url": dashboard.inbox_url(unit.pk, tab="done", procedure=pk)})
    return lines, names


@monitoring_required
def unit_page(request, unit_id):
    """Một đơn vị: every indicator with numerator, denominator, points; what to improve; fields; trend."""
    unit, period = _unit_in_scope(request, unit_id), period_of(request)
    board = scoreboard(unit.province_id, period, [unit])
    scored = board.units[0]
    lines, names = _procedure_lines(unit, period, board.live)
    late = {line["procedure_id"]: line["flows"].get("finished_late") or 0 for line in lines}
    opened = {line["procedure_id"]: line["open"] for line in lines if line["open"]}
    by_field = figures.flows(unit.province_id, period.start, period.end, unit_ids=[unit.pk],
                             group=("procedure__field_id",))
    field_names = dict(Field.objects.filter(pk__in=[f for f in by_field if f]).values_list("pk", "name"))
    fields = sorted(({"id": f or 0, "name": field_names.get(f, "Chưa phân lĩnh vực"), "flows": flows,
                      "on_time": indicators.on_time_percent(flows)} for f, flows in by_field.items()),
                    key=lambda r: -(r["flows"].get("accepted") or 0))
    trend = dashboard.load_trend(unit.province_id, [unit.pk])
    return render(request, "monitoring/unit.html", _context(
        request, period, unit=unit, board=board, scored=scored, fields=fields,
        improvements=dashboard.improvements(scored.result, unit.pk, late, opened, names,
                                            {line["procedure_id"]: {**line["flows"], **line["sources"]}
                                             for line in lines}),
        groups=index766.GROUP_NAMES, trend=trend, trend_svg=_trend_svg(trend, f"Xu hướng 12 tháng — {unit.name}"),
        overdue_url=dashboard.inbox_url(unit.pk, tab="overdue"), done_url=dashboard.inbox_url(unit.pk, tab="done")))


@monitoring_required
def field_page(request, unit_id, field_id):
    """Một lĩnh vực của đơn vị: its procedures, each with links to the dossier lists."""
    unit, period = _unit_in_scope(request, unit_id), period_of(request)
    field = get_object_or_404(Field, pk=field_id) if field_id else None
    lines, _ = _procedure_lines(unit, period, period.contains(timezone.localdate()), field_id=field_id)
    return render(request, "monitoring/field.html", _context(request, period, unit=unit, field=field, lines=lines))


@monitoring_required
def ranking(request):
    """Xếp hạng: units ranked by total, with every scored indicator coloured (units × indicators)."""
    scope, period = request.monitoring, period_of(request)
    board = scoreboard(scope.province_id, period, list(scope.units()), whole_province=scope.whole_province)
    scored_ids = [i.id for i in index766.INDICATORS.values() if i.max]
    return render(request, "monitoring/ranking.html", _context(
        request, period, board=board, indicator_ids=scored_ids, groups=index766.GROUP_NAMES,
        indicator_names={i.id: i.name for i in index766.INDICATORS.values()}))


@monitoring_required
def compare(request):
    """So sánh: up to six chosen units side by side, indicator by indicator."""
    scope, period = request.monitoring, period_of(request)
    chosen = [int(v) for v in request.GET.getlist("don-vi") if v.isdigit()][:COMPARE_MAX]
    units = list(scope.units().filter(pk__in=chosen))
    if len(units) < 2:
        messages.warning(request, "Chọn ít nhất hai đơn vị để so sánh / choose at least two units to compare")
    board = scoreboard(scope.province_id, period, list(scope.units()), whole_province=scope.whole_province)
    picked = [s for s in board.units if s.unit.pk in {u.pk for u in units}]
    return render(request, "monitoring/compare.html", _context(
        request, period, board=board, picked=picked, indicators=index766.INDICATORS.values()))


@monitoring_required
def wall(request):
    """Màn hình lớn: the operations room's screen, dark, large type, reloading its figures by itself."""
    scope, today = request.monitoring, timezone.localdate()
    period = periods.containing(today)
    units = list(scope.units().order_by("code"))
    board = scoreboard(scope.province_id, period, units, whole_province=scope.whole_province)
    opened = live.open_counts([u.pk for u in units])
    span, heat = dashboard.heat_map(scope.province_id, units, 14, today, whole_province=scope.whole_province)
    sources.refresh_today(scope.province_id)
    context = _context(
        request, period, board=board, span=span, heat=heat, today=figures.flows(
            scope.province_id, today, today + timedelta(days=1), unit_ids=_unit_ids_or_none(scope, units), group=()),
        hot_spots=dashboard.load_hot_spots(scope.province_id, units, opened, today, board)[:8],
        open_total=sum(opened.values(), live.OpenCounts()), now=timezone.localtime(),
        cameras=CentreCamera.objects.filter(centre__in=scope.centres()).select_related("centre")[:8],
        refresh=settings.MOTCUA_WALL_REFRESH_SECONDS)
    template = "monitoring/_wall_body.html" if request.htmx else "monitoring/wall.html"
    return render(request, template, context)


@monitoring_required
def centre_page(request, centre_id):
    """Một trung tâm: its unit's index and today's queue per service, with the centre's cameras."""
    centre = get_object_or_404(Centre.objects.select_related("unit"), pk=centre_id)
    if not request.monitoring.allows_unit(centre.unit):
        raise Http404  # outside the scope: answered as an unknown centre, so that ids tell nothing
    from motcua.queueing.stats import queue_figures

    period, today = period_of(request), timezone.localdate()
    board = scoreboard(centre.unit.province_id, period, [centre.unit])
    return render(request, "monitoring/centre.html", _context(
        request, period, centre=centre, board=board, scored=board.units[0], groups=index766.GROUP_NAMES,
        queue=queue_figures(centre, first=today, last=today, by="service"), cameras=centre.cameras.all()))
