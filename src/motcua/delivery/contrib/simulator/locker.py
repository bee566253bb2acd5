"""A locker whose doors are rows in the shared cache, for the demo and the tests (tủ giả lập).

``open`` marks a door open for MOTCUA_LOCKER_SIMULATOR_DOOR_SECONDS (a real door swings shut on
its spring); the simulator page shows each slot, empty or occupied, open or shut. ``set_down``
makes the controller stop answering, to show what the screen does then.
"""

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from ...base import BaseLockerHardware, Unavailable
from ...registry import hardware


def _door(locker_code: str, slot_number: int) -> str:
    return f"locker-sim:{locker_code}:{slot_number}"


def _down(locker_code: str) -> str:
    return f"locker-sim:down:{locker_code}"


@hardware.register("locker-simulator")
class LockerSimulator(BaseLockerHardware):
    verbose_name = "Tủ 24 giờ giả lập (demo) / locker simulator"
    demo = True

    @classmethod
    def from_settings(cls) -> "LockerSimulator":
        return cls()

    def open(self, locker, slot_number: int) -> None:
        if cache.get(_down(locker.code)):
            raise Unavailable("Bộ điều khiển tủ không phản hồi", "the locker controller does not answer")
        cache.set(_door(locker.code, slot_number), timezone.now().isoformat(),
                  timeout=settings.MOTCUA_LOCKER_SIMULATOR_DOOR_SECONDS)


def open_doors(locker, numbers) -> set[int]:
    """Which of the slots ``numbers`` of ``locker`` have their door open now."""
    found = cache.get_many([_door(locker.code, n) for n in numbers])
    return {n for n in numbers if _door(locker.code, n) in found}


def close(locker, slot_number: int) -> None:
    cache.delete(_door(locker.code, slot_number))


def set_down(locker, down: bool) -> None:
    if down:
        cache.set(_down(locker.code), True, timeout=None)
    else:
        cache.delete(_down(locker.code))
