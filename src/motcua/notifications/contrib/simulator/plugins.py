"""Simulated SMS gateway and national portal (Cổng DVCQG) behind the same channel interface as
the real ones, so the demo and tests run the real outbox code path, failures included."""

import time

from django.db import IntegrityError, transaction
from django.db.models import F

from motcua.notifications.base import BaseChannel, PermanentError, TransientError
from motcua.notifications.registry import register

from .models import Mode, ReceivedMessage


def set_mode(channel: str, mode: str) -> None:
    Mode.objects.update_or_create(channel=channel, defaults={"mode": mode})


class SimulatedReceiver(BaseChannel):
    channel = ""
    timeout_seconds = 0.05

    def send(self, message):
        mode = Mode.objects.filter(channel=self.channel).values_list("mode", flat=True).first() or "up"
        if mode == "down":
            raise TransientError("connection refused")
        if mode == "error":
            raise TransientError("HTTP 500 Internal Server Error")
        if mode == "timeout":
            time.sleep(self.timeout_seconds)
            raise TransientError("read timed out")
        if mode == "reject":
            raise PermanentError("HTTP 400: payload rejected")
        self._accept(message)
        if mode == "lose_reply":
            raise TransientError("connection reset before the reply")

    def _accept(self, message):
        # The receiver commits on its own side whatever happens to the sender afterwards.
        try:
            with transaction.atomic():
                ReceivedMessage.objects.create(channel=self.channel, key=message.key,
                                               ordering_key=message.ordering_key, seq=message.seq,
                                               payload=message.payload)
        except IntegrityError:
            ReceivedMessage.objects.filter(key=message.key).update(deliveries=F("deliveries") + 1)


@register("sms-simulator")
class SmsSimulator(SimulatedReceiver):
    channel = "sms"
    verbose_name = "SMS (mô phỏng)"


@register("dvcqg-simulator")
class PortalSimulator(SimulatedReceiver):
    channel = "dvcqg"
    verbose_name = "Cổng DVCQG (mô phỏng)"
