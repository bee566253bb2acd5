"""Nhật ký truy cập dữ liệu cá nhân: one row per staff request that showed personal data.

Append-only for the application: nothing in the code updates or deletes a row except the retention
purge (``purge_read_log``); the admin is read-only. The reader is kept as an id and a name copied at
the time, without a database constraint, so that no later change to accounts rewrites the log.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReadRecord(models.Model):
    class Kind(models.TextChoices):
        VIEW = "view", _("Xem")
        DOWNLOAD = "download", _("Tải tệp")
        EXPORT = "export", _("Xuất danh sách")
        API = "api", "API"

    at = models.DateTimeField("lúc", auto_now_add=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="cán bộ", on_delete=models.DO_NOTHING,
                             db_constraint=False, related_name="+")
    username = models.CharField("tên đăng nhập", max_length=150)
    province_id = models.IntegerField("tỉnh", null=True, help_text="The reader's province, for the security officer")
    kind = models.CharField("thao tác", max_length=10, choices=Kind.choices)
    dossier_id = models.IntegerField("hồ sơ", null=True, help_text="Set when the request showed exactly one dossier")
    objects_read = models.TextField("đối tượng", help_text='Every object shown, as " dossier:12 ticket:5 "')
    count = models.PositiveIntegerField("số đối tượng")
    ip = models.GenericIPAddressField("địa chỉ IP", null=True)
    path = models.CharField("đường dẫn", max_length=300)

    class Meta:
        verbose_name = "lượt truy cập dữ liệu cá nhân"
        verbose_name_plural = "nhật ký truy cập dữ liệu cá nhân"
        indexes = [models.Index(fields=["province_id", "at"]), models.Index(fields=["dossier_id", "at"]),
                   models.Index(fields=["user", "at"]), models.Index(fields=["at"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.kind} {self.count}"
