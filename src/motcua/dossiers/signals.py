"""Sent inside the transaction of every dossier change, so receivers (sync outbox, notifications,
monitoring facts) write their rows atomically with the change."""

from django.dispatch import Signal

# kwargs: dossier, event (DossierEvent)
dossier_changed = Signal()
