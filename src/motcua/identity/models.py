"""Records of the simulated VNeID: the national identities it can vouch for.

They are not accounts of this system. A citizen account (accounts.User, kind citizen) is matched or
created from what the provider says at sign-in, exactly as with the real VNeID.
"""

import uuid

from django.contrib.auth.hashers import check_password, make_password
from django.db import models


class SimulatedCitizen(models.Model):
    """Công dân trong VNeID mô phỏng: an identity of the demo identity provider."""

    class Level(models.IntegerChoices):
        BASIC = 1, "Mức 1"
        VERIFIED = 2, "Mức 2"

    personal_id = models.CharField("số định danh", max_length=12, unique=True)
    full_name = models.CharField("họ và tên", max_length=200)
    birth_date = models.DateField("ngày sinh")
    level = models.PositiveSmallIntegerField("mức định danh", choices=Level.choices, default=Level.VERIFIED)
    password = models.CharField("mật khẩu (đã băm)", max_length=128)
    # The provider's own stable subject (sub, TechID): never the personal ID, as with VNeID.
    subject = models.UUIDField("mã định danh kỹ thuật", default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        verbose_name = "công dân (VNeID mô phỏng)"
        verbose_name_plural = "công dân (VNeID mô phỏng)"
        ordering = ["personal_id"]

    def __str__(self):
        return f"{self.full_name} ({self.personal_id})"

    def set_password(self, raw: str) -> None:
        self.password = make_password(raw)

    def check_password(self, raw: str) -> bool:
        return check_password(raw, self.password)
