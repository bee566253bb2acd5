"""The outbox (hộp thư đi): every message to the outside world is a row written in the same
transaction as the change that caused it, then delivered by the task workers with retries.

Used for SMS and e-mail to applicants and for sync with the National Public Service Portal.
"""

from django.db import models


class OutboxMessage(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Chờ gửi"
        SENT = "sent", "Đã gửi"
        RETRYING = "retrying", "Lỗi, sẽ gửi lại"
        DEAD = "dead", "Lỗi, ngừng gửi"

    channel = models.CharField("kênh", max_length=20, help_text="sms, email, dvcqg")
    key = models.CharField("khóa chống trùng", max_length=120, unique=True,
                           help_text="Delivered at most once per key: the receiver deduplicates on it too")
    ordering_key = models.CharField(max_length=80, help_text="Messages with one ordering key go out in seq order")
    seq = models.PositiveIntegerField()
    recipient = models.CharField("người nhận", max_length=200, blank=True)
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "thư đi"
        verbose_name_plural = "hộp thư đi"
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due"),
            models.Index(fields=["ordering_key", "seq"], name="outbox_order"),
        ]

    def __str__(self):
        return f"{self.channel} {self.key} ({self.get_status_display()})"
