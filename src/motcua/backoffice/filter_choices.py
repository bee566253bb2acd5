"""The procedures and fields (thủ tục, lĩnh vực) offered in the inbox filter boxes, cached.

They are the same for every request of a unit and change only when the catalogue is edited, so
each process keeps them for ``FILTER_CHOICES_SECONDS`` (decision 0621). A save or delete of a
procedure, field or unit's procedure in this process empties the cache at once; other processes,
and bulk imports that send no signals, show the change at most that many seconds late.
"""

from django.core.cache.backends.locmem import LocMemCache

from motcua.catalog.models import Procedure

FILTER_CHOICES_SECONDS = 60
_cache = LocMemCache("motcua-backoffice-filters", {"TIMEOUT": FILTER_CHOICES_SECONDS,
                                                  "OPTIONS": {"MAX_ENTRIES": 2000}})


def filter_choices(unit_ids) -> tuple[list, list]:
    """(procedure choices, field choices) of the procedures enabled at ``unit_ids``, as
    (id, label) pairs in the order the boxes show them: one query, then cached per set of units."""
    key = ",".join(map(str, sorted(unit_ids)))
    found = _cache.get(key)
    if found is None:
        found = _load(unit_ids)
        _cache.set(key, found)
    return found


def _load(unit_ids) -> tuple[list, list]:
    rows = (Procedure.objects.filter(units__unit_id__in=unit_ids, units__is_enabled=True).distinct()
            .order_by("code").values_list("pk", "code", "name", "field_id", "field__name"))
    procedures, fields = [], {}
    for pk, code, name, field_id, field_name in rows:
        procedures.append((pk, f"{code} — {name[:70]}"))
        if field_id is not None:
            fields[field_id] = field_name
    return procedures, sorted(fields.items(), key=lambda item: (item[1], item[0]))


def forget(**_) -> None:
    """Signal receiver: the catalogue changed in this process."""
    _cache.clear()
