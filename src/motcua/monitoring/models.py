"""Monitoring data: fact tables kept current as events happen, figures entered by the province,
camera tiles and generated reports.

``DailyFact`` holds the dossier flows per unit × day × procedure × channel, added to in the
transaction of each dossier change (facts.py), with ``MonthFact`` and ``UnitMonthFact`` as its
month roll-ups. ``SourceFact`` holds at the same grain the figures other apps compute (payments,
results, digitisation, queue, ratings) and ``PeriodFact`` per unit (and procedure) × period those
that cannot be added up by day (petitions, satisfaction), both collected by a task (sources.py).
Open and overdue dossiers are not stored: they change with time alone and are read live (live.py).
Decision 0610 says which figure lives at which grain.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from . import periods
from .index766 import INDICATORS


def _count(label):
    return models.PositiveIntegerField(label, default=0)


class FlowMeasures(models.Model):
    """The dossier measures (measures.FLOW)."""

    province = models.ForeignKey("organizations.Province", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("organizations.Unit", on_delete=models.PROTECT, related_name="+")

    submitted = _count("hồ sơ nộp")
    accepted = _count("hồ sơ tiếp nhận")
    refused = _count("từ chối tiếp nhận")
    supplement_requests = _count("yêu cầu bổ sung")
    extensions = _count("xin lỗi, gia hạn")
    finished_early = _count("giải quyết trước hạn")
    finished_on_time = _count("giải quyết đúng hạn")
    finished_late = _count("giải quyết trễ hạn")
    returned = _count("đã trả kết quả")
    finished_seconds = models.BigIntegerField("tổng thời gian giải quyết (giây)", default=0)

    class Meta:
        abstract = True


class FlowFacts(FlowMeasures):
    """The dossier measures of one receiving unit, procedure and channel."""

    procedure = models.ForeignKey("catalog.Procedure", on_delete=models.PROTECT, related_name="+")
    channel = models.CharField("kênh", max_length=10)

    class Meta:
        abstract = True


class DailyFact(FlowFacts):
    """Số liệu hồ sơ theo ngày: one row per receiving unit, local day, procedure and channel."""

    day = models.DateField("ngày")

    class Meta:
        verbose_name = "số liệu hồ sơ theo ngày"
        verbose_name_plural = "số liệu hồ sơ theo ngày"
        constraints = [models.UniqueConstraint(fields=["unit", "day", "procedure", "channel"], name="daily_fact_key")]
        indexes = [models.Index(fields=["province", "day"], name="daily_fact_province_day")]


class MonthFact(FlowFacts):
    """Số liệu hồ sơ theo tháng: the same measures summed per month (``day`` is its first day).

    Written by the same upsert as the daily row, so periods — always whole months — are summed
    over a twelfth of the rows (decision 0370)."""

    day = models.DateField("tháng (ngày đầu tháng)")

    class Meta:
        verbose_name = "số liệu hồ sơ theo tháng"
        verbose_name_plural = "số liệu hồ sơ theo tháng"
        constraints = [models.UniqueConstraint(fields=["unit", "day", "procedure", "channel"], name="month_fact_key")]
        indexes = [models.Index(fields=["province", "day"], name="month_fact_province_day")]


class UnitMonthFact(FlowMeasures):
    """Số liệu hồ sơ theo đơn vị và tháng: MonthFact summed without procedure and channel.

    Written by the same statement as the day and month rows (facts.add): the overviews, the index of
    a province and the ranking read one row per unit and month instead of ~900 (decision 0611)."""

    day = models.DateField("tháng (ngày đầu tháng)")
    # The one channel figure the unit totals need (3.3: accepted online / accepted).
    accepted_online = _count("tiếp nhận trực tuyến")

    class Meta:
        verbose_name = "số liệu hồ sơ theo đơn vị và tháng"
        verbose_name_plural = "số liệu hồ sơ theo đơn vị và tháng"
        constraints = [models.UniqueConstraint(fields=["unit", "day"], name="unit_month_fact_key")]
        indexes = [models.Index(fields=["province", "day"], name="unit_month_province_day")]


# A figure with no dossier behind it (a queue ticket no dossier was received from) has no channel.
NO_CHANNEL = ""
WITH_PROCEDURE = models.Q(procedure__isnull=False)


def _source_keys(prefix: str) -> list:
    """One row per unit, day, procedure and channel; NULL procedures are equal to each other here
    (a plain unique key would let two NULL rows of the same unit, day and channel in)."""
    return [models.UniqueConstraint(fields=["unit", "day", "procedure", "channel"], condition=WITH_PROCEDURE,
                                    name=f"{prefix}_key"),
            models.UniqueConstraint(fields=["unit", "day", "channel"], condition=~WITH_PROCEDURE,
                                    name=f"{prefix}_key_no_procedure")]


class SourceColumns(models.Model):
    """Figures other apps count (thanh toán, kết quả, số hóa, xếp hàng, đánh giá) for one receiving unit."""

    province = models.ForeignKey("organizations.Province", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("organizations.Unit", on_delete=models.PROTECT, related_name="+")

    fee_dossiers = _count("hồ sơ có nghĩa vụ tài chính")
    paid_online = _count("hồ sơ thanh toán trực tuyến")
    results_completed = _count("hồ sơ có kết quả")
    electronic_results = _count("hồ sơ có kết quả điện tử")
    results_received = _count("hồ sơ tiếp nhận (kho kết quả)")
    reusing_results = _count("hồ sơ tái sử dụng kết quả số hóa")
    digitised_dossiers = _count("hồ sơ có thành phần số hóa")
    queue_tickets = _count("số thứ tự đã cấp")
    queue_called = _count("số thứ tự đã gọi")
    queue_wait_seconds = models.BigIntegerField("tổng thời gian chờ (giây)", default=0)
    rating_overall_like = _count("đánh giá chung hài lòng")
    rating_overall_dislike = _count("đánh giá chung không hài lòng")
    rating_attitude_like = _count("thái độ hài lòng")
    rating_attitude_dislike = _count("thái độ không hài lòng")
    rating_timeliness_like = _count("thời gian hài lòng")
    rating_timeliness_dislike = _count("thời gian không hài lòng")
    rating_guidance_like = _count("hướng dẫn hài lòng")
    rating_guidance_dislike = _count("hướng dẫn không hài lòng")

    class Meta:
        abstract = True


class SourceFigures(SourceColumns):
    """The figures of one receiving unit, procedure and channel. ``procedure`` is empty and
    ``channel`` NO_CHANNEL for a queue ticket no dossier was received from."""

    procedure = models.ForeignKey("catalog.Procedure", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    channel = models.CharField("kênh", max_length=10, blank=True)

    class Meta:
        abstract = True


class SourceFact(SourceFigures):
    """Số liệu từ các phân hệ khác theo ngày: per unit, local day, procedure and channel."""

    day = models.DateField("ngày")

    class Meta:
        verbose_name = "số liệu phân hệ theo ngày"
        verbose_name_plural = "số liệu phân hệ theo ngày"
        constraints = _source_keys("source_fact")
        indexes = [models.Index(fields=["province", "day"], name="source_fact_province_day")]


class SourceMonthFact(SourceFigures):
    """The same figures summed per month (``day`` is its first day), rewritten by each collection."""

    day = models.DateField("tháng (ngày đầu tháng)")

    class Meta:
        verbose_name = "số liệu phân hệ theo tháng"
        verbose_name_plural = "số liệu phân hệ theo tháng"
        constraints = _source_keys("source_month_fact")
        indexes = [models.Index(fields=["province", "day"], name="source_month_province_day")]


class SourceUnitMonthFact(SourceColumns):
    """The month's figures of a unit without procedure and channel, rewritten with the month rows:
    what the overviews, the index and the ranking read (decision 0611)."""

    day = models.DateField("tháng (ngày đầu tháng)")

    class Meta:
        verbose_name = "số liệu phân hệ theo đơn vị và tháng"
        verbose_name_plural = "số liệu phân hệ theo đơn vị và tháng"
        constraints = [models.UniqueConstraint(fields=["unit", "day"], name="source_unit_month_key")]
        indexes = [models.Index(fields=["province", "day"], name="source_unit_month_province_day")]


class SourceRun(models.Model):
    """When a province's source figures of one day were last collected."""

    province = models.ForeignKey("organizations.Province", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    collected_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["province", "day"], name="source_run_key")]


class PeriodFact(models.Model):
    """Số liệu theo kỳ: figures of a source that cannot be added up day by day (petitions judged
    late at the end of the period, dossiers that later got a complaint), per unit and period.

    The row without a procedure holds the unit's figures (every petition, with or without a
    dossier); the rows with one hold that procedure's share, where the data names one."""

    province = models.ForeignKey("organizations.Province", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("organizations.Unit", on_delete=models.PROTECT, related_name="+")
    procedure = models.ForeignKey("catalog.Procedure", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    period = models.CharField("kỳ", max_length=7)
    source = models.CharField("nguồn", max_length=30)
    data = models.JSONField(default=dict)
    collected_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "period", "source"], condition=~WITH_PROCEDURE,
                                               name="period_fact_key"),
                       models.UniqueConstraint(fields=["unit", "period", "source", "procedure"],
                                               condition=WITH_PROCEDURE, name="period_fact_procedure_key")]
        indexes = [models.Index(fields=["province", "period", "source"], name="period_fact_province")]


# Indicators the system's own data cannot feed: the province enters them (decision 0364).
EXTERNAL_INDICATORS = ("1.1", "1.2", "1.3", "1.4", "3.4", "3.5", "3.5b", "4.4", "4.5a", "4.5b", "4.6")


def validate_period(value):
    try:
        periods.parse(value)
    except periods.PeriodError as exc:
        raise ValidationError(str(exc)) from None


class ExternalIndicator(models.Model):
    """Chỉ số nhập từ bên ngoài: counts or a score the province takes from DVCQG or its own review.

    Either ``num`` and ``den`` (scored by the 766 rule) or ``score`` (taken as given, e.g. the 3.4
    DVCTT score of the portal). Without a unit it applies to every unit of the province that has
    no entry of its own, and to the province total.
    """

    province = models.ForeignKey("organizations.Province", verbose_name="tỉnh/thành phố", on_delete=models.PROTECT,
                                 related_name="+")
    unit = models.ForeignKey("organizations.Unit", verbose_name="đơn vị", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+",
                             help_text="Để trống: cả tỉnh / empty: the whole province")
    indicator = models.CharField("chỉ số", max_length=5,
                                 choices=[(i, f"{i} — {INDICATORS[i].name}") for i in EXTERNAL_INDICATORS])
    period = models.CharField("kỳ", max_length=7, validators=[validate_period],
                              help_text="2025-10 (tháng), 2025-Q3 (quý) hoặc 2025 (năm)")
    num = models.DecimalField("tử số", max_digits=12, decimal_places=2, null=True, blank=True)
    den = models.DecimalField("mẫu số", max_digits=12, decimal_places=2, null=True, blank=True)
    score = models.DecimalField("điểm (lấy nguyên)", max_digits=5, decimal_places=2, null=True, blank=True,
                                help_text="Điểm do Cổng DVCQG công bố / the portal's score, used as given")
    note = models.CharField("ghi chú, nguồn", max_length=300, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "chỉ số nhập từ bên ngoài"
        verbose_name_plural = "chỉ số 766 nhập từ bên ngoài"
        constraints = [
            models.UniqueConstraint(fields=["province", "unit", "indicator", "period"], name="external_once"),
            models.UniqueConstraint(fields=["province", "indicator", "period"], condition=models.Q(unit__isnull=True),
                                    name="external_once_provincewide"),
        ]

    def __str__(self):
        return f"{self.indicator} {self.period} — {self.unit or self.province}"

    def clean(self):
        from .external import entry_problems

        problems = entry_problems(self.indicator, self.num, self.den, self.score)
        if self.unit_id and self.province_id and self.unit.province_id != self.province_id:
            problems["unit"] = "Đơn vị thuộc tỉnh khác / the unit belongs to another province"
        if problems:
            raise ValidationError(problems)


class CentreCamera(models.Model):
    """Ô camera: a page link and/or a snapshot image of a centre, shown on the wall screen."""

    centre = models.ForeignKey("organizations.Centre", verbose_name="trung tâm", on_delete=models.CASCADE,
                               related_name="cameras")
    name = models.CharField("tên", max_length=120)
    page_url = models.URLField("đường dẫn xem trực tiếp", blank=True)
    snapshot_url = models.URLField("đường dẫn ảnh chụp", blank=True,
                                   help_text="Ảnh JPEG/PNG cập nhật định kỳ / a still image refreshed by the camera")
    position = models.PositiveSmallIntegerField("thứ tự", default=0)

    scope_unit_fields = ("centre__unit",)

    class Meta:
        verbose_name = "camera trung tâm"
        verbose_name_plural = "camera trung tâm"
        ordering = ["centre", "position", "pk"]

    def __str__(self):
        return f"{self.name} — {self.centre}"

    def clean(self):
        if not (self.page_url or self.snapshot_url):
            raise ValidationError("Cần ít nhất một đường dẫn / give a page link or a snapshot URL")


class ReportJob(models.Model):
    """Báo cáo định kỳ: one Excel or PDF report, built by a task; its row shows the progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Đang chờ"
        RUNNING = "running", "Đang tạo"
        DONE = "done", "Hoàn thành"
        FAILED = "failed", "Lỗi"

    class Format(models.TextChoices):
        XLSX = "xlsx", "Excel (.xlsx)"
        PDF = "pdf", "PDF"

    province = models.ForeignKey("organizations.Province", on_delete=models.PROTECT, related_name="+")
    unit_ids = models.JSONField("đơn vị", default=list, blank=True, help_text="Empty: the whole province")
    period = models.CharField("kỳ", max_length=7, validators=[validate_period])
    format = models.CharField("định dạng", max_length=4, choices=Format.choices)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", help_text="Empty: the monthly schedule")
    status = models.CharField("trạng thái", max_length=8, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField("tiến độ (%)", default=0)
    message = models.CharField("thông báo", max_length=500, blank=True)
    storage_name = models.CharField(max_length=300, blank=True, help_text="Path under MEDIA_ROOT")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "báo cáo"
        verbose_name_plural = "báo cáo"
        ordering = ["-created_at", "-pk"]

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def file_name(self) -> str:
        scope = "toan-tinh" if not self.unit_ids else f"{len(self.unit_ids)}-don-vi"
        return f"bao-cao-{self.period}-{scope}.{self.format}"
