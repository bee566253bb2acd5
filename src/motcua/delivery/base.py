"""What the outside-world plugins of result delivery implement: a postal service (dịch vụ bưu
chính) and a locker's hardware (bộ điều khiển tủ). Each has a working simulator in contrib/."""

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar


class DeliveryError(Exception):
    """A plugin failure, explained: Vietnamese first, then English."""

    def __init__(self, vi: str, en: str):
        super().__init__(f"{vi} / {en}")
        self.message_vi, self.message_en = vi, en


class Unavailable(DeliveryError):
    """The service or device did not answer (timeout, refused, 5xx): nothing happened, try again."""


class BadMessage(DeliveryError):
    """A webhook that is unsigned, signed wrongly, too old, or not readable."""


# --- postal service ------------------------------------------------------------------------------

@dataclass(frozen=True)
class ShipmentRequest:
    """What the post needs to carry one result: ``reference`` is the dossier code."""

    reference: str
    recipient_name: str
    recipient_phone: str
    address: str
    sender: str  # the centre, as printed on the parcel


@dataclass(frozen=True)
class StatusUpdate:
    """A verified status report from the post (báo phát)."""

    event_id: str
    tracking_number: str
    status: str  # delivered | failed | returned
    at: datetime  # aware
    receiver_name: str = ""  # who signed for it, when delivered
    note: str = ""


class BasePostalService(ABC):
    """One postal service. Subclasses register with ``@postal.register("identifier")``."""

    identifier: ClassVar[str]
    verbose_name: ClassVar[str]
    demo: ClassVar[bool] = False  # only used when MOTCUA_ENABLE_DEMO_PLUGINS is on

    @classmethod
    @abstractmethod
    def from_settings(cls) -> "BasePostalService":
        """Build the plugin from Django settings; ImproperlyConfigured when they are incomplete."""

    @abstractmethod
    def create_shipment(self, request: ShipmentRequest) -> str:
        """Book the pick-up and return the tracking number (số hiệu bưu gửi); Unavailable on failure."""

    @abstractmethod
    def parse_update(self, headers: Mapping[str, str], body: bytes, now: datetime) -> StatusUpdate:
        """Verify and read a status webhook; BadMessage for anything not signed by the post."""


# --- locker hardware -----------------------------------------------------------------------------

class BaseLockerHardware(ABC):
    """The controller of a locker's doors. Subclasses register with ``@hardware.register("id")``."""

    identifier: ClassVar[str]
    verbose_name: ClassVar[str]
    demo: ClassVar[bool] = False

    @classmethod
    @abstractmethod
    def from_settings(cls) -> "BaseLockerHardware":
        """Build the plugin from Django settings."""

    @abstractmethod
    def open(self, locker, slot_number: int) -> None:
        """Unlatch the door of ``slot_number`` of ``locker`` (a Locker row: code, device_address).
        Raise Unavailable when the controller does not confirm: the caller then records nothing."""
