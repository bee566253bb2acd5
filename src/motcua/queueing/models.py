"""Queue at the centre (xếp hàng, gọi số): services offered at the kiosk, priority categories,
tickets with one period per state, appointments, and the ticket ↔ dossier link.

Times are stored in UTC; a ticket's ``day`` is the centre's local day (Asia/Ho_Chi_Minh).
"""

import secrets

from django.conf import settings
from django.db import models

from .rules import Lane, PriorityMode, State
from .rules import label as ticket_label


class Icon(models.TextChoices):
    """Pictures on the kiosk buttons (static/queueing/icons/<name>.svg): drawn in the app, so a
    kiosk needs no emoji font."""

    DOCUMENT = "document", "Giấy tờ"
    FAMILY = "family", "Gia đình (hộ tịch)"
    HOUSE = "house", "Nhà, đất"
    BRIEFCASE = "briefcase", "Kinh doanh"
    IDCARD = "idcard", "Căn cước, cư trú"
    HEART = "heart", "Xã hội, y tế"
    CALENDAR = "calendar", "Lịch hẹn"
    TICKET = "ticket", "Số thứ tự"
    ELDER = "elder", "Người cao tuổi"
    PREGNANT = "pregnant", "Phụ nữ mang thai"
    WHEELCHAIR = "wheelchair", "Người khuyết tật"
    MEDAL = "medal", "Thương binh, bệnh binh"
    STAR = "star", "Người có công"


class ClosePolicy(models.TextChoices):
    """Hàng chờ lúc hết giờ: xóa, hay giữ sang ngày làm việc sau."""

    CLEAR = "clear", "Xóa hàng chờ cuối ngày"
    CARRY = "carry", "Giữ hàng chờ sang ngày sau"


class QueueSettings(models.Model):
    """Cấu hình xếp hàng của một trung tâm (one row per centre, created with defaults)."""

    centre = models.OneToOneField("organizations.Centre", on_delete=models.CASCADE, related_name="queue_settings")
    priority_mode = models.CharField("chính sách ưu tiên", max_length=10, choices=PriorityMode.CHOICES,
                                     default=PriorityMode.FIRST)
    close_policy = models.CharField("hàng chờ cuối ngày", max_length=5, choices=ClosePolicy.choices,
                                    default=ClosePolicy.CLEAR)
    remote_per_day = models.PositiveSmallIntegerField("số lấy trực tuyến mỗi người mỗi ngày", default=2)
    alert_ahead = models.PositiveSmallIntegerField(
        "báo tin nhắn khi còn", default=3, help_text="Send one SMS when this many people or fewer are ahead")

    class Meta:
        verbose_name = "cấu hình xếp hàng"
        verbose_name_plural = "cấu hình xếp hàng"

    def __str__(self):
        return f"Xếp hàng — {self.centre}"


class ServiceGroup(models.Model):
    """Nhóm dịch vụ shown at the kiosk: a centre's grouping of procedure fields (lĩnh vực)."""

    centre = models.ForeignKey("organizations.Centre", on_delete=models.CASCADE, related_name="service_groups")
    code = models.CharField("mã số", max_length=2, help_text="Printed before the number: code 1 gives 1001, 1002…")
    name = models.CharField("tên", max_length=120)
    icon = models.CharField("biểu tượng", max_length=12, choices=Icon.choices, default=Icon.DOCUMENT)
    fields = models.ManyToManyField("catalog.Field", blank=True, related_name="service_groups",
                                    verbose_name="lĩnh vực")
    counters = models.ManyToManyField("organizations.Counter", blank=True, related_name="service_groups",
                                      verbose_name="quầy phục vụ")
    position = models.PositiveSmallIntegerField("thứ tự", default=0)
    is_paused = models.BooleanField("tạm dừng cấp số", default=False)
    minutes_per_ticket = models.PositiveSmallIntegerField(
        "phút mỗi lượt (ước tính)", default=8, help_text="Used until today's served tickets give a measured average")
    slot_minutes = models.PositiveSmallIntegerField("độ dài khung giờ hẹn (phút)", default=30)
    appointments_per_counter = models.PositiveSmallIntegerField(
        "lịch hẹn mỗi quầy mỗi khung giờ", default=1, help_text="0: no appointments for this service")

    scope_unit_fields = ("centre__unit",)

    class Meta:
        verbose_name = "nhóm dịch vụ"
        verbose_name_plural = "nhóm dịch vụ"
        ordering = ["centre", "position", "code"]
        constraints = [models.UniqueConstraint(fields=["centre", "code"], name="service_group_code_per_centre")]

    def __str__(self):
        return f"{self.code} — {self.name}"


class PriorityCategory(models.Model):
    """Đối tượng ưu tiên: legal minimum (elderly, pregnant women, people with disabilities), and
    those a province adds (war invalids, sick soldiers, people with meritorious services…)."""

    code = models.SlugField("mã", max_length=30, unique=True)
    name = models.CharField("tên", max_length=120)
    icon = models.CharField("biểu tượng", max_length=12, choices=Icon.choices, default=Icon.STAR)
    position = models.PositiveSmallIntegerField("thứ tự", default=0)
    is_active = models.BooleanField("đang áp dụng", default=True)

    class Meta:
        verbose_name = "đối tượng ưu tiên"
        verbose_name_plural = "đối tượng ưu tiên"
        ordering = ["position", "code"]

    def __str__(self):
        return self.name


class TicketSequence(models.Model):
    """Last number given per centre, service and local day (upserted like dossier codes)."""

    group = models.ForeignKey(ServiceGroup, on_delete=models.CASCADE)
    day = models.DateField()
    last = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "day"], name="ticket_sequence_per_group_day")]


def new_token() -> str:
    return secrets.token_urlsafe(12)


class Ticket(models.Model):
    """Vé số thứ tự."""

    class Source(models.TextChoices):
        KIOSK = "kiosk", "Máy lấy số"
        REMOTE = "remote", "Lấy số trực tuyến"
        APPOINTMENT = "appointment", "Lịch hẹn"

    centre = models.ForeignKey("organizations.Centre", on_delete=models.PROTECT, related_name="tickets")
    group = models.ForeignKey(ServiceGroup, on_delete=models.PROTECT, related_name="tickets")
    day = models.DateField("ngày", help_text="The centre's local day the number belongs to")
    number = models.PositiveIntegerField("số thứ tự")
    label = models.CharField("số hiển thị", max_length=12)
    token = models.CharField(max_length=24, unique=True, default=new_token, editable=False,
                             help_text="Unguessable reference in the follow-my-number link")
    source = models.CharField("nguồn", max_length=12, choices=Source.choices, default=Source.KIOSK)
    priority = models.ForeignKey(PriorityCategory, null=True, blank=True, on_delete=models.PROTECT,
                                 verbose_name="đối tượng ưu tiên")
    lane = models.PositiveSmallIntegerField(default=Lane.NORMAL, help_text="0 priority, 1 appointment, 2 normal")
    state = models.CharField("trạng thái", max_length=10, choices=State.CHOICES, default=State.WAITING)
    queued_at = models.DateTimeField("vào hàng lúc", help_text="Place in the line; kept on transfer")
    created_at = models.DateTimeField("lấy số lúc")
    counter = models.ForeignKey("organizations.Counter", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="tickets", verbose_name="quầy")
    target_counter = models.ForeignKey("organizations.Counter", null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="+", help_text="Transferred to this counter only")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    citizen = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="queue_tickets", help_text="Account that took a remote number")
    phone = models.CharField("điện thoại nhận tin", max_length=15, blank=True)
    near_notified = models.BooleanField(default=False)
    calls = models.PositiveSmallIntegerField("số lần gọi", default=0)

    scope_unit_fields = ("centre__unit",)

    class Meta:
        verbose_name = "vé số thứ tự"
        verbose_name_plural = "vé số thứ tự"
        # The label keeps the service code it was issued under, also after a transfer.
        constraints = [models.UniqueConstraint(fields=["centre", "day", "label"], name="ticket_label_per_day")]
        indexes = [
            # call next: the waiting line of a centre in order
            models.Index(fields=["centre", "state", "lane", "queued_at"], name="ticket_line"),
            models.Index(fields=["centre", "day"], name="ticket_centre_day"),
            # the console's waiting count per service: only the waiting tickets, however long the history
            models.Index(fields=["group", "day"], condition=models.Q(state=State.WAITING), name="ticket_waiting_group"),
        ]

    def __str__(self):
        return f"{self.label} ({self.day:%d/%m/%Y})"

    def save(self, *args, **kwargs):
        if not self.label:
            self.label = ticket_label(self.group.code, self.number)
        super().save(*args, **kwargs)


class TicketPeriod(models.Model):
    """One stay of a ticket in one state (khoảng thời gian theo trạng thái): waiting and service
    times are sums of these, exact to the microsecond. The centre is copied here so that a display
    can tell "something changed" from one index lookup."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="periods")
    centre = models.ForeignKey("organizations.Centre", on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=10, choices=State.CHOICES)
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    counter = models.ForeignKey("organizations.Counter", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["centre", "started_at"], name="period_centre_time"),
                   models.Index(fields=["ticket", "ended_at"], name="period_open")]


class Appointment(models.Model):
    """Lịch hẹn: a place in a time slot of a service, booked from the portal."""

    class Status(models.TextChoices):
        BOOKED = "booked", "Đã đặt"
        CHECKED_IN = "checked_in", "Đã đến"
        NO_SHOW = "no_show", "Không đến"
        CANCELLED = "cancelled", "Đã hủy"

    group = models.ForeignKey(ServiceGroup, on_delete=models.PROTECT, related_name="appointments")
    starts_at = models.DateTimeField("bắt đầu")
    day = models.DateField("ngày")
    code = models.CharField("mã lịch hẹn", max_length=6, help_text="6 digits typed on the kiosk keypad")
    citizen = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="appointments")
    phone = models.CharField("điện thoại", max_length=15, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.BOOKED)
    ticket = models.OneToOneField(Ticket, null=True, blank=True, on_delete=models.SET_NULL, related_name="appointment")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "lịch hẹn"
        verbose_name_plural = "lịch hẹn"
        ordering = ["starts_at"]
        constraints = [models.UniqueConstraint(fields=["day", "code"], name="appointment_code_per_day")]
        indexes = [models.Index(fields=["group", "starts_at", "status"], name="appointment_slot")]


class TicketDossier(models.Model):
    """Hồ sơ tiếp nhận từ vé: the dossiers an officer received while serving a ticket."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="dossier_links")
    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.CASCADE, related_name="queue_tickets")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ticket", "dossier"], name="ticket_dossier_once")]
