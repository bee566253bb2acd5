"""Core tables shared by every app."""

from django.db import models


class RateCounter(models.Model):
    """Bộ đếm giới hạn số lần thử: the tries of one identity (an address, a dossier code …) in its
    current fixed window, for ``core.ratelimit``. One row per identity and window length; the row
    is reset when a later window begins. On PostgreSQL the table is UNLOGGED (decision 0551)."""

    key = models.CharField(max_length=120, primary_key=True, help_text="scope:sha256(identity):window seconds")
    window_end = models.BigIntegerField(help_text="When the counted window closes, seconds since the epoch")
    count = models.PositiveIntegerField()

    class Meta:
        verbose_name = "bộ đếm giới hạn"
        verbose_name_plural = "bộ đếm giới hạn"
