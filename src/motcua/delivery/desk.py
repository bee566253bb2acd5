"""The return desk's lists (quầy trả kết quả): every finished dossier of the officer's units, sorted
into what has to be done with it (rules.desk_bucket), oldest result first."""

from dataclasses import dataclass

from motcua.dossiers.models import Attachment, Dossier
from motcua.dossiers.workflow import State

from .access import return_units
from .models import Placement, Shipment
from .rules import Bucket, desk_bucket

LIMIT = 500  # per page view; a desk with more waiting results has a bigger problem than paging

BUCKET_LABELS = {
    Bucket.COUNTER: "Chờ trả tại quầy",
    Bucket.TO_SHIP: "Chờ gửi bưu chính",
    Bucket.IN_TRANSIT: "Bưu chính đang phát",
    Bucket.TO_PLACE: "Chờ đặt vào tủ 24 giờ",
    Bucket.IN_LOCKER: "Trong tủ, chờ công dân lấy",
    Bucket.TO_RECALL: "Quá hạn trong tủ: thu hồi về quầy",
    Bucket.ELECTRONIC: "Chờ công dân tải kết quả điện tử",
}


@dataclass
class Row:
    dossier: Dossier
    bucket: Bucket
    shipment: Shipment | None
    placement: Placement | None


def _latest(queryset) -> dict:
    latest = {}
    for row in queryset.order_by("pk"):
        latest[row.dossier_id] = row
    return latest


def rows_for(user) -> list[Row]:
    dossiers = list(Dossier.objects.filter(state=State.COMPLETED, parent__isnull=True, unit__in=return_units(user))
                    .select_related("procedure").order_by("finished_at", "pk")[:LIMIT])
    ids = [d.pk for d in dossiers]
    shipments = _latest(Shipment.objects.filter(dossier_id__in=ids))
    placements = _latest(Placement.objects.filter(dossier_id__in=ids).select_related("slot__locker"))
    with_file = set(Attachment.objects.filter(dossier_id__in=ids, kind=Attachment.Kind.RESULT)
                    .values_list("dossier_id", flat=True))
    rows = []
    for d in dossiers:
        shipment, placement = shipments.get(d.pk), placements.get(d.pk)
        bucket = desk_bucket(d.delivery, shipment.status if shipment else None,
                             placement.status if placement else None, d.pk in with_file)
        rows.append(Row(d, bucket, shipment, placement))
    return rows


def grouped(rows: list[Row]) -> list[tuple[Bucket, str, list[Row]]]:
    """(bucket, label, rows) for every bucket, in the order of BUCKET_LABELS."""
    return [(b, label, [r for r in rows if r.bucket == b]) for b, label in BUCKET_LABELS.items()]
