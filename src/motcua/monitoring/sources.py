"""Fact sources (nguồn số liệu): the other apps' per-unit counts, stored for the pages to read.

Each app that feeds an indicator offers a function counting per receiving unit over a period.

- A ``FactSource`` adapts one whose counts add up day by day (payments, results, digitisation,
  queue) to the columns of ``SourceFact``: ``collect`` calls them for one local day of a province
  and replaces that day's rows. The task queue runs it for today every few minutes while someone
  looks at a dashboard (``refresh_today``); ``motcua facts collect --days 7`` from cron settles
  the last days (late payments, late uploads).
- A ``PeriodSource`` adapts one that must be computed over the whole period (feedback: a petition
  is late or not at the end of the period; a dossier may get a complaint weeks later): its figures
  per unit and period go to ``PeriodFact``, collected by a task when a page asks for a period whose
  figures are missing or stale (``period_figures``).

Pages only ever read stored rows (decision 0363). Wiring a new daily source: add its columns to
``SourceFact`` and ``register`` an adapter; a period source: ``register_period``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Sum
from django.utils import timezone

from .measures import LOCAL
from .models import PeriodFact, SourceFact, SourceMonthFact, SourceRun
from .periods import Period

Counts = dict[int, dict[str, int]]  # unit id → {column: value}


@dataclass(frozen=True)
class FactSource:
    key: str
    label: str
    columns: tuple[str, ...]
    collect: Callable[[list[int], int, datetime, datetime], Counts]  # (unit ids, province id, start, end)


@dataclass(frozen=True)
class PeriodSource:
    key: str
    label: str
    collect: Callable[[list[int], datetime, datetime, datetime], dict[int, dict]]  # (units, start, end, now)


SOURCES: dict[str, FactSource] = {}
PERIOD_SOURCES: dict[str, PeriodSource] = {}


def register(source: FactSource) -> None:
    columns = {f.name for f in SourceFact._meta.get_fields()}
    missing = set(source.columns) - columns
    if missing:
        raise ValueError(f"source {source.key}: SourceFact has no column {sorted(missing)}")
    SOURCES[source.key] = source


def _payments(unit_ids, province_id, start, end) -> Counts:
    from motcua.payments.reconciliation import online_payment_counts

    return {unit: {"fee_dossiers": c.with_fee, "paid_online": c.paid_online}
            for unit, c in online_payment_counts(start, end, unit_ids).items()}


def _results(unit_ids, province_id, start, end) -> Counts:
    from motcua.delivery.figures import result_figures

    names = {"completed": "results_completed", "electronic_result": "electronic_results",
             "received": "results_received", "reusing_result": "reusing_results"}
    return {unit: {names[k]: v for k, v in figures.items()}
            for unit, figures in result_figures(unit_ids, start, end).items()}


def _digitised(unit_ids, province_id, start, end) -> Counts:
    """Dossiers received in the period with at least one digitised component (towards 4.2)."""
    from motcua.dossiers.models import Attachment, Dossier

    from .live import top_level

    digitised = Attachment.objects.filter(dossier=OuterRef("pk"), kind=Attachment.Kind.SUBMISSION, is_digitised=True)
    received = Dossier.objects.filter(unit_id__in=unit_ids, received_at__gte=start, received_at__lt=end)
    rows = (top_level(received).filter(Exists(digitised))
            .values_list("unit_id").annotate(n=Count("pk")).order_by())
    return {unit: {"digitised_dossiers": n} for unit, n in rows}


def _queue(unit_ids, province_id, start, end) -> Counts:
    """Tickets and waiting time per centre, added up per unit. A day's called tickets are taken as
    served + no-shows (exact once the day is closed); wait seconds = average × called."""
    from motcua.organizations.models import Centre
    from motcua.queueing.stats import queue_figures

    centre_units = dict(Centre.objects.filter(unit_id__in=unit_ids).values_list("pk", "unit_id"))
    last = (end - timedelta(days=1)).astimezone(LOCAL).date()
    counts: Counts = {}
    for f in queue_figures(province=province_id, first=start.astimezone(LOCAL).date(), last=last, by="centre"):
        unit = centre_units.get(f.key)
        if unit is None:
            continue
        called = f.served + f.no_shows
        row = counts.setdefault(unit, {"queue_tickets": 0, "queue_called": 0, "queue_wait_seconds": 0})
        row["queue_tickets"] += f.tickets
        row["queue_called"] += called
        row["queue_wait_seconds"] += round((f.wait_avg_min or 0) * 60 * called)
    return counts


register(FactSource("payments", "Thanh toán trực tuyến", ("fee_dossiers", "paid_online"), _payments))
register(FactSource("results", "Kết quả điện tử, tái sử dụng",
                    ("results_completed", "electronic_results", "results_received", "reusing_results"), _results))
register(FactSource("digitised", "Số hóa thành phần hồ sơ", ("digitised_dossiers",), _digitised))
register(FactSource("queue", "Xếp hàng", ("queue_tickets", "queue_called", "queue_wait_seconds"), _queue))

COLUMNS = tuple(c for s in SOURCES.values() for c in s.columns)


def register_period(source: PeriodSource) -> None:
    PERIOD_SOURCES[source.key] = source


def _feedback(unit_ids, start, end, now) -> dict[int, dict]:
    """Petitions (5.1–5.3), dossier satisfaction (5.4) and ratings, as the feedback app counts them."""
    from motcua.feedback.figures import dossier_satisfaction_figures, petition_figures

    petitions = petition_figures(unit_ids, start, end, now=now)
    dossiers = dossier_satisfaction_figures(unit_ids, start, end, now=now)
    return {u: {**{k: list(petitions[u][k]) for k in ("5.1", "5.2", "5.3")}, "5.4": list(dossiers[u]["5.4"]),
                "petitions": petitions[u]["received"], "ratings": dossiers[u]["ratings"]} for u in unit_ids}


register_period(PeriodSource("feedback", "Phản ánh kiến nghị, mức độ hài lòng", _feedback))


def day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time.min, tzinfo=LOCAL)
    return start, datetime.combine(day + timedelta(days=1), time.min, tzinfo=LOCAL)


def collect(province_id: int, day: date) -> int:
    """Replace the province's source rows of ``day`` with fresh counts; returns the units with figures."""
    from motcua.organizations.models import Unit

    unit_ids = list(Unit.objects.filter(province_id=province_id).values_list("pk", flat=True))
    start, end = day_bounds(day)
    merged: Counts = {}
    for source in SOURCES.values():
        for unit, values in source.collect(unit_ids, province_id, start, end).items():
            merged.setdefault(unit, {}).update({k: v for k, v in values.items() if k in source.columns})
    rows = [SourceFact(province_id=province_id, unit_id=unit, day=day, **values)
            for unit, values in merged.items() if any(values.values())]
    with transaction.atomic():
        _one_collection_at_a_time(province_id)
        SourceFact.objects.filter(province_id=province_id, day=day).delete()
        SourceFact.objects.bulk_create(rows)
        sum_month(province_id, day.replace(day=1))
        SourceRun.objects.update_or_create(province_id=province_id, day=day,
                                           defaults={"collected_at": timezone.now()})
    return len(rows)


def _one_collection_at_a_time(province_id: int) -> None:
    """Lock the province's row until the caller's transaction ends. Two collections at once (the
    task and the cron line, or a task put back after its worker died) would both delete and both
    insert the same (unit, day) rows, and the second would fail on the unique key; in turns, the
    later one simply replaces the earlier one's rows."""
    from motcua.organizations.models import Province

    list(Province.objects.select_for_update().filter(pk=province_id).values_list("pk", flat=True))


def sum_month(province_id: int, month: date) -> None:
    """Rewrite the province's month rows from its day rows (at most 31 × units rows to add up)."""
    end = (month + timedelta(days=32)).replace(day=1)
    sums = (SourceFact.objects.filter(province_id=province_id, day__gte=month, day__lt=end)
            .values("unit_id").order_by().annotate(**{f"total_{c}": Sum(c) for c in COLUMNS}))
    SourceMonthFact.objects.filter(province_id=province_id, day=month).delete()
    SourceMonthFact.objects.bulk_create(
        SourceMonthFact(province_id=province_id, unit_id=row["unit_id"], day=month,
                        **{c: row[f"total_{c}"] for c in COLUMNS}) for row in sums)


def refresh_today(province_id: int) -> datetime | None:
    """When today's figures were collected; asks the task queue for fresh ones when they are older
    than MOTCUA_MONITORING_SOURCE_SECONDS (at most one request per interval, shared by all processes)."""
    from .tasks import collect_sources

    today = timezone.localdate()
    run = SourceRun.objects.filter(province_id=province_id, day=today).values_list("collected_at", flat=True).first()
    interval = settings.MOTCUA_MONITORING_SOURCE_SECONDS
    stale = run is None or (timezone.now() - run).total_seconds() > interval
    if stale and cache.add(f"monitoring:collect:{province_id}:{today}", 1, timeout=interval):
        transaction.on_commit(lambda: collect_sources.enqueue(province_id, today.isoformat()))
    return run


def collect_period(province_id: int, period: Period) -> int:
    """Compute every period source for the province's units and replace the stored figures."""
    from motcua.organizations.models import Unit

    unit_ids = list(Unit.objects.filter(province_id=province_id).values_list("pk", flat=True))
    start, end = day_bounds(period.start)[0], day_bounds(period.end)[0]
    now = timezone.now()
    rows = [PeriodFact(province_id=province_id, unit_id=unit, period=period.key, source=source.key, data=data,
                       collected_at=now)
            for source in PERIOD_SOURCES.values() for unit, data in source.collect(unit_ids, start, end, now).items()]
    with transaction.atomic():
        _one_collection_at_a_time(province_id)
        PeriodFact.objects.filter(province_id=province_id, period=period.key).delete()
        PeriodFact.objects.bulk_create(rows)
    return len(rows)


def period_figures(province_id: int, period: Period, unit_ids) -> dict[int, dict]:
    """{unit: {source: data}} stored for the period; asks the task queue to (re)collect them when
    missing, or when the period is not over and they are older than MOTCUA_MONITORING_SOURCE_SECONDS."""
    from .tasks import collect_period_sources

    rows = PeriodFact.objects.filter(province_id=province_id, period=period.key, unit_id__in=list(unit_ids))
    found: dict[int, dict] = {}
    oldest = None
    for unit, source, data, collected_at in rows.values_list("unit_id", "source", "data", "collected_at"):
        found.setdefault(unit, {})[source] = data
        oldest = collected_at if oldest is None or collected_at < oldest else oldest
    interval = settings.MOTCUA_MONITORING_SOURCE_SECONDS
    settled = oldest is not None and oldest >= day_bounds(period.end)[0] + timedelta(seconds=interval)
    stale = oldest is None or (not settled and (timezone.now() - oldest).total_seconds() > interval)
    if stale and cache.add(f"monitoring:period:{province_id}:{period.key}", 1, timeout=interval):
        transaction.on_commit(lambda: collect_period_sources.enqueue(province_id, period.key))
    return found
