"""The production ReplayGuard (chống phát lại): a table with one unique row per key.

`first_time` inserts the key inside a savepoint: a second insert of the same key fails on the
unique index, which is the "seen before" answer, atomically even across processes and machines.
Called inside the webhook's transaction (webhooks.receive_webhook), so a booking that fails rolls
its keys back with it and the gateway's retry is accepted (decision 0183).
"""

from django.db import IntegrityError, transaction

from .models import ReplayKey


class DatabaseReplayGuard:
    def first_time(self, key: str) -> bool:
        try:
            with transaction.atomic():
                ReplayKey.objects.create(key=key)
        except IntegrityError:
            return False
        return True
