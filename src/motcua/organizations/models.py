"""Province, administrative units, service centres and their counters.

Two-level local government (from 1 July 2025): a province (tỉnh) with provincial departments
(sở, ngành) and communes/wards (xã, phường). Every unit carries an electronic unit code
(mã định danh điện tử, e.g. ``H15.50``) used in dossier codes.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models

DEFAULT_WORKING_PERIODS = [["07:00", "11:30"], ["13:30", "17:00"]]

# Province codes follow the electronic identifier scheme (QĐ 20/2020/QĐ-TTg): a letter and digits.
PROVINCE_CODE = re.compile(r"^[A-Z][0-9]{2,3}$")
# Unit codes are dot-separated segments; no "-", which separates the parts of a dossier code
# ("H15.50-251203-2035"), and no spaces.
UNIT_CODE = re.compile(r"^[A-Z0-9]+(\.[A-Z0-9]+)*$")


def default_working_periods():
    return [list(p) for p in DEFAULT_WORKING_PERIODS]


def validate_working_periods(value):
    from motcua.workdays.periods import parse_periods

    try:
        parse_periods(value)
    except ValueError as exc:
        raise ValidationError(str(exc)) from exc


def validate_province_code(value):
    if not PROVINCE_CODE.match(value or ""):
        raise ValidationError(f"Mã tỉnh không hợp lệ / invalid province code: {value!r} (e.g. H15)")


def validate_unit_code(value):
    if not UNIT_CODE.match(value or ""):
        raise ValidationError(
            f"Mã định danh đơn vị không hợp lệ / invalid unit code: {value!r} "
            "(chữ in hoa, số và dấu chấm / capitals, digits and dots, e.g. H15.50)")


def unit_code_problem(unit_code: str, province_code: str) -> str | None:
    """Why a unit code does not belong to its province, or None.

    The province code must be one of the dot-separated segments: ``H15.50`` (new style) and
    ``000.17.22.H56`` (TT 01/2018 style) both name their province.
    """
    if province_code not in unit_code.split("."):
        return (f"Mã đơn vị {unit_code} phải chứa mã tỉnh {province_code} / "
                f"unit code {unit_code} must contain the province code {province_code}")
    return None


class Province(models.Model):
    """Tỉnh / thành phố trực thuộc trung ương. The partition key: no query spans two provinces."""

    code = models.CharField("mã", max_length=10, unique=True, help_text="ví dụ / e.g. H15",
                            validators=[validate_province_code])
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
        # Vertical agencies (cơ quan ngành dọc) that take part in linked procedures (liên thông).
        POLICE = "police", "Công an"
        SOCIAL_INSURANCE = "social_insurance", "Bảo hiểm xã hội"

    province = models.ForeignKey(Province, verbose_name="tỉnh/thành phố", on_delete=models.PROTECT,
                                 related_name="units")
    parent = models.ForeignKey("self", verbose_name="đơn vị cấp trên", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children")
    code = models.CharField("mã định danh", max_length=40, unique=True,
                            help_text="mã định danh điện tử, ví dụ / e.g. H15.50",
                            validators=[validate_unit_code])
    name = models.CharField("tên", max_length=200)
    kind = models.CharField("loại", max_length=20, choices=Kind.choices)
    working_periods = models.JSONField(
        "giờ làm việc",
        default=default_working_periods,
        validators=[validate_working_periods],
        help_text='Các khoảng giờ làm việc trong ngày / working periods of a day, '
                  'e.g. [["07:00", "11:30"], ["13:30", "17:00"]]',
    )
    is_active = models.BooleanField("đang hoạt động", default=True)

    class Meta:
        verbose_name = "đơn vị"
        verbose_name_plural = "đơn vị"
        ordering = ["code"]

    def __str__(self):
        return f"{self.name} ({self.code})"

    def clean(self):
        errors = {}
        if self.province_id and self.code:
            problem = unit_code_problem(self.code, self.province.code)
            if problem:
                errors["code"] = problem
        if self.parent_id and self.province_id and self.parent.province_id != self.province_id:
            errors["parent"] = "Đơn vị cấp trên phải cùng tỉnh / the parent unit must be in the same province"
        if self.parent_id and self.parent_id == self.pk:
            errors["parent"] = "Đơn vị không thể là cấp trên của chính nó / a unit cannot be its own parent"
        if errors:
            raise ValidationError(errors)

    @property
    def level(self) -> str:
        """'commune' for communes, wards and special zones; 'province' for every other unit."""
        return "commune" if self.kind in COMMUNE_KINDS else "province"


# Kinds of commune-level government (cấp xã): interchangeable when routing work.
COMMUNE_KINDS = frozenset({Unit.Kind.COMMUNE, Unit.Kind.WARD, Unit.Kind.SPECIAL_ZONE})


class Centre(models.Model):
    """Trung tâm Phục vụ hành chính công (or a branch of the provincial one)."""

    unit = models.ForeignKey(Unit, verbose_name="đơn vị", on_delete=models.PROTECT, related_name="centres")
    parent = models.ForeignKey(
        "self", verbose_name="trung tâm chính", null=True, blank=True, on_delete=models.PROTECT,
        related_name="branches", help_text="Khi đây là chi nhánh / the main centre, when this is a branch",
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

    def clean(self):
        if not self.parent_id:
            return
        if self.parent.parent_id:
            raise ValidationError({"parent": "Chi nhánh phải thuộc một trung tâm chính / "
                                             "a branch must belong to a main centre, not to another branch"})
        if self.unit_id and self.parent.unit.province_id != self.unit.province_id:
            raise ValidationError({"parent": "Trung tâm chính phải cùng tỉnh / "
                                             "the main centre must be in the same province"})


class Counter(models.Model):
    """Quầy — a reception/return desk in a centre."""

    centre = models.ForeignKey(Centre, verbose_name="trung tâm", on_delete=models.CASCADE, related_name="counters")
    number = models.PositiveSmallIntegerField("số quầy")
    name = models.CharField("tên", max_length=120, blank=True)
    zone = models.CharField("khu vực/tầng", max_length=60, blank=True)
    is_priority = models.BooleanField("quầy ưu tiên", default=False)
    is_open = models.BooleanField("đang mở", default=True)

    scope_unit_fields = ("centre__unit",)  # permissions: a counter belongs to its centre's unit

    class Meta:
        verbose_name = "quầy"
        verbose_name_plural = "quầy"
        ordering = ["centre", "number"]
        constraints = [models.UniqueConstraint(fields=["centre", "number"], name="counter_number_per_centre")]

    def __str__(self):
        return f"Quầy {self.number} — {self.centre}"
