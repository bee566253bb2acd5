"""People: staff with roles per unit, citizens and businesses as applicants."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Vai trò. A role is held in one unit, or province-wide when the assignment has no unit."""

    RECEPTION = "reception", _("Cán bộ một cửa")
    SPECIALIST = "specialist", _("Chuyên viên")
    LEADER = "leader", _("Lãnh đạo đơn vị")
    CENTRE_MANAGER = "centre_manager", _("Quản lý trung tâm")
    PROVINCIAL_MONITOR = "provincial_monitor", _("Giám sát cấp tỉnh")
    ADMIN = "admin", _("Quản trị hệ thống")
    DIGITAL_GUIDE = "digital_guide", _("Hỗ trợ viên (tổ công nghệ số)")
    POSTAL_AGENT = "postal_agent", _("Nhân viên bưu điện")


class User(AbstractUser):
    """Staff member or applicant (công dân, doanh nghiệp)."""

    class Kind(models.TextChoices):
        STAFF = "staff", _("Cán bộ")
        CITIZEN = "citizen", _("Công dân")
        BUSINESS = "business", _("Doanh nghiệp")

    kind = models.CharField("loại tài khoản", max_length=10, choices=Kind.choices, default=Kind.CITIZEN)
    full_name = models.CharField("họ và tên", max_length=200, blank=True)
    phone = models.CharField("điện thoại", max_length=20, blank=True)
    personal_id = models.CharField(
        "số định danh", max_length=12, blank=True, db_index=True,
        help_text="Số định danh cá nhân 12 số hoặc mã số thuế / 12-digit personal ID, or tax code",
    )
    province = models.ForeignKey(
        "organizations.Province", verbose_name="tỉnh/thành phố", null=True, blank=True, on_delete=models.PROTECT,
        related_name="users", help_text="Cán bộ thuộc đúng một tỉnh / staff belong to exactly one province",
    )

    class Meta:
        verbose_name = "tài khoản"
        verbose_name_plural = "tài khoản"

    def __str__(self):
        return self.full_name or self.username


class RoleAssignment(models.Model):
    """A role held by a staff member in a unit (or in the whole province when unit is empty)."""

    user = models.ForeignKey(User, verbose_name="cán bộ", on_delete=models.CASCADE, related_name="roles")
    role = models.CharField("vai trò", max_length=30, choices=Role.choices)
    province = models.ForeignKey("organizations.Province", verbose_name="tỉnh/thành phố", on_delete=models.PROTECT,
                                 blank=True, help_text="Để trống: theo đơn vị / empty: the unit's (or staff member's)")
    unit = models.ForeignKey("organizations.Unit", verbose_name="đơn vị", null=True, blank=True,
                             on_delete=models.PROTECT, help_text="Để trống: toàn tỉnh / empty: the whole province")
    centre = models.ForeignKey(
        "organizations.Centre", verbose_name="trung tâm", null=True, blank=True, on_delete=models.PROTECT,
        help_text="Quản lý trung tâm, cán bộ tại quầy / for centre managers and counter staff",
    )

    class Meta:
        verbose_name = "phân quyền"
        verbose_name_plural = "phân quyền"
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="one_role_per_user_unit"),
            # NULL units are distinct in SQL: a second constraint keeps province-wide roles single.
            models.UniqueConstraint(fields=["user", "role", "province"], condition=models.Q(unit__isnull=True),
                                    name="one_provincewide_role_per_user"),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} — {self.unit or self.province}"

    def clean(self):
        from .policy import assignment_problems

        if self.province_id is None:  # follows the unit, else the staff member's province
            self.province_id = self.unit.province_id if self.unit_id else getattr(self.user, "province_id", None)
        if self.province_id is None:
            raise ValidationError({"province": "Cần chọn tỉnh / choose the province"})
        problems = assignment_problems(self.role, self.province_id, user=self.user if self.user_id else None,
                                       unit=self.unit, centre=self.centre)
        if problems:
            raise ValidationError(problems)
