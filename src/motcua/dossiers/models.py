"""Dossiers (hồ sơ), their internal steps, attachments and the append-only event log."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Channel

from .workflow import State


class ApplicantKind(models.TextChoices):
    CITIZEN = "citizen", _("Công dân")
    BUSINESS = "business", _("Tổ chức, doanh nghiệp")


class Delivery(models.TextChoices):
    """Hình thức nhận kết quả."""

    COUNTER = "counter", _("Tại quầy")
    POST = "post", _("Qua bưu chính")
    LOCKER = "locker", _("Tủ nhận kết quả 24 giờ")
    ELECTRONIC = "electronic", _("Bản điện tử")


class SubmittedVia(models.TextChoices):
    SELF = "self", _("Tự nộp")
    COUNTER = "counter", _("Tại quầy một cửa")
    DIGITAL_GUIDE = "digital_guide", _("Hỗ trợ viên nộp thay")
    POSTAL_AGENT = "postal_agent", _("Nhân viên bưu điện nộp thay")


class Timeliness(models.TextChoices):
    EARLY = "early", _("Trước hạn")
    ON_TIME = "on_time", _("Đúng hạn")
    LATE = "late", _("Trễ hạn")


class Dossier(models.Model):
    """Hồ sơ thủ tục hành chính.

    ``due_at`` (ngày hẹn trả) and ``badly_overdue_at`` are stored so that lists and dashboards
    filter overdue dossiers with an index instead of computing deadlines per row.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField("mã hồ sơ", max_length=40, unique=True, null=True, blank=True)
    procedure = models.ForeignKey("catalog.Procedure", on_delete=models.PROTECT, related_name="dossiers")
    province = models.ForeignKey("organizations.Province", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("organizations.Unit", on_delete=models.PROTECT, related_name="dossiers",
                             help_text="Receiving unit (đơn vị tiếp nhận)")
    current_unit = models.ForeignKey("organizations.Unit", on_delete=models.PROTECT, related_name="+",
                                     help_text="Unit handling the current step (changes on liên thông)")
    centre = models.ForeignKey("organizations.Centre", null=True, blank=True, on_delete=models.PROTECT)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children",
                               help_text="The bundle dossier this one belongs to")

    channel = models.CharField("kênh nộp", max_length=10, choices=Channel.choices)
    submitted_via = models.CharField("người nộp", max_length=20, choices=SubmittedVia.choices,
                                     default=SubmittedVia.SELF)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="dossiers", help_text="The applicant's account, when they have one")

    applicant_kind = models.CharField("loại chủ hồ sơ", max_length=10, choices=ApplicantKind.choices,
                                      default=ApplicantKind.CITIZEN)
    applicant_name = models.CharField("chủ hồ sơ", max_length=200)
    applicant_id_number = models.CharField("số định danh / mã số thuế", max_length=14)
    applicant_phone = models.CharField("điện thoại", max_length=15, blank=True)
    applicant_email = models.EmailField("thư điện tử", blank=True)
    applicant_address = models.CharField("địa chỉ", max_length=300, blank=True)
    summary = models.CharField("trích yếu", max_length=500, blank=True)
    delivery = models.CharField("nhận kết quả", max_length=12, choices=Delivery.choices, default=Delivery.COUNTER)

    state = models.CharField("trạng thái", max_length=24, choices=State.CHOICES, default=State.DRAFT)
    national_status = models.PositiveSmallIntegerField("mã trạng thái quốc gia", null=True, blank=True)
    step_position = models.PositiveSmallIntegerField("bước hiện tại", default=0)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="assigned_dossiers")

    duration = models.DecimalField("thời hạn", max_digits=8, decimal_places=2, null=True, blank=True)
    duration_unit = models.CharField("đơn vị thời hạn", max_length=20, blank=True)
    submitted_at = models.DateTimeField("ngày nộp", null=True, blank=True)
    received_at = models.DateTimeField("ngày tiếp nhận", null=True, blank=True, db_index=True)
    due_at = models.DateTimeField("ngày hẹn trả", null=True, blank=True)
    original_due_at = models.DateTimeField("ngày hẹn trả ban đầu", null=True, blank=True)
    badly_overdue_at = models.DateTimeField("quá hạn nghiêm trọng từ", null=True, blank=True)
    paused_at = models.DateTimeField("tạm dừng tính thời gian từ", null=True, blank=True)
    finished_at = models.DateTimeField("ngày kết thúc xử lý", null=True, blank=True)
    returned_at = models.DateTimeField("ngày trả kết quả", null=True, blank=True)

    supplement_count = models.PositiveSmallIntegerField("số lần yêu cầu bổ sung", default=0)
    extension_count = models.PositiveSmallIntegerField("số lần xin lỗi, gia hạn", default=0)
    counts_as_late = models.BooleanField(
        "tính là trễ hạn", default=False,
        help_text="Set by a second supplement request or an extension: late whatever the finish time",
    )
    timeliness = models.CharField("kết quả đúng hạn", max_length=8, choices=Timeliness.choices, blank=True)

    result_summary = models.TextField("kết quả giải quyết", blank=True)
    received_by_name = models.CharField("người nhận kết quả", max_length=200, blank=True)
    received_by_id_number = models.CharField("giấy tờ người nhận", max_length=20, blank=True)
    is_paper_backfill = models.BooleanField("nhập bù hồ sơ giấy", default=False)

    version = models.PositiveIntegerField(default=0, help_text="Optimistic lock")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    scope_unit_fields = ("unit", "current_unit")  # accounts.permissions: where it belongs
    scope_owner_fields = ("owner", "created_by")  # who sees it without a role there

    class Meta:
        verbose_name = "hồ sơ"
        verbose_name_plural = "hồ sơ"
        indexes = [
            models.Index(fields=["current_unit", "state", "due_at"], name="dossier_inbox"),
            models.Index(fields=["unit", "received_at"], name="dossier_unit_received"),
            models.Index(fields=["owner", "-created_at"], name="dossier_owner"),
            models.Index(fields=["assignee", "state"], name="dossier_assignee"),
            # "Việc của tôi" reads the unmarked dossiers of a unit: without this the database joins the
            # unit's index with every unmarked dossier of the installation (grows with the table).
            models.Index(fields=["current_unit", "state", "due_at"], condition=models.Q(assignee__isnull=True),
                         name="dossier_inbox_unmarked"),
        ]

    def __str__(self):
        return self.code or f"{self.procedure.code} ({self.get_state_display()})"

    @property
    def is_open(self) -> bool:
        return self.state in State.OPEN

    @property
    def is_paused(self) -> bool:
        return self.paused_at is not None


class DossierStep(models.Model):
    """One internal step of a dossier with its personal deadline (hạn xử lý của bước)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=300)
    role = models.CharField(max_length=30)
    unit = models.ForeignKey("organizations.Unit", on_delete=models.PROTECT, related_name="+")
    working_hours = models.DecimalField(max_digits=8, decimal_places=2)
    started_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")

    class Meta:
        ordering = ["dossier", "position"]
        constraints = [models.UniqueConstraint(fields=["dossier", "position"], name="dossier_step_once")]


class Attachment(models.Model):
    """A file of a dossier: a submitted document, a supplement, or the result."""

    class Kind(models.TextChoices):
        SUBMISSION = "submission", _("Thành phần hồ sơ")
        SUPPLEMENT = "supplement", _("Hồ sơ bổ sung")
        RESULT = "result", _("Kết quả giải quyết")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.SUBMISSION)
    document = models.ForeignKey("catalog.RequiredDocument", null=True, blank=True, on_delete=models.SET_NULL)
    name = models.CharField("tên tệp", max_length=200)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    storage_name = models.CharField(max_length=300, help_text="Path under MEDIA_ROOT (never served directly)")
    is_digitised = models.BooleanField("đã số hóa", default=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)


class DossierEvent(models.Model):
    """Append-only log (nhật ký xử lý): who did what, when, from which step to which.

    Each row carries the hash of the previous row of the same dossier, so any later edit or
    deletion breaks the chain (checked by ``motcua audit verify``).
    """

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="events")
    seq = models.PositiveIntegerField()
    at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    actor_name = models.CharField(max_length=200, blank=True)
    actor_role = models.CharField(max_length=30, blank=True)
    unit = models.ForeignKey("organizations.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=30)
    from_state = models.CharField(max_length=24, blank=True)
    to_state = models.CharField(max_length=24, blank=True)
    from_step = models.PositiveSmallIntegerField(null=True, blank=True)
    to_step = models.PositiveSmallIntegerField(null=True, blank=True)
    comment = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["dossier", "seq"]
        constraints = [models.UniqueConstraint(fields=["dossier", "seq"], name="dossier_event_seq")]


class CodeSequence(models.Model):
    """Daily dossier numbering per receiving unit (STT trong ngày), allocated without gaps."""

    unit = models.ForeignKey("organizations.Unit", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "day"], name="code_sequence_unit_day")]


class IdempotencyKey(models.Model):
    """Remembers API submissions by their Idempotency-Key so that a retry returns the same dossier."""

    key = models.CharField(max_length=100)
    owner_key = models.CharField(max_length=100, help_text="Who sent it (user id or API client)")
    request_hash = models.CharField(max_length=64)
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner_key", "key"], name="idempotency_key_once")]
