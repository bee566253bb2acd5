"""Reading the fact tables: sums per unit, field, procedure, day or month for a range of days.

Every query filters on the province first (the partition key) and a day range, so it reads the
facts of one province and period — never the dossiers. ``end`` is excluded. A range of whole
months (every reporting period) reads the month rows, anything else the day rows; sums per unit
(or of a whole scope) over whole months read the unit × month roll-up (decision 0611).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import date

from django.conf import settings
from django.core.cache import cache

from django.db.models import Count, Q, Sum

from motcua.catalog.models import OnlineLevel, UnitProcedure

from .indicators import Catalogue
from .measures import FLOW
from .models import DailyFact, MonthFact, SourceFact, SourceMonthFact, SourceUnitMonthFact, UnitMonthFact
from .sources import COLUMNS

# Aliases must differ from the column names; ``_named`` strips the prefix again.
PREFIX = "total_"
FLOW_SUMS = {**{PREFIX + m: Sum(m) for m in FLOW}, PREFIX + "accepted_online": Sum("accepted", filter=Q(channel="online"))}
UNIT_FLOW_SUMS = {**FLOW_SUMS, PREFIX + "accepted_online": Sum("accepted_online")}  # the roll-up has the column
UNIT_GROUPS = {(), ("unit_id",)}  # groupings the unit × month roll-up can answer
SOURCE_SUMS = {PREFIX + c: Sum(c) for c in COLUMNS}
ONLINE_LEVELS = (OnlineLevel.FULL, OnlineLevel.PARTIAL)


def _named(row: dict) -> dict:
    return {key.removeprefix(PREFIX): value for key, value in row.items()}


def _rows(model, sums, province_id, start, end, unit_ids, group, **extra):
    rows = model.objects.filter(province_id=province_id, day__gte=start, day__lt=end, **extra)
    if unit_ids is not None:
        rows = rows.filter(unit_id__in=list(unit_ids))
    if group:
        rows = rows.values(*group).order_by()
    return [_named(r) for r in rows.annotate(**sums)] if group else [_named(rows.aggregate(**sums))]


def _keyed(rows, group) -> dict:
    return {tuple(r.pop(g) for g in group) if len(group) > 1 else r.pop(group[0]): r for r in rows}


def _whole_months(start: date, end: date) -> bool:
    return start.day == 1 and end.day == 1


def flow_table(start: date, end: date):
    """Whole months are summed from the month rows: a twelfth of the day rows."""
    return MonthFact if _whole_months(start, end) else DailyFact


def _flow_source(start: date, end: date, group, narrow) -> tuple[type, dict]:
    """The table to sum and its sums: per unit over whole months, one row per unit and month."""
    if _whole_months(start, end) and tuple(group) in UNIT_GROUPS and not narrow:
        return UnitMonthFact, UNIT_FLOW_SUMS
    return flow_table(start, end), FLOW_SUMS


def flows(province_id: int, start: date, end: date, *, unit_ids=None, group=("unit_id",), only=None,
          **narrow) -> dict:
    """{group value: {measure: sum, "accepted_online": sum}}; ``group=()`` gives one total dict;
    ``only`` limits the sums to some measures; ``narrow`` filters further (``procedure__field_id=3``)."""
    table, all_sums = _flow_source(start, end, group, narrow)
    sums = all_sums if only is None else {PREFIX + m: all_sums[PREFIX + m] for m in only}
    rows = _rows(table, sums, province_id, start, end, unit_ids, group, **narrow)
    return _keyed(rows, group) if group else rows[0]


def sources(province_id: int, start: date, end: date, *, unit_ids=None, group=("unit_id",), **narrow) -> dict:
    """{group value: {column: sum}} of the other apps' figures; ``group=("procedure_id",)`` per
    procedure (None: figures with no procedure, such as queue tickets no dossier came from)."""
    if not _whole_months(start, end):
        table = SourceFact
    else:
        table = SourceUnitMonthFact if tuple(group) in UNIT_GROUPS and not narrow else SourceMonthFact
    rows = _rows(table, SOURCE_SUMS, province_id, start, end, unit_ids, group, **narrow)
    return _keyed(rows, group) if group else rows[0]


def by_month(province_id: int, start: date, end: date, *, unit_ids=None) -> dict[date, dict]:
    """{first day of month: flow sums} (trend charts); ``start`` and ``end`` are firsts of months."""
    return _keyed(_rows(UnitMonthFact, UNIT_FLOW_SUMS, province_id, start, end, unit_ids, ("day",)), ("day",))


def _enabled(unit_ids: list[int]) -> tuple[dict[int, tuple[int, int]], tuple[int, int]]:
    """(procedures handled, of which offered online) per unit and for the units together.

    Catalogue configuration changes seldom: kept MOTCUA_MONITORING_SOURCE_SECONDS in the cache."""
    key = "monitoring:catalogue:" + hashlib.sha1(",".join(map(str, sorted(unit_ids))).encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        enabled = UnitProcedure.objects.filter(unit_id__in=unit_ids, is_enabled=True)
        counts = {"procedures": Count("procedure", distinct=True),
                  "online": Count("procedure", distinct=True, filter=Q(procedure__online_level__in=ONLINE_LEVELS))}
        per_unit = {r["unit_id"]: (r["procedures"], r["online"])
                    for r in enabled.values("unit_id").order_by().annotate(**counts)}
        whole = enabled.aggregate(**counts)
        found = (per_unit, (whole["procedures"], whole["online"]))
        cache.set(key, found, timeout=settings.MOTCUA_MONITORING_SOURCE_SECONDS)
    return found


def catalogue(province_id: int, start: date, end: date, unit_ids, *,
              whole_province: bool = False) -> tuple[dict[int, Catalogue], Catalogue]:
    """Per unit and for the units together: procedures handled, offered online, with online dossiers.
    ``whole_province``: the units are all the province's, so the facts need no unit filter."""
    unit_ids = list(unit_ids)
    per_unit, (procedures, online) = _enabled(unit_ids)
    rows = flow_table(start, end).objects.filter(
        province_id=province_id, day__gte=start, day__lt=end, channel="online", submitted__gt=0,
        procedure__online_level__in=ONLINE_LEVELS)
    if not whole_province:
        rows = rows.filter(unit_id__in=unit_ids)
    wanted = set(unit_ids)
    used = {pair for pair in rows.values_list("unit_id", "procedure_id").distinct() if pair[0] in wanted}
    used_by_unit = Counter(unit for unit, _ in used)
    units = {u: Catalogue(*per_unit.get(u, (0, 0)), used_by_unit[u]) for u in unit_ids}
    return units, Catalogue(procedures, online, len({procedure for _, procedure in used}))
