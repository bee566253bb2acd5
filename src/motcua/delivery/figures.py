"""Per-unit counts of results for a period, for the monitoring issue's fact sources.

``start`` and ``end`` are aware datetimes, ``start`` included and ``end`` excluded. Units are
the dossiers' receiving units. Each function does one grouped query per count.
"""

from django.db.models import Count, Exists, OuterRef

from motcua.dossiers.models import Dossier
from motcua.dossiers.workflow import State

from .models import ResultReuse, StoredResult

FINISHED = (State.COMPLETED, State.RETURNED)


def _per_unit(queryset) -> dict[int, int]:
    return dict(queryset.values_list("unit_id").annotate(n=Count("pk")).order_by())


def result_figures(unit_ids, start, end) -> dict[int, dict[str, int]]:
    """For each unit: dossiers finished with a result in the period (``completed``), those with an
    electronic result file (``electronic_result``, numerator of 4.1), dossiers received in the
    period (``received``) and those reusing a stored result (``reusing_result``, towards 4.3)."""
    unit_ids = list(unit_ids)
    finished = Dossier.objects.filter(unit_id__in=unit_ids, state__in=FINISHED, finished_at__gte=start,
                                      finished_at__lt=end, parent__isnull=True)
    received = Dossier.objects.filter(unit_id__in=unit_ids, received_at__gte=start, received_at__lt=end,
                                      parent__isnull=True)
    electronic = finished.filter(Exists(StoredResult.objects.filter(dossier=OuterRef("pk"))))
    reusing = received.filter(Exists(ResultReuse.objects.filter(dossier=OuterRef("pk"))))
    counts = {"completed": _per_unit(finished), "electronic_result": _per_unit(electronic),
              "received": _per_unit(received), "reusing_result": _per_unit(reusing)}
    return {u: {name: per_unit.get(u, 0) for name, per_unit in counts.items()} for u in unit_ids}
