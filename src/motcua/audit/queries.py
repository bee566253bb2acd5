"""Reading the read log: the filters of the security officer's page and 'who viewed this dossier'."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from .models import ReadRecord


@dataclass(frozen=True)
class Filters:
    """Bộ lọc: officer (username, exact), one dossier (its id), a kind, and local dates, all optional."""

    username: str = ""
    dossier_id: int | None = None
    kind: str = ""
    start: date | None = None
    end: date | None = None


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time()))


def condition(filters: Filters) -> Q:
    """The rows matching every filter given. A dossier matches whether it was opened on its own
    (indexed column) or listed among others (a scan of the rows left by the other filters)."""
    where = Q()
    if filters.username:
        where &= Q(username=filters.username)
    if filters.dossier_id is not None:
        where &= Q(dossier_id=filters.dossier_id) | Q(objects_read__contains=f" dossier:{filters.dossier_id} ")
    if filters.kind:
        where &= Q(kind=filters.kind)
    if filters.start:
        where &= Q(at__gte=_midnight(filters.start))
    if filters.end:
        where &= Q(at__lt=_midnight(filters.end + timedelta(days=1)))
    return where


def in_provinces(province_ids, filters: Filters):
    return ReadRecord.objects.filter(province_id__in=province_ids).filter(condition(filters)).order_by("-at", "-pk")


def readers_of(dossier_id: int, limit: int = 20) -> list[ReadRecord]:
    """The latest reads of one dossier opened on its own (page, file, API), newest first."""
    return list(ReadRecord.objects.filter(dossier_id=dossier_id).order_by("-at", "-pk")[:limit])
