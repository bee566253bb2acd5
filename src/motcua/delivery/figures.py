"""Per-unit counts of results for a period, for the monitoring issue's fact sources.

``start`` and ``end`` are aware datetimes, ``start`` included and ``end`` excluded. Units are
the dossiers' receiving units. Each function does one grouped query per count, per unit or —
``by_procedure`` — per unit, procedure and channel (the monitoring fact grain).
"""

from django.db.models import Count, Exists, OuterRef

from motcua.dossiers.models import Dossier
from motcua.dossiers.workflow import State

from .models import ResultReuse, StoredResult

FINISHED = (State.COMPLETED, State.RETURNED)
BY_UNIT = ("unit_id",)
BY_PROCEDURE = ("unit_id", "procedure_id", "channel")


def _grouped(queryset, group) -> dict:
    """{unit id: n}, or {(unit id, procedure id, channel): n} for the three-column grouping."""
    rows = queryset.values_list(*group).annotate(n=Count("pk")).order_by()
    return {(values[:-1] if len(group) > 1 else values[0]): values[-1] for values in rows}


def result_figures(unit_ids, start, end, *, by_procedure: bool = False) -> dict:
    """For each unit: dossiers finished with a result in the period (``completed``), those with an
    electronic result file (``electronic_result``, numerator of 4.1), dossiers received in the
    period (``received``) and those reusing a stored result (``reusing_result``, towards 4.3).

    Every unit asked about is in the answer (zeros included); ``by_procedure`` answers per
    (unit, procedure, channel) with at least one count."""
    unit_ids = list(unit_ids)
    group = BY_PROCEDURE if by_procedure else BY_UNIT
    finished = Dossier.objects.filter(unit_id__in=unit_ids, state__in=FINISHED, finished_at__gte=start,
                                      finished_at__lt=end, parent__isnull=True)
    received = Dossier.objects.filter(unit_id__in=unit_ids, received_at__gte=start, received_at__lt=end,
                                      parent__isnull=True)
    electronic = finished.filter(Exists(StoredResult.objects.filter(dossier=OuterRef("pk"))))
    reusing = received.filter(Exists(ResultReuse.objects.filter(dossier=OuterRef("pk"))))
    counts = {"completed": _grouped(finished, group), "electronic_result": _grouped(electronic, group),
              "received": _grouped(received, group), "reusing_result": _grouped(reusing, group)}
    keys = {key for per_key in counts.values() for key in per_key} if by_procedure else unit_ids
    return {key: {name: per_key.get(key, 0) for name, per_key in counts.items()} for key in keys}
