"""Province, administrative units, service centres and their counters.

Two-level local government (from 1 July 2025): a province (tỉnh) with provincial departments
(sở, ngành) and communes/wards (xã, phường). Every unit carries an electronic unit code
(mã định danh điện tử, e.g. ``H15.50``) used in dossier codes.
"""

from django.core.exceptions import ValidationError
from django.db import models

DEFAULT_WORKING_PERIODS = [["07:00", "11:30"], ["13:30", "17:00"]]


def default_working_periods():
    return [list(p) for p in DEFAULT_WORKING_PERIODS]


def validate_working_periods(value):
    from motcua.workdays.periods import parse_periods

    try:
        parse_periods(value)
    except ValueError as exc:
        raise ValidationError(str(exc)) from exc


class Province(models.Model):
    """Tỉnh / thành phố trực thuộc trung ương. The partition key: no query spans two provinces."""

    code = models.CharField("mã", max_length=10, unique=True, help_text="e.g. H15")
    name = models.CharField("tên", max_length=200)

    class Meta:
        verbose_name = "tỉnh/thành phố"
        verbose_name_plural = "tỉnh/thành phố"

    def __str__(self):
        return self.name


class Unit(models.Model):
    """An administrative unit that receives or handles dossiers (đơn vị)."""

    class Kind(models.TextChoices):
        PROVINCE = "province", "UBND tỉnh"
        DEPARTMENT = "department", "Sở, ngành"
        COMMUNE = "commune", "Xã"
        WARD = "ward", "Phường"
        SPECIAL_ZONE = "special_zone", "Đặc khu"

    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="units")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    code = models.CharField("mã định danh", max_length=40, unique=True, help_text="e.g. H15.50")
    name = models.CharField("tên", max_length=200)
    kind = models.CharField("loại", max_length=20, choices=Kind.choices)
    working_periods = models.JSONField(
        "giờ làm việc",
        default=default_working_periods,
        validators=[validate_working_periods],
        help_text='Working periods of a day, e.g. [["07:00", "11:30"], ["13:30", "17:00"]]',
    )
    is_active = models.BooleanField("đang hoạt động", default=True)

    class Meta:
        verbose_name = "đơn vị"
        verbose_name_plural = "đơn vị"
        ordering = ["code"]

    def __str__(self):
        return f"{self.name} ({self.code})"

    @property
    def level(self) -> str:
        """'province' for provincial departments and the province office, 'commune' otherwise."""
        return "province" if self.kind in (self.Kind.PROVINCE, self.Kind.DEPARTMENT) else "commune"


class Centre(models.Model):
    """Trung tâm Phục vụ hành chính công (or a branch of the provincial one)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="centres")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="branches",
        help_text="The main centre, when this is a branch (chi nhánh)",
    )
    code = models.SlugField("mã", max_length=40, unique=True)
    name = models.CharField("tên", max_length=200)
    address = models.CharField("địa chỉ", max_length=300, blank=True)
    phone = models.CharField("điện thoại", max_length=30, blank=True)

    class Meta:
        verbose_name = "trung tâm PVHCC"
        verbose_name_plural = "trung tâm PVHCC"
        ordering = ["code"]

    def __str__(self):
        return self.name


class Counter(models.Model):
    """Quầy — a reception/return desk in a centre."""

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="counters")
    number = models.PositiveSmallIntegerField("số quầy")
    name = models.CharField("tên", max_length=120, blank=True)
    zone = models.CharField("khu vực/tầng", max_length=60, blank=True)
    is_priority = models.BooleanField("quầy ưu tiên", default=False)
    is_open = models.BooleanField("đang mở", default=True)

    class Meta:
        verbose_name = "quầy"
        verbose_name_plural = "quầy"
        ordering = ["centre", "number"]
        constraints = [models.UniqueConstraint(fields=["centre", "number"], name="counter_number_per_centre")]

    def __str__(self):
        return f"Quầy {self.number} — {self.centre}"
