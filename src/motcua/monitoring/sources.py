"""Fact sources (nguồn số liệu): the other apps' counts, stored for the pages to read.

Each app that feeds an indicator offers a function counting over a period per receiving unit —
and, for monitoring, per unit, procedure and channel (decision 0610).

- A ``FactSource`` adapts one whose counts add up day by day (payments, results, digitisation,
  queue, ratings) to the columns of ``SourceFact``: ``collect`` calls them for one local day of a
  province and replaces that day's rows, one row per (unit, procedure, channel). The task queue
  runs it for today every few minutes while someone looks at a dashboard (``refresh_today``);
  ``motcua facts collect --days 7`` from cron settles the last days (late payments, late uploads).
- A ``PeriodSource`` adapts one that must be computed over the whole period (feedback: a petition
  is late or not at the end of the period; a dossier may get a complaint weeks later): its figures
  per unit (procedure NULL) and per unit and procedure go to ``PeriodFact``, collected by a task
  when a page asks for a period whose figures are missing or stale (``period_figures``).

Pages only ever read stored rows (decision 0363). Wiring a new daily source: add its columns to
``SourceFact`` and ``register`` an adapter; a period source: ``register_period``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Sum
from django.utils import timezone

from .measures import LOCAL
from .models import NO_CHANNEL, PeriodFact, SourceFact, SourceMonthFact, SourceRun, SourceUnitMonthFact
from .periods import Period

Key = tuple  # (unit id, procedure id or None, channel or NO_CHANNEL)
Counts = dict[Key, dict[str, int]]  # key → {column: value}


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
    # (units, start, end, now) → {(unit, procedure or None for the unit's own figures): data}
    collect: Callable[[list[int], datetime, datetime, datetime], dict[tuple, dict]]


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

    return {key: {"fee_dossiers": c.with_fee, "paid_online": c.paid_online}
            for key, c in online_payment_counts(start, end, unit_ids, by_procedure=True).items()}


def _results(unit_ids, province_id, start, end) -> Counts:
    from motcua.delivery.figures import result_figures

    names = {"completed": "results_completed", "electronic_result": "electronic_results",
             "received": "results_received", "reusing_result": "reusing_results"}
    return {key: {names[k]: v for k, v in figures.items()}
            for key, figures in result_figures(unit_ids, start, end, by_procedure=True).items()}


def _digitised(unit_ids, province_id, start, end) -> Counts:
    """Dossiers received in the period with at least one digitised component (towards 4.2)."""
    from motcua.dossiers.models import Attachment, Dossier

    from .live import top_level

    digitised = Attachment.objects.filter(dossier=OuterRef("pk"), kind=Attachment.Kind.SUBMISSION, is_digitised=True)
    received = Dossier.objects.filter(unit_id__in=unit_ids, received_at__gte=start, received_at__lt=end)
    rows = (top_level(received).filter(Exists(digitised))
            .values_list("unit_id", "procedure_id", "channel").annotate(n=Count("pk")).order_by())
    return {(unit, procedure, channel): {"digitised_dossiers": n} for unit, procedure, channel, n in rows}


def _queue(unit_ids, province_id, start, end) -> Counts:
    """Tickets and waiting time per centre, procedure and channel of the dossier received from the
    ticket (none: NULL, NO_CHANNEL), added up per unit. A day's called tickets are taken as
    served + no-shows (exact once the day is closed); wait seconds = average × called."""
    from motcua.organizations.models import Centre
    from motcua.queueing.stats import queue_figures

    centre_units = dict(Centre.objects.filter(unit_id__in=unit_ids).values_list("pk", "unit_id"))
    last = (end - timedelta(days=1)).astimezone(LOCAL).date()
    counts: Counts = defaultdict(Counter)
    for f in queue_figures(province=province_id, first=start.astimezone(LOCAL).date(), last=last,
                           by=("centre", "procedure", "channel")):
        centre, procedure, channel = f.key
        unit = centre_units.get(centre)
        if unit is None:
            continue
        called = f.served + f.no_shows
        counts[(unit, procedure, channel or NO_CHANNEL)].update(
            {"queue_tickets": f.tickets, "queue_called": called,
             "queue_wait_seconds": round((f.wait_avg_min or 0) * 60 * called)})
    return {key: dict(row) for key, row in counts.items()}


RATING_COLUMNS = tuple(f"rating_{aspect}_{verdict}" for aspect in ("overall", "attitude", "timeliness", "guidance")
                       for verdict in ("like", "dislike"))


def _ratings(unit_ids, province_id, start, end) -> Counts:
    """Satisfaction ratings given on the day, per aspect (a rating has a day and a dossier)."""
    from motcua.feedback.figures import rating_counts

    rows = rating_counts(unit_ids, start, end, group=("unit_id", "procedure_id", "channel"))
    return {key: {f"rating_{name}": n for name, n in counts.items()} for key, counts in rows.items()}


register(FactSource("payments", "Thanh toán trực tuyến", ("fee_dossiers", "paid_online"), _payments))
register(FactSource("results", "Kết quả điện tử, tái sử dụng",
                    ("results_completed", "electronic_results", "results_received", "reusing_results"), _results))
register(FactSource("digitised", "Số hóa thành phần hồ sơ", ("digitised_dossiers",), _digitised))
register(FactSource("queue", "Xếp hàng", ("queue_tickets", "queue_called", "queue_wait_seconds"), _queue))
register(FactSource("ratings", "Đánh giá mức độ hài lòng", RATING_COLUMNS, _ratings))

COLUMNS = tuple(c for s in SOURCES.values() for c in s.columns)


def register_period(source: PeriodSource) -> None:
    PERIOD_SOURCES[source.key] = source


def _feedback_data(petitions: dict, dossiers: dict) -> dict:
    return {**{k: list(petitions[k]) for k in ("5.1", "5.2", "5.3")}, "5.4": list(dossiers["5.4"]),
            "petitions": petitions["received"]}


def _feedback(unit_ids, start, end, now) -> dict[tuple, dict]:
    """Petitions (5.1–5.3) and dossier satisfaction (5.4), as the feedback app counts them: per unit
    (procedure None) and per unit and procedure (petitions naming a dossier, dossiers received)."""
    from motcua.feedback import rules
    from motcua.feedback.figures import dossier_satisfaction_figures, no_petitions, petition_figures

    no_dossiers = {"5.4": rules.dossier_satisfaction(0, 0, 0)}
    out = {}
    for by_procedure in (False, True):
        petitions = petition_figures(unit_ids, start, end, now=now, by_procedure=by_procedure)
        dossiers = dossier_satisfaction_figures(unit_ids, start, end, now=now, by_procedure=by_procedure)
        for key in dict.fromkeys([*petitions, *dossiers]):
            data = _feedback_data(petitions.get(key) or no_petitions(), dossiers.get(key) or no_dossiers)
            out[key if by_procedure else (key, None)] = data
    return out


register_period(PeriodSource("feedback", "Phản ánh kiến nghị, mức độ hài lòng", _feedback))


def day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time.min, tzinfo=LOCAL)
    return start, datetime.combine(day + timedelta(days=1), time.min, tzinfo=LOCAL)


def gather(province_id: int, day: date) -> dict[Key, dict[str, int]]:
    """Every daily source's counts of one local day of the province, merged per (unit, procedure,
    channel), zero rows left out: what ``collect`` stores and ``check`` compares with."""
    from motcua.organizations.models import Unit

    unit_ids = list(Unit.objects.filter(province_id=province_id).values_list("pk", flat=True))
    start, end = day_bounds(day)
    merged: dict[Key, dict[str, int]] = {}
    for source in SOURCES.values():
        for key, values in source.collect(unit_ids, province_id, start, end).items():
            merged.setdefault(key, {}).update({k: v for k, v in values.items() if k in source.columns and v})
    return {key: values for key, values in merged.items() if values}


def collect(province_id: int, day: date) -> int:
    """Replace the province's source rows of ``day`` with fresh counts; returns the rows written."""
    rows = [SourceFact(province_id=province_id, unit_id=unit, procedure_id=procedure, channel=channel, day=day,
                       **values)
            for (unit, procedure, channel), values in gather(province_id, day).items()]
    with transaction.atomic():
        _one_collection_at_a_time(province_id)
        SourceFact.objects.filter(province_id=province_id, day=day).delete()
        SourceFact.objects.bulk_create(rows, batch_size=2000)
        sum_month(province_id, day.replace(day=1))
        SourceRun.objects.update_or_create(province_id=province_id, day=day,
                                           defaults={"collected_at": timezone.now()})
    return len(rows)


def _one_collection_at_a_time(province_id: int) -> None:
    """Lock the province's row until the caller's transaction ends. Two collections at once (the
    task and the cron line, or a task put back after its worker died) would both delete and both
    insert the same (unit, day, procedure, channel) rows, and the second would fail on the unique
    key; in turns, the later one simply replaces the earlier one's rows."""
    from motcua.organizations.models import Province

    list(Province.objects.select_for_update().filter(pk=province_id).values_list("pk", flat=True))


SOURCE_KEYS = ("unit_id", "procedure_id", "channel")
# Each month table: its model and the day-row columns it is summed over.
MONTH_TABLES = {"source-month": (SourceMonthFact, SOURCE_KEYS),
                "source-unit-month": (SourceUnitMonthFact, ("unit_id",))}


def sum_month(province_id: int, month: date) -> None:
    """Rewrite the province's month rows — per procedure and channel, and per unit — from its day
    rows (one grouped sum over the month's rows each)."""
    end = (month + timedelta(days=32)).replace(day=1)
    days = SourceFact.objects.filter(province_id=province_id, day__gte=month, day__lt=end)
    for model, keys in MONTH_TABLES.values():
        sums = days.values(*keys).order_by().annotate(**{f"total_{c}": Sum(c) for c in COLUMNS})
        model.objects.filter(province_id=province_id, day=month).delete()
        model.objects.bulk_create(
            (model(province_id=province_id, day=month, **{k: row[k] for k in keys},
                   **{c: row[f"total_{c}"] for c in COLUMNS}) for row in sums), batch_size=2000)


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
    rows = [PeriodFact(province_id=province_id, unit_id=unit, procedure_id=procedure, period=period.key,
                       source=source.key, data=data, collected_at=now)
            for source in PERIOD_SOURCES.values()
            for (unit, procedure), data in source.collect(unit_ids, start, end, now).items()]
    with transaction.atomic():
        _one_collection_at_a_time(province_id)
        PeriodFact.objects.filter(province_id=province_id, period=period.key).delete()
        PeriodFact.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def period_figures(province_id: int, period: Period, unit_ids) -> dict[int, dict]:
    """{unit: {source: data}} stored for the period; asks the task queue to (re)collect them when
    missing, or when the period is not over and they are older than MOTCUA_MONITORING_SOURCE_SECONDS."""
    from .tasks import collect_period_sources

    rows = PeriodFact.objects.filter(province_id=province_id, period=period.key, unit_id__in=list(unit_ids),
                                     procedure__isnull=True)
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


def procedure_period_figures(province_id: int, period: Period, unit_id: int) -> dict[int, dict]:
    """{procedure: {source: data}} stored for one unit and period (collected with the unit's own
    figures, which ``period_figures`` asks for)."""
    rows = PeriodFact.objects.filter(province_id=province_id, period=period.key, unit_id=unit_id,
                                     procedure__isnull=False)
    found: dict[int, dict] = {}
    for procedure, source, data in rows.values_list("procedure_id", "source", "data"):
        found.setdefault(procedure, {})[source] = data
    return found


# --- check -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SourceDifference:
    table: str  # "source-day", "source-month" or "source-unit-month"
    key: tuple  # (province, day, unit[, procedure, channel]); a month row's day is the first of the month
    column: str
    expected: int  # recounted from the apps' tables (day rows) or summed from the day rows (month rows)
    stored: int


def _stored(model, keys, province_id: int, **where) -> dict[tuple, Counter]:
    rows = model.objects.filter(province_id=province_id, **where).values_list("day", *keys, *COLUMNS)
    width = 1 + len(keys)
    return {(province_id, *row[:width]): Counter({c: n for c, n in zip(COLUMNS, row[width:]) if n})
            for row in rows.iterator(chunk_size=5000)}


def compare(table: str, expected: dict[tuple, Counter], stored: dict[tuple, Counter]) -> list[SourceDifference]:
    """Every (row, column) where the two disagree; a missing row counts as zeros. Pure."""
    found = []
    for key in sorted(set(expected) | set(stored), key=str):
        want, have = expected.get(key, Counter()), stored.get(key, Counter())
        found += [SourceDifference(table, key, c, want[c], have[c]) for c in COLUMNS if want[c] != have[c]]
    return found


def month_sums(day_rows: dict[tuple, Counter], keys=SOURCE_KEYS) -> dict[tuple, Counter]:
    """The month rows (province, month, *keys) a set of day rows (province, day, *SOURCE_KEYS)
    adds up to; ``keys`` a leading part of SOURCE_KEYS, e.g. ("unit_id",) for unit × month. Pure."""
    months: dict[tuple, Counter] = defaultdict(Counter)
    for (province, day, *rest), counts in day_rows.items():
        months[(province, day.replace(day=1), *rest[:len(keys)])].update(counts)
    return months


def check(province_id: int, *, repair: bool = False) -> tuple[int, list[SourceDifference]]:
    """Recount every collected day of the province and compare with its day rows, and both month
    tables with the sums of the day rows. ``repair``: collect the differing days again and rewrite
    the differing months. Returns (days checked, differences found)."""
    days = sorted(set(SourceRun.objects.filter(province_id=province_id).values_list("day", flat=True))
                  | set(SourceFact.objects.filter(province_id=province_id).values_list("day", flat=True).distinct()))
    differences = []
    for day in days:
        fresh = {(province_id, day, *key): Counter(values) for key, values in gather(province_id, day).items()}
        differences += compare("source-day", fresh, _stored(SourceFact, SOURCE_KEYS, province_id, day=day))
    stored_days = _stored(SourceFact, SOURCE_KEYS, province_id)
    for table, (model, keys) in MONTH_TABLES.items():
        differences += compare(table, month_sums(stored_days, keys), _stored(model, keys, province_id))
    if repair:
        stale_days = sorted({d.key[1] for d in differences if d.table == "source-day"})
        for day in stale_days:
            collect(province_id, day)
        months = {d.key[1] for d in differences if d.table != "source-day"}
        for month in sorted(months - {day.replace(day=1) for day in stale_days}):  # collect rewrote those
            with transaction.atomic():
                sum_month(province_id, month)
    return len(days), differences
