"""The procedure catalogue (danh mục thủ tục hành chính, TTHC).

One ``Procedure`` per national code (``1.001193``); per channel its processing time and fees;
its required documents, internal process steps and, for linked bundles (liên thông), members.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    """Hình thức nộp (KenhThucHien: 1 trực tiếp, 2 trực tuyến, 3 bưu chính công ích)."""

    DIRECT = "direct", _("Trực tiếp")
    ONLINE = "online", _("Trực tuyến")
    POSTAL = "postal", _("Dịch vụ bưu chính")


class DurationUnit(models.TextChoices):
    WORKING_DAYS = "working-days", _("Ngày làm việc")
    WORKING_HOURS = "working-hours", _("Giờ làm việc")
    DAYS = "days", _("Ngày")
    MONTHS = "months", _("Tháng")


class Level(models.TextChoices):
    """Cấp thực hiện."""

    MINISTRY = "ministry", _("Cấp bộ")
    PROVINCE = "province", _("Cấp tỉnh")
    COMMUNE = "commune", _("Cấp xã")
    OTHER = "other", _("Cơ quan khác")


class OnlineLevel(models.TextChoices):
    """Mức độ dịch vụ công trực tuyến (NĐ 42/2022)."""

    FULL = "full", _("Toàn trình")
    PARTIAL = "partial", _("Một phần")
    NONE = "none", _("Không trực tuyến")


class Field(models.Model):
    """Lĩnh vực — the sector a procedure belongs to."""

    name = models.CharField("tên", max_length=300, unique=True)
    code = models.CharField("mã", max_length=40, blank=True)

    class Meta:
        verbose_name = "lĩnh vực"
        verbose_name_plural = "lĩnh vực"
        ordering = ["name"]

    def __str__(self):
        return self.name


class Procedure(models.Model):
    """Thủ tục hành chính."""

    code = models.CharField("mã thủ tục", max_length=40, unique=True)
    name = models.CharField("tên thủ tục", max_length=2000)
    field = models.ForeignKey(Field, null=True, blank=True, on_delete=models.SET_NULL, related_name="procedures",
                              verbose_name="lĩnh vực")
    levels = models.CharField(
        "cấp thực hiện", max_length=60, blank=True,
        help_text="Space-separated Level values, e.g. 'province commune'",
    )
    decision_number = models.CharField("số quyết định công bố", max_length=200, blank=True)
    procedure_type = models.CharField("loại thủ tục", max_length=200, blank=True)
    applicants = models.TextField("đối tượng thực hiện", blank=True)
    competent_agency = models.TextField("cơ quan có thẩm quyền", blank=True)
    implementing_agency = models.TextField("cơ quan thực hiện", blank=True)
    receiving_address = models.TextField("địa chỉ tiếp nhận", blank=True)
    delegated_agency = models.TextField("cơ quan được ủy quyền", blank=True)
    coordinating_agency = models.TextField("cơ quan phối hợp", blank=True)
    steps_text = models.TextField("trình tự thực hiện", blank=True)
    conditions = models.TextField("yêu cầu, điều kiện", blank=True)
    result_text = models.TextField("kết quả thực hiện", blank=True)
    legal_basis = models.JSONField(
        "căn cứ pháp lý", default=list, blank=True,
        help_text='List of {"number", "title", "issued", "issuer"}',
    )
    related_codes = models.TextField("thủ tục liên quan", blank=True)
    online_level = models.CharField("mức độ DVCTT", max_length=10, choices=OnlineLevel.choices, default=OnlineLevel.NONE)
    requires_verified_identity = models.BooleanField(
        "yêu cầu định danh mức 2", default=False,
        help_text="Chỉ nộp trực tuyến với tài khoản định danh điện tử mức 2 (VNeID) / "
                  "online submission only with a level-2 electronic identity",
    )
    is_bundle = models.BooleanField("nhóm thủ tục liên thông", default=False)
    source_url = models.URLField("nguồn", max_length=500, blank=True)
    source_group = models.CharField("cơ quan ban hành nguồn", max_length=200, blank=True)
    formality_id = models.CharField("mã hình thức (DVCQG)", max_length=80, blank=True)
    search_text = models.TextField(
        editable=False, blank=True,
        help_text="Code, name and field folded to lower case without diacritics, for search",
    )
    import_issues = models.JSONField(
        "vấn đề khi nhập", default=list, blank=True,
        help_text="What the importer could not parse fully, and why",
    )
    is_active = models.BooleanField("đang áp dụng", default=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        verbose_name = "thủ tục hành chính"
        verbose_name_plural = "thủ tục hành chính"
        ordering = ["code"]
        indexes = [models.Index(fields=["updated_at"], name="procedure_updated")]  # search index freshness

    def __str__(self):
        return f"{self.code} — {self.name}"

    def save(self, *args, **kwargs):
        self.search_text = self.compute_search_text(self.field.name if self.field else "")
        super().save(*args, **kwargs)

    def compute_search_text(self, field_name: str) -> str:
        """Folded code, name and field; bulk imports call it since they bypass ``save()``."""
        from motcua.core.text import fold

        return fold(" ".join(filter(None, [self.code, self.name, field_name])))

    @property
    def level_list(self) -> list[str]:
        return self.levels.split()


class ProcedureChannel(models.Model):
    """Processing time of a procedure for one submission channel (and, optionally, one case)."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="channels")
    channel = models.CharField("hình thức nộp", max_length=10, choices=Channel.choices)
    duration = models.DecimalField("thời hạn giải quyết", max_digits=8, decimal_places=2, null=True, blank=True)
    duration_unit = models.CharField("đơn vị", max_length=20, choices=DurationUnit.choices, blank=True)
    description = models.TextField("mô tả", blank=True)
    position = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "cách thức thực hiện"
        verbose_name_plural = "cách thức thực hiện"
        ordering = ["procedure", "position"]

    def __str__(self):
        return self.get_channel_display()


class Fee(models.Model):
    """Phí, lệ phí — an amount in VND (never approximated: unknown amounts stay empty)."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="fees")
    channel = models.CharField("hình thức nộp", max_length=10, choices=Channel.choices, blank=True,
                               help_text="Empty: applies to every channel")
    name = models.CharField("tên phí, lệ phí", max_length=500)
    amount = models.BigIntegerField("số tiền (đồng)", null=True, blank=True)
    currency = models.CharField("loại tiền", max_length=3, default="VND",
                                help_text="VND, or the currency of a fee the law sets in foreign money (USD)")
    foreign_amount = models.DecimalField("số tiền ngoại tệ", max_digits=12, decimal_places=2, null=True, blank=True,
                                         help_text="Only for a foreign-currency fee; amount (đồng) stays empty")
    conditions = models.TextField("điều kiện, ghi chú", blank=True)
    position = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "phí, lệ phí"
        verbose_name_plural = "phí, lệ phí"
        ordering = ["procedure", "position"]

    def __str__(self):
        return self.name


class RequiredDocument(models.Model):
    """Thành phần hồ sơ."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="documents")
    name = models.TextField("tên giấy tờ")
    originals = models.PositiveSmallIntegerField("bản chính", default=0)
    copies = models.PositiveSmallIntegerField("bản sao", default=0)
    form_template = models.CharField("mẫu đơn, tờ khai", max_length=300, blank=True)
    case = models.TextField("trường hợp", blank=True)
    is_required = models.BooleanField("bắt buộc", default=True)
    position = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "thành phần hồ sơ"
        verbose_name_plural = "thành phần hồ sơ"
        ordering = ["procedure", "position"]

    def __str__(self):
        return self.name[:100]


class ProcessStep(models.Model):
    """One step of the internal process (quy trình nội bộ) with its share of the time limit."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="process_steps")
    position = models.PositiveSmallIntegerField("thứ tự")
    name = models.CharField("bước", max_length=300)
    role = models.CharField("vai trò thực hiện", max_length=30)
    unit_kind = models.CharField(
        "loại đơn vị", max_length=20, blank=True,
        help_text="Empty: the receiving unit; otherwise the kind of unit (liên thông)",
    )
    working_hours = models.DecimalField("thời gian (giờ làm việc)", max_digits=8, decimal_places=2)

    class Meta:
        verbose_name = "bước xử lý"
        verbose_name_plural = "quy trình nội bộ"
        ordering = ["procedure", "position"]
        constraints = [models.UniqueConstraint(fields=["procedure", "position"], name="one_step_per_position")]

    def __str__(self):
        return f"{self.position}. {self.name}"


class BundleMember(models.Model):
    """A member procedure of a linked bundle (nhóm thủ tục liên thông, e.g. 2.000986)."""

    bundle = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="bundle_members",
                               verbose_name="nhóm thủ tục liên thông")
    member = models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name="in_bundles",
                               verbose_name="thủ tục thành phần")
    unit_kind = models.CharField("loại đơn vị xử lý", max_length=20, blank=True)
    position = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "thủ tục thành phần"
        verbose_name_plural = "thủ tục thành phần (liên thông)"
        ordering = ["bundle", "position"]
        constraints = [models.UniqueConstraint(fields=["bundle", "member"], name="bundle_member_once")]


class UnitProcedure(models.Model):
    """A procedure enabled at a unit (thủ tục áp dụng tại đơn vị)."""

    unit = models.ForeignKey("organizations.Unit", on_delete=models.CASCADE, related_name="procedures")
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="units")
    is_enabled = models.BooleanField("đang tiếp nhận", default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "procedure"], name="procedure_once_per_unit")]
