"""Open dossiers within time / overdue (đang giải quyết trong hạn / quá hạn), read live.

Being overdue changes with the clock alone, so it is not a stored fact: each unit's count is one
bounded query on the dossier index ``dossier_inbox (current_unit, state, due_at)`` — the same
rows the back office's "Quá hạn" tab lists — and the result is cached for at most a minute
(decision 0362). Units are the ones holding the dossier now (current_unit): whoever must act.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, F, Q
from django.utils import timezone

from motcua.dossiers.models import Dossier
from motcua.dossiers.workflow import State


@dataclass(frozen=True)
class OpenCounts:
    open: int = 0
    overdue: int = 0

    @property
    def within(self) -> int:
        return self.open - self.overdue

    def __add__(self, other: OpenCounts) -> OpenCounts:
        return OpenCounts(self.open + other.open, self.overdue + other.overdue)


def late(now: datetime) -> Q:
    """Overdue at ``now``; a paused clock is judged when it stopped (timeliness.classify_open)."""
    return Q(paused_at__isnull=True, due_at__lt=now) | Q(paused_at__isnull=False, due_at__lt=F("paused_at"))


def _open(unit_id: int):
    return Dossier.objects.filter(current_unit_id=unit_id, state__in=State.OPEN, parent__isnull=True)


def _count_unit(unit_id: int, now: datetime) -> OpenCounts:
    counts = _open(unit_id).aggregate(open=Count("pk"), overdue=Count("pk", filter=late(now)))
    return OpenCounts(counts["open"], counts["overdue"])


def open_counts(unit_ids, now: datetime | None = None) -> dict[int, OpenCounts]:
    """{unit id: OpenCounts} for these units, at most MOTCUA_MONITORING_LIVE_SECONDS old.

    One cache entry per set of units (a province's, or a unit leader's few): one read per page.
    """
    now = now or timezone.now()
    units = sorted(set(unit_ids))
    key = "monitoring:open:" + hashlib.sha1(",".join(map(str, units)).encode()).hexdigest()
    cached = cache.get(key)
    if cached is not None:
        return {unit: OpenCounts(*counts) for unit, counts in cached.items()}
    result = {unit: _count_unit(unit, now) for unit in units}
    cache.set(key, {unit: (c.open, c.overdue) for unit, c in result.items()},
              timeout=settings.MOTCUA_MONITORING_LIVE_SECONDS)
    return result


def by_procedure(unit_id: int, now: datetime | None = None, **narrow) -> dict[int, OpenCounts]:
    """One unit's open dossiers per procedure (drill-down, 'what to improve'), optionally narrowed
    (``procedure__field_id=3``); bounded to the unit, not cached."""
    now = now or timezone.now()
    rows = (_open(unit_id).filter(**narrow).values("procedure_id")
            .annotate(open=Count("pk"), overdue=Count("pk", filter=late(now))).order_by())
    return {r["procedure_id"]: OpenCounts(r["open"], r["overdue"]) for r in rows}
