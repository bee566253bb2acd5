"""Hearing citizens: satisfaction ratings of dossiers, and petitions and questions (phản ánh, kiến
nghị, hỏi đáp — PAKN) with their statutory deadlines, answers, publication and likes."""

import uuid

from django.conf import settings
from django.db import models


class Verdict(models.TextChoices):
    """Like / dislike, as the national portal counts satisfaction."""

    LIKE = "like", "Hài lòng"
    DISLIKE = "dislike", "Không hài lòng"


class Rating(models.Model):
    """Đánh giá mức độ hài lòng: one per dossier, after its result, about its unit and officer."""

    class Channel(models.TextChoices):
        PORTAL = "portal", "Cổng dịch vụ công"
        SMS = "sms", "Liên kết trong tin nhắn"
        TABLET = "tablet", "Máy tính bảng tại quầy"

    dossier = models.OneToOneField("dossiers.Dossier", on_delete=models.CASCADE, related_name="rating")
    unit = models.ForeignKey("organizations.Unit", on_delete=models.PROTECT, related_name="+")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="ratings", help_text="The officer who handed over the result")
    channel = models.CharField("kênh đánh giá", max_length=10, choices=Channel.choices)
    overall = models.CharField("đánh giá chung", max_length=8, choices=Verdict.choices)
    attitude = models.CharField("thái độ cán bộ", max_length=8, choices=Verdict.choices, blank=True)
    timeliness = models.CharField("thời gian giải quyết", max_length=8, choices=Verdict.choices, blank=True)
    guidance = models.CharField("hướng dẫn rõ ràng", max_length=8, choices=Verdict.choices, blank=True)
    comment = models.TextField("góp ý", max_length=1000, blank=True)
    created_at = models.DateTimeField()

    scope_unit_fields = ("unit",)

    class Meta:
        verbose_name = "đánh giá hài lòng"
        verbose_name_plural = "đánh giá hài lòng"
        indexes = [models.Index(fields=["unit", "created_at"], name="rating_unit_time"),
                   models.Index(fields=["officer", "created_at"], name="rating_officer_time")]


class TabletInvitation(models.Model):
    """The counter officer asks the applicant in front of them to rate on the counter's tablet."""

    counter = models.ForeignKey("organizations.Counter", on_delete=models.CASCADE, related_name="+")
    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.CASCADE, related_name="+")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["counter", "-created_at"], name="tablet_counter_latest")]


class Meeting(models.Model):
    """A meeting where staff take citizens' questions: "Ngày thứ Bảy lắng nghe", a mobile team."""

    class Kind(models.TextChoices):
        LISTENING_SATURDAY = "saturday", "Ngày thứ Bảy lắng nghe"
        MOBILE_TEAM = "mobile", "Tổ một cửa lưu động"
        DIALOGUE = "dialogue", "Hội nghị đối thoại, tiếp công dân"

    unit = models.ForeignKey("organizations.Unit", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("hình thức", max_length=10, choices=Kind.choices)
    held_on = models.DateField("ngày")
    place = models.CharField("địa điểm", max_length=200)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.get_kind_display()} {self.held_on:%d/%m/%Y} — {self.place}"


class Petition(models.Model):
    """Phản ánh, kiến nghị, câu hỏi (PAKN) about a unit: its deadlines are stored when received."""

    class Kind(models.TextChoices):
        FEEDBACK = "feedback", "Phản ánh"
        RECOMMENDATION = "recommend", "Kiến nghị"
        QUESTION = "question", "Câu hỏi"

    class Classification(models.TextChoices):
        """Decision 766, indicator 5.1."""

        PROCEDURE = "procedure", "Quy định hành chính, thủ tục hành chính"
        OFFICER = "officer", "Hành vi hành chính của cán bộ, công chức"

    class Source(models.TextChoices):
        ONLINE = "online", "Gửi trực tuyến"
        BOX = "box", "Hòm thư góp ý"
        HOTLINE = "hotline", "Đường dây nóng"
        MEETING = "meeting", "Buổi tiếp, đối thoại với công dân"

    class Status(models.TextChoices):
        RECEIVED = "received", "Đã tiếp nhận"
        PROCESSING = "processing", "Đang xử lý"
        INFO_REQUESTED = "info", "Chờ người gửi bổ sung thông tin"
        REFUSED = "refused", "Từ chối xử lý"
        ANSWERED = "answered", "Đã trả lời"

    OPEN = (Status.RECEIVED, Status.PROCESSING, Status.INFO_REQUESTED)

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    province = models.ForeignKey("organizations.Province", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("organizations.Unit", on_delete=models.PROTECT, related_name="petitions",
                             help_text="The unit the petition is about, which must handle it")
    dossier = models.ForeignKey("dossiers.Dossier", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="petitions")
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="petitions")
    kind = models.CharField("loại", max_length=10, choices=Kind.choices)
    classification = models.CharField("phân loại", max_length=10, choices=Classification.choices)
    source = models.CharField("nguồn", max_length=10, choices=Source.choices)
    status = models.CharField("trạng thái", max_length=10, choices=Status.choices, default=Status.RECEIVED)

    sender_name = models.CharField("người gửi", max_length=200, blank=True)
    sender_phone = models.CharField("điện thoại", max_length=15, blank=True)
    sender_email = models.EmailField("thư điện tử", blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="petitions")
    title = models.CharField("tiêu đề", max_length=200)
    content = models.TextField("nội dung", max_length=5000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+",
                                    help_text="The staff member who entered it (box, hotline, meeting)")

    received_at = models.DateTimeField("ngày tiếp nhận")
    refuse_due_at = models.DateTimeField("hạn từ chối")
    info_due_at = models.DateTimeField("hạn yêu cầu bổ sung")
    answer_due_at = models.DateTimeField("hạn xử lý")
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="assigned_petitions")
    info_request = models.TextField("nội dung yêu cầu bổ sung", blank=True)
    info_requested_at = models.DateTimeField(null=True, blank=True)
    info_reply = models.TextField("thông tin bổ sung", blank=True)
    refusal_reason = models.TextField("lý do từ chối", blank=True)
    answer = models.TextField("trả lời", blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    to_publish = models.BooleanField("công khai câu trả lời", default=False)
    publish_due_at = models.DateTimeField("hạn công khai", null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    search_text = models.TextField(blank=True, help_text="Title, question and answer folded (core.text.fold) "
                                                         "when published, so a search typed without accents finds it")
    reopened_at = models.DateTimeField("phản ánh lại lúc", null=True, blank=True)
    reopen_reason = models.TextField("lý do phản ánh lại", blank=True)
    finished_at = models.DateTimeField(null=True, blank=True, help_text="Answered or refused")
    late = models.BooleanField("đã quá hạn", default=False, help_text="A deadline was missed at some step")

    scope_unit_fields = ("unit",)
    scope_owner_fields = ("owner",)

    class Meta:
        verbose_name = "phản ánh, kiến nghị"
        verbose_name_plural = "phản ánh, kiến nghị"
        indexes = [models.Index(fields=["unit", "received_at"], name="petition_unit_received"),
                   models.Index(fields=["unit", "status", "answer_due_at"], name="petition_inbox"),
                   models.Index(fields=["published_at"], name="petition_published")]

    def __str__(self):
        return f"{self.code} {self.title}"

    @property
    def code(self) -> str:
        """Số phản ánh, as read over the phone: PA + the row number."""
        return f"PA{self.pk:06d}" if self.pk else ""

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class PetitionEvent(models.Model):
    """What happened to a petition (nhật ký xử lý PAKN)."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=20)
    note = models.TextField(blank=True)

    LABELS = {"receive": "Tiếp nhận", "classify": "Phân loại", "assign": "Giao xử lý",
              "request_info": "Yêu cầu bổ sung thông tin", "provide_info": "Người gửi bổ sung thông tin",
              "refuse": "Từ chối xử lý", "answer": "Trả lời", "publish": "Công khai câu trả lời",
              "reopen": "Người gửi phản ánh lại"}

    class Meta:
        ordering = ["petition", "at", "pk"]

    @property
    def label(self) -> str:
        return self.LABELS.get(self.action, self.action)


class AnswerVote(models.Model):
    """A like or dislike of an answer, by the sender or by readers of the published answer.

    ``voter`` is a keyed hash of the reader's session, or "sender": one vote each, changeable."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="votes")
    voter = models.CharField(max_length=64)
    verdict = models.CharField(max_length=8, choices=Verdict.choices)
    at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["petition", "voter"], name="answer_vote_once")]
