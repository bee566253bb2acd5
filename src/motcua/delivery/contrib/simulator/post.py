"""A postal service that behaves like the real one, for the demo and the tests (bưu chính giả lập).

It books shipments (tracking numbers in the EMS style, "EB123456789VN") and, playing the post
office, signs status reports the way a real service signs its webhooks. Those reports are checked
by the same ``parse_update`` and applied by the same service code as a real service's.
"""

import secrets
import uuid
from collections.abc import Mapping
from datetime import datetime, timedelta

from django.conf import settings

from motcua.payments.base import PaymentError
from motcua.payments.contrib.signed_json import HmacScheme, SignedMessage, dump, load, moment, text

from ...base import BadMessage, BasePostalService, ShipmentRequest, StatusUpdate
from ...registry import postal

STATUSES = ("delivered", "failed", "returned")


def scheme() -> HmacScheme:
    return HmacScheme(settings.MOTCUA_POST_SIMULATOR_SECRET.encode(), window=timedelta(minutes=5))


@postal.register("post-simulator")
class PostSimulator(BasePostalService):
    verbose_name = "Bưu chính giả lập (demo) / postal simulator"
    demo = True

    def __init__(self, signing: HmacScheme):
        self.signing = signing

    @classmethod
    def from_settings(cls) -> "PostSimulator":
        return cls(scheme())

    def create_shipment(self, request: ShipmentRequest) -> str:
        return f"EB{secrets.randbelow(10**9):09d}VN"

    def parse_update(self, headers: Mapping[str, str], body: bytes, now: datetime) -> StatusUpdate:
        try:
            self.signing.verify(headers, body, now)
            data = load(body)
            status = text(data, "status")
            if status not in STATUSES:
                raise BadMessage(f"Trạng thái bưu gửi lạ: {status!r}", f"unknown shipment status {status!r}")
            return StatusUpdate(event_id=text(data, "event_id"), tracking_number=text(data, "tracking_number"),
                                status=status, at=moment(data, "at"),
                                receiver_name=text(data, "receiver_name", required=False),
                                note=text(data, "note", required=False))
        except PaymentError as err:  # the shared signed-JSON helpers speak payment errors
            vi, _, en = str(err).partition(" / ")
            raise BadMessage(vi, en) from err

    # --- the post office's side ---

    def report(self, tracking_number: str, status: str, at: datetime, *, receiver_name: str = "",
               note: str = "", event_id: str = "") -> SignedMessage:
        """A signed status report, as the post would send it to the webhook."""
        body = dump({"event_id": event_id or uuid.uuid4().hex, "tracking_number": tracking_number,
                     "status": status, "at": at.isoformat(), "receiver_name": receiver_name, "note": note})
        return self.signing.sign(body, at)
