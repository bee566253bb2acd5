"""Returning results (trả kết quả): postal shipments, 24-hour lockers, and the store of electronic
results kept for reuse. The counter hand-over itself is the dossier's ``return_result`` action."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q


class Shipment(models.Model):
    """Bưu gửi kết quả: one result sent by post, tracked by the postal service's number."""

    class Status(models.TextChoices):
        SENT = "sent", "Đã giao bưu chính"
        DELIVERED = "delivered", "Đã phát thành công"
        FAILED = "failed", "Phát không thành công"
        RETURNED = "returned", "Chuyển hoàn về trung tâm"

    ACTIVE = (Status.SENT,)

    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.PROTECT, related_name="shipments")
    plugin = models.CharField("dịch vụ bưu chính", max_length=40)
    tracking_number = models.CharField("số hiệu bưu gửi", max_length=40)
    recipient_name = models.CharField("người nhận", max_length=200)
    recipient_phone = models.CharField("điện thoại người nhận", max_length=15)
    address = models.CharField("địa chỉ nhận", max_length=300)
    status = models.CharField("trạng thái", max_length=10, choices=Status.choices, default=Status.SENT)
    status_note = models.CharField("ghi chú của bưu chính", max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    status_at = models.DateTimeField("cập nhật lúc", null=True, blank=True)

    scope_unit_fields = ("dossier__unit",)

    class Meta:
        verbose_name = "bưu gửi kết quả"
        verbose_name_plural = "bưu gửi kết quả"
        constraints = [
            models.UniqueConstraint(fields=["plugin", "tracking_number"], name="shipment_tracking_once"),
            # One parcel on its way per dossier: a second one only after the first came back.
            models.UniqueConstraint(fields=["dossier"], condition=Q(status="sent"), name="shipment_one_active"),
        ]

    def __str__(self):
        return f"{self.tracking_number} ({self.get_status_display()})"


class ShipmentEvent(models.Model):
    """A status update the postal service sent (webhook), kept whether it changed anything or not.

    ``event_id`` is the service's own id for the update: a replayed webhook is recognised by it.
    """

    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="events")
    event_id = models.CharField(max_length=80)
    status = models.CharField(max_length=10, choices=Shipment.Status.choices)
    at = models.DateTimeField("thời điểm theo bưu chính")
    note = models.CharField(max_length=300, blank=True)
    applied = models.BooleanField(default=True, help_text="False: recorded only (out of order or after the end)")
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["shipment", "at", "pk"]
        constraints = [models.UniqueConstraint(fields=["shipment", "event_id"], name="shipment_event_once")]


class Locker(models.Model):
    """Tủ nhận kết quả 24 giờ at a centre; its screen is the kiosk page /tu-ket-qua/<code>/."""

    centre = models.ForeignKey("organizations.Centre", on_delete=models.PROTECT, related_name="lockers")
    code = models.SlugField("mã tủ", max_length=40, unique=True)
    name = models.CharField("tên tủ", max_length=200)
    location = models.CharField("vị trí đặt tủ", max_length=200, blank=True)
    device_address = models.CharField("địa chỉ thiết bị", max_length=200, blank=True,
                                      help_text="Passed to the locker-hardware plugin (e.g. its controller URL)")
    is_active = models.BooleanField("đang hoạt động", default=True)

    scope_unit_fields = ("centre__unit",)

    class Meta:
        verbose_name = "tủ nhận kết quả 24 giờ"
        verbose_name_plural = "tủ nhận kết quả 24 giờ"

    def __str__(self):
        return self.name


class LockerSlot(models.Model):
    """Một ô tủ. Whether it is occupied follows from its placements, never from a flag."""

    locker = models.ForeignKey(Locker, on_delete=models.CASCADE, related_name="slots")
    number = models.PositiveSmallIntegerField("số ô")
    label = models.CharField("nhãn ô", max_length=10, blank=True, help_text="As printed on the door, e.g. A03")
    is_enabled = models.BooleanField("đang dùng được", default=True)

    class Meta:
        verbose_name = "ô tủ"
        verbose_name_plural = "ô tủ"
        ordering = ["locker", "number"]
        constraints = [models.UniqueConstraint(fields=["locker", "number"], name="locker_slot_once")]

    def __str__(self):
        return self.label or f"{self.number:02d}"


class Placement(models.Model):
    """Lượt đặt kết quả vào ô tủ, with the one-time code (stored only as a keyed hash)."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Chờ công dân lấy"
        LOCKED = "locked", "Khóa do nhập sai mã nhiều lần"
        COLLECTED = "collected", "Công dân đã lấy"
        EXPIRED = "expired", "Quá hạn, chờ thu hồi về quầy"
        RECALLED = "recalled", "Đã thu hồi về quầy"

    IN_SLOT = (Status.WAITING, Status.LOCKED, Status.EXPIRED)  # the result is physically in the slot

    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.PROTECT, related_name="placements")
    slot = models.ForeignKey(LockerSlot, on_delete=models.PROTECT, related_name="placements")
    status = models.CharField("trạng thái", max_length=10, choices=Status.choices, default=Status.WAITING)
    code_hash = models.CharField(max_length=64)
    code_expires_at = models.DateTimeField("mã hết hạn lúc")
    failed_attempts = models.PositiveSmallIntegerField("số lần nhập sai", default=0)
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    placed_at = models.DateTimeField("đặt vào tủ lúc")
    closed_at = models.DateTimeField("kết thúc lúc", null=True, blank=True)

    class Meta:
        verbose_name = "lượt đặt kết quả vào tủ"
        verbose_name_plural = "lượt đặt kết quả vào tủ"
        constraints = [
            models.UniqueConstraint(fields=["slot"], condition=Q(status__in=["waiting", "locked", "expired"]),
                                    name="placement_one_per_slot"),
            models.UniqueConstraint(fields=["dossier"], condition=Q(status__in=["waiting", "locked", "expired"]),
                                    name="placement_one_per_dossier"),
        ]


class LockerOpening(models.Model):
    """Nhật ký mở tủ: every time a door was opened, why, and by whom (or from which screen)."""

    class Reason(models.TextChoices):
        PLACE = "place", "Cán bộ đặt kết quả"
        COLLECT = "collect", "Công dân lấy kết quả"
        RECALL = "recall", "Cán bộ thu hồi về quầy"

    slot = models.ForeignKey(LockerSlot, on_delete=models.PROTECT, related_name="openings")
    placement = models.ForeignKey(Placement, null=True, on_delete=models.PROTECT, related_name="openings")
    reason = models.CharField(max_length=10, choices=Reason.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    client = models.CharField("máy / địa chỉ", max_length=64, blank=True)
    at = models.DateTimeField()

    scope_unit_fields = ("slot__locker__centre__unit",)

    class Meta:
        verbose_name = "lần mở tủ"
        verbose_name_plural = "nhật ký mở tủ"
        ordering = ["-at", "-pk"]


class StoredResult(models.Model):
    """Kết quả điện tử lưu để tái sử dụng (kho kết quả số hóa): a result file of a finished dossier,
    kept under the holder's ID number so later dossiers can reuse it (indicators 4.1, 4.3)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    attachment = models.OneToOneField("dossiers.Attachment", on_delete=models.PROTECT, related_name="stored_result")
    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.PROTECT, related_name="stored_results")
    unit = models.ForeignKey("organizations.Unit", on_delete=models.PROTECT, related_name="+")
    holder_id_number = models.CharField("số định danh chủ kết quả", max_length=14, db_index=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="stored_results")
    name = models.CharField("tên giấy tờ kết quả", max_length=300)
    issued_at = models.DateTimeField("ngày cấp")

    class Meta:
        verbose_name = "kết quả điện tử"
        verbose_name_plural = "kho kết quả điện tử"
        indexes = [models.Index(fields=["unit", "issued_at"], name="stored_result_unit")]


class ResultReuse(models.Model):
    """A stored result used again as a document of a later dossier (tái sử dụng kết quả số hóa)."""

    stored = models.ForeignKey(StoredResult, on_delete=models.PROTECT, related_name="reuses")
    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.CASCADE, related_name="reused_results")
    attachment = models.OneToOneField("dossiers.Attachment", on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["stored", "dossier"], name="result_reused_once")]
