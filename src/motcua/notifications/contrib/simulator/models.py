"""The simulated receivers' own state: what they accepted, and how they are misbehaving now."""

from django.db import models


class ReceivedMessage(models.Model):
    """A message the simulated SMS gateway or national portal accepted (deduplicated by key)."""

    channel = models.CharField(max_length=20)
    key = models.CharField(max_length=120, unique=True)
    ordering_key = models.CharField(max_length=80)
    seq = models.PositiveIntegerField()
    payload = models.JSONField()
    received_at = models.DateTimeField(auto_now_add=True)
    deliveries = models.PositiveIntegerField(default=1, help_text="How many times the sender delivered it")

    class Meta:
        ordering = ["id"]


class Mode(models.Model):
    """How a simulated receiver behaves: up, down (connection refused), error (HTTP 500), timeout,
    reject (HTTP 400: permanent), or lose_reply (accepts, but the sender never hears back)."""

    channel = models.CharField(max_length=20, unique=True)
    mode = models.CharField(max_length=12, default="up")
