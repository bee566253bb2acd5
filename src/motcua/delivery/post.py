"""Results by post (trả kết quả qua bưu chính): booking a shipment and applying the post's reports.

A delivered parcel is the dossier's ``return_result``, done by the system (actor None) with the
name of whoever signed for it. A parcel that could not be delivered, or came back, puts the
result back in the return desk's counter list and tells the applicant.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from motcua.core.errors import UserFacingError
from motcua.dossiers import services as dossier_services
from motcua.dossiers import validation
from motcua.dossiers.models import Dossier
from motcua.dossiers.workflow import State

from . import notify, rules
from .access import require_return_role
from .base import BadMessage, DeliveryError, ShipmentRequest
from .models import Placement, Shipment, ShipmentEvent
from .registry import postal


def require_waiting(dossier: Dossier) -> None:
    """The result is at the return desk: finished (status 9), not on its way, not in a locker."""
    if dossier.state != State.COMPLETED:
        raise UserFacingError("Hồ sơ chưa có kết quả chờ trả (hoặc đã trả kết quả)",
                              "the dossier has no result waiting to be returned", code="not_completed")
    if dossier.shipments.filter(status__in=Shipment.ACTIVE).exists():
        raise UserFacingError("Kết quả đang được bưu chính phát", "the result is already with the post",
                              code="in_transit")
    if dossier.placements.filter(status__in=Placement.IN_SLOT).exists():
        raise UserFacingError("Kết quả đang ở trong tủ 24 giờ: thu hồi về quầy trước",
                              "the result is in a locker: recall it first", code="in_locker")


def _clean(name: str, phone: str, address: str) -> tuple[str, str, str]:
    name = " ".join((name or "").split())
    address = " ".join((address or "").split())
    if len(name) < 2:
        raise UserFacingError("Nhập họ tên người nhận", "enter the recipient's name", field="recipient_name")
    try:
        phone = validation.phone(phone, required=True)
    except UserFacingError as err:
        raise UserFacingError(err.message_vi, err.message_en, field="recipient_phone") from err
    if len(address) < 10:
        raise UserFacingError("Nhập đầy đủ địa chỉ nhận (số nhà, đường, xã/phường, tỉnh)",
                              "enter the full delivery address", field="address")
    return name, phone, address


@transaction.atomic
def ship(dossier: Dossier, actor, *, recipient_name: str, recipient_phone: str, address: str) -> Shipment:
    """Hand the result to the post: book the shipment and tell the applicant its tracking number."""
    dossier = Dossier.objects.select_for_update(of=("self",)).select_related("unit", "centre").get(pk=dossier.pk)
    require_return_role(actor, dossier)
    require_waiting(dossier)
    name, phone, address = _clean(recipient_name, recipient_phone, address)
    service = _service()
    try:
        tracking = service.create_shipment(ShipmentRequest(dossier.code, name, phone, address,
                                                           sender=notify.place_name(dossier)))
    except DeliveryError as err:
        raise UserFacingError(f"Không tạo được bưu gửi: {err.message_vi}", f"shipment not booked: {err.message_en}",
                              code="postal_unavailable") from err
    try:
        with transaction.atomic():
            shipment = Shipment.objects.create(dossier=dossier, plugin=service.identifier, tracking_number=tracking,
                                               recipient_name=name, recipient_phone=phone, address=address,
                                               created_by=actor)
    except IntegrityError as err:
        raise UserFacingError("Bưu chính trả về số hiệu đã dùng; thử lại", "the post returned a tracking number "
                              "already in use; try again", code="duplicate_tracking") from err
    notify.sms(dossier, f"post:{shipment.pk}:sent",
               f"Ket qua ho so {dossier.code} da gui qua buu chinh, so hieu {tracking}.")
    return shipment


def _service():
    try:
        return postal.get()
    except DeliveryError as err:
        raise UserFacingError(err.message_vi, err.message_en, code="not_configured") from err


# --- status reports (webhook) ----------------------------------------------------------------------

@dataclass(frozen=True)
class Answer:
    """What the webhook answers the post: an HTTP status and a short message (Vietnamese / English)."""

    http_status: int
    message: str

    def as_json(self) -> dict:
        return {"ok": self.http_status == 200, "message": self.message}


@transaction.atomic
def receive_update(headers, body: bytes, *, now=None) -> Answer:
    """Verify a status report, record it once, and apply it to the shipment and the dossier."""
    now = now or timezone.now()
    service = _service()
    try:
        update = service.parse_update(headers, body, now)
    except BadMessage as err:
        return Answer(400, str(err))
    shipment = (Shipment.objects.select_for_update(of=("self",)).select_related("dossier")
                .filter(plugin=service.identifier, tracking_number=update.tracking_number).first())
    if shipment is None:
        return Answer(404, f"Không có bưu gửi {update.tracking_number} / unknown tracking number")
    if shipment.events.filter(event_id=update.event_id).exists():
        return Answer(200, "Đã nhận trước đó / already processed")
    new = rules.next_shipment_status(shipment.status, update.status)
    ShipmentEvent.objects.create(shipment=shipment, event_id=update.event_id, status=update.status,
                                 at=update.at, note=update.note[:300], applied=new is not None)
    if new is None:
        return Answer(200, "Đã ghi nhận, không đổi trạng thái / recorded, status unchanged")
    was = shipment.status
    shipment.status, shipment.status_at, shipment.status_note = new, update.at, update.note[:300]
    shipment.save(update_fields=["status", "status_at", "status_note"])
    if new == rules.DELIVERED:
        _delivered(shipment, update, now)
    elif was == rules.SENT:
        _came_back(shipment)
    return Answer(200, "Đã cập nhật / updated")


def _delivered(shipment: Shipment, update, now) -> None:
    dossier = shipment.dossier
    if dossier.state != State.COMPLETED:  # handed over some other way meanwhile: keep the record only
        return
    dossier_services.perform(
        dossier, "return_result", None, now=now,
        received_by_name=update.receiver_name or shipment.recipient_name, received_by_id_number="",
        event_data={"receiver": "post", "tracking_number": shipment.tracking_number, "plugin": shipment.plugin})


def _came_back(shipment: Shipment) -> None:
    dossier = shipment.dossier
    notify.sms(dossier, f"post:{shipment.pk}:back",
               f"Buu chinh chua phat duoc ket qua ho so {dossier.code}. "
               f"Moi ong/ba den nhan tai {notify.place_name(dossier)}.")
