"""Province overrides of the working-day calendar (ngày nghỉ / ngày làm việc điều chỉnh).

The Government announces each year's Tết and swap schedule for civil servants; when it differs
from the ``holidays`` package, or a province closes for a local event, an administrator records
the day here (the ``NgayNghi`` table of provincial systems, domain-vn.md §6.1).
"""

from django.db import models


class DayOverride(models.Model):
    """One day whose working status in a province differs from the national calendar."""

    province = models.ForeignKey("organizations.Province", on_delete=models.CASCADE,
                                 related_name="day_overrides", verbose_name="tỉnh/thành phố")
    date = models.DateField("ngày")
    is_working_day = models.BooleanField(
        "là ngày làm việc", help_text="Đánh dấu: ngày làm việc (làm bù); bỏ trống: ngày nghỉ",
    )
    reason = models.TextField("lý do", help_text="Ví dụ: Công văn số …/VPCP về lịch nghỉ Tết")

    class Meta:
        verbose_name = "ngày điều chỉnh lịch làm việc"
        verbose_name_plural = "ngày điều chỉnh lịch làm việc"
        ordering = ["province", "-date"]
        constraints = [models.UniqueConstraint(fields=["province", "date"], name="one_override_per_province_day")]

    def __str__(self):
        kind = "làm việc" if self.is_working_day else "nghỉ"
        return f"{self.date:%d/%m/%Y}: {kind} — {self.province}"
