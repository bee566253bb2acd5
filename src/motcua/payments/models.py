"""Fees of dossiers (phí, lệ phí): notices, payments, receipts, gateway transactions and their audit.

A fee notice (thông báo phí) says what a dossier must pay and why; a payment (khoản đã nộp) settles
it, by cash at the counter or through a gateway plugin, and gets a receipt (biên lai) numbered
without gaps per unit and year. What a gateway reports is kept as a `GatewayTransaction` even when
it matches nothing, and every webhook, accepted or refused, leaves a `PaymentEvent`.
See docs/developers/payments.md.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from . import vietqr
from .base import RefundStatus


class ReceivingAccount(models.Model):
    """Tài khoản nhận tiền phí, lệ phí of a unit, or of one of its centres.

    The dynamic VietQR of a fee notice pays into the account of the dossier's centre if it has
    one, else into the unit's, else into the account configured for the bank-transfer plugin.
    """

    unit = models.ForeignKey("organizations.Unit", on_delete=models.CASCADE, related_name="receiving_accounts")
    centre = models.ForeignKey("organizations.Centre", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="receiving_accounts", help_text="Empty: every centre of the unit")
    bank_bin = models.CharField("mã BIN ngân hàng", max_length=6, help_text="6 digits, e.g. 970415 (VietinBank)")
    account_number = models.CharField("số tài khoản", max_length=19)
    account_name = models.CharField("tên tài khoản", max_length=25, help_text="ASCII, as the bank shows it (QR field 59)")
    is_active = models.BooleanField("đang dùng", default=True)

    class Meta:
        verbose_name = "tài khoản nhận phí"
        verbose_name_plural = "tài khoản nhận phí"
        constraints = [
            models.UniqueConstraint(fields=["unit", "centre"], condition=Q(is_active=True, centre__isnull=False),
                                    name="one_active_account_per_centre"),
            models.UniqueConstraint(fields=["unit"], condition=Q(is_active=True, centre__isnull=True),
                                    name="one_active_account_per_unit"),
        ]

    def __str__(self):
        bank = vietqr.bank_name(self.bank_bin) or self.bank_bin
        return f"{bank} {self.account_number} — {self.account_name}"

    def clean(self):
        errors = {}
        for field, check in (("bank_bin", vietqr.check_bin), ("account_number", vietqr.check_account)):
            try:
                check(getattr(self, field))
            except vietqr.VietQRError as exc:
                errors[field] = str(exc)
        try:
            self.account_name = vietqr.ascii_text(self.account_name, ("Tên tài khoản", "account name"),
                                                  vietqr.NAME_LIMIT).upper()
        except vietqr.VietQRError as exc:
            errors["account_name"] = str(exc)
        if self.centre_id and self.unit_id and self.centre.unit_id != self.unit_id:
            errors["centre"] = "Trung tâm không thuộc đơn vị này / the centre belongs to another unit"
        if errors:
            raise ValidationError(errors)


class FeeNotice(models.Model):
    """Thông báo nộp phí, lệ phí: what a dossier must pay, confirmed by an officer."""

    class Status(models.TextChoices):
        ISSUED = "issued", "Chờ nộp"
        PAID = "paid", "Đã nộp"
        CANCELLED = "cancelled", "Đã hủy"
        SETTLED_ELSEWHERE = "settled_elsewhere", "Đã hoàn thành nghĩa vụ nơi khác"

    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.CASCADE, related_name="fee_notices")
    status = models.CharField("trạng thái", max_length=20, choices=Status.choices, default=Status.ISSUED)
    total = models.BigIntegerField("tổng số tiền (đồng)")
    note = models.TextField("ghi chú cho người nộp", blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    issued_at = models.DateTimeField("thời điểm thông báo")
    closed_at = models.DateTimeField("thời điểm đóng", null=True, blank=True)
    close_reason = models.CharField("lý do đóng", max_length=300, blank=True)

    scope_unit_fields = ("dossier__unit", "dossier__current_unit")

    class Meta:
        verbose_name = "thông báo phí"
        verbose_name_plural = "thông báo phí"
        ordering = ["-issued_at"]
        constraints = [
            # One open notice per dossier: the transfer note names the dossier, so it must name one bill.
            models.UniqueConstraint(fields=["dossier"], condition=Q(status="issued"), name="one_open_fee_notice"),
            models.CheckConstraint(condition=Q(total__gt=0), name="fee_notice_total_positive"),
        ]
        # The daily payment figures count a day's notices (reconciliation.online_payment_counts).
        indexes = [models.Index(fields=["issued_at"], name="fee_notice_issued")]

    def __str__(self):
        return f"{self.dossier.code} — {self.total:,} đ ({self.get_status_display()})".replace(",", ".")


class FeeNoticeLine(models.Model):
    """One fee of a notice: from the catalogue (catalog.Fee) or entered, maybe adjusted or exempted."""

    notice = models.ForeignKey(FeeNotice, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(default=0)
    fee = models.ForeignKey("catalog.Fee", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    name = models.CharField("tên phí, lệ phí", max_length=500)
    legal_basis = models.TextField("căn cứ thu", blank=True)
    catalogue_amount = models.BigIntegerField("mức thu theo danh mục", null=True, blank=True)
    unit_amount = models.BigIntegerField("mức thu áp dụng")
    quantity = models.PositiveSmallIntegerField("số lượng", default=1)
    exempt = models.BooleanField("miễn", default=False)
    reason = models.CharField("lý do điều chỉnh, miễn", max_length=300, blank=True)
    amount = models.BigIntegerField("thành tiền")

    class Meta:
        ordering = ["notice", "position"]


class Payment(models.Model):
    """A fee notice paid (đã nộp phí): in cash at the counter, or confirmed by a gateway.

    ``platform_flag`` is what the national portal calls DuocThanhToanTrucTuyen (1 national
    platform, 2 local gateway or bank account, 0 not online); ``paid_online`` is its yes/no.
    """

    class Method(models.TextChoices):
        CASH = "cash", "Tiền mặt tại quầy"
        ONLINE = "online", "Thanh toán trực tuyến"

    notice = models.OneToOneField(FeeNotice, on_delete=models.PROTECT, related_name="payment")
    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.PROTECT, related_name="payments")
    unit = models.ForeignKey("organizations.Unit", on_delete=models.PROTECT, related_name="+",
                             help_text="The collecting unit (đơn vị thu): the dossier's receiving unit")
    procedure = models.ForeignKey("catalog.Procedure", on_delete=models.PROTECT, related_name="+")
    amount = models.BigIntegerField("số tiền")
    method = models.CharField("hình thức", max_length=10, choices=Method.choices)
    plugin_id = models.CharField("cổng thanh toán", max_length=40, blank=True)
    transaction_id = models.CharField("mã giao dịch", max_length=100, blank=True)
    platform_flag = models.PositiveSmallIntegerField("DuocThanhToanTrucTuyen", default=0)
    paid_online = models.BooleanField("thanh toán trực tuyến", default=False)
    paid_at = models.DateTimeField("thời điểm nộp", db_index=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    refunded = models.BigIntegerField("đã hoàn", default=0)

    class Meta:
        verbose_name = "khoản đã nộp"
        verbose_name_plural = "khoản đã nộp"
        indexes = [models.Index(fields=["unit", "paid_at"], name="payment_unit_paid_at")]
        constraints = [models.CheckConstraint(
            condition=Q(paid_online=True, platform_flag__gt=0) | Q(paid_online=False, platform_flag=0),
            name="payment_online_iff_flag")]

    def __str__(self):
        return f"{self.dossier.code}: {self.amount:,} đ".replace(",", ".")


class ReceiptSequence(models.Model):
    """Last receipt number of a unit in a year, allocated by one upsert (see receipts.allocate)."""

    unit = models.ForeignKey("organizations.Unit", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="receipt_sequence_unit_year")]


class Receipt(models.Model):
    """Biên lai điện tử thu phí, lệ phí: one per payment, numbered 1, 2, 3… per unit and year."""

    payment = models.OneToOneField(Payment, on_delete=models.PROTECT, related_name="receipt")
    unit = models.ForeignKey("organizations.Unit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    number = models.PositiveIntegerField("số biên lai")
    issued_at = models.DateTimeField()
    payer_name = models.CharField("người nộp", max_length=200)
    payer_address = models.CharField("địa chỉ", max_length=300, blank=True)

    class Meta:
        verbose_name = "biên lai"
        verbose_name_plural = "biên lai"
        constraints = [models.UniqueConstraint(fields=["unit", "year", "number"], name="receipt_number_once")]

    def __str__(self):
        return f"{self.series} số {self.number:07d}"

    @property
    def series(self) -> str:
        """Ký hiệu biên lai: the unit's code and the two-digit year, e.g. 'H99.50-26'."""
        return f"{self.unit.code}-{self.year % 100:02d}"


class GatewayTransaction(models.Model):
    """Giao dịch báo về từ ngân hàng / cổng thanh toán, verified, whether it matched a notice or not."""

    class Status(models.TextChoices):
        MATCHED = "matched", "Khớp thông báo phí"
        UNMATCHED = "unmatched", "Không khớp hồ sơ nào"
        MISMATCH = "amount_mismatch", "Sai số tiền"
        RESOLVED = "resolved", "Đã xử lý thủ công"
        REFUNDED = "refunded", "Đã hoàn tiền"

    plugin_id = models.CharField(max_length=40)
    transaction_id = models.CharField("mã giao dịch", max_length=100)
    amount = models.BigIntegerField("số tiền")
    paid_at = models.DateTimeField("thời điểm chuyển")
    note = models.CharField("nội dung chuyển khoản", max_length=300, blank=True)
    reference = models.CharField("mã hồ sơ đọc được", max_length=40, blank=True)
    account = models.CharField("tài khoản nhận", max_length=40, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices)
    reason = models.CharField("lý do", max_length=300, blank=True)
    unit = models.ForeignKey("organizations.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             help_text="The unit of the dossier named in the note; empty when none was found")
    notice = models.ForeignKey(FeeNotice, null=True, blank=True, on_delete=models.PROTECT, related_name="transactions")
    payment = models.OneToOneField(Payment, null=True, blank=True, on_delete=models.PROTECT, related_name="transaction")
    raw = models.JSONField(default=dict)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "giao dịch cổng thanh toán"
        verbose_name_plural = "giao dịch cổng thanh toán"
        constraints = [models.UniqueConstraint(fields=["plugin_id", "transaction_id"], name="gateway_transaction_once")]
        indexes = [models.Index(fields=["status", "paid_at"], name="gateway_tx_status")]


REFUND_STATUS = [(RefundStatus.DONE.value, "Đã hoàn tiền"), (RefundStatus.PENDING.value, "Cổng đang hoàn tiền"),
                 (RefundStatus.MANUAL.value, "Kế toán hoàn thủ công"), (RefundStatus.REJECTED.value, "Cổng từ chối hoàn")]


class Refund(models.Model):
    """Hoàn trả tiền: of a payment, or of a transfer that matched nothing or the wrong amount."""

    payment = models.ForeignKey(Payment, null=True, blank=True, on_delete=models.PROTECT, related_name="refunds")
    transaction = models.ForeignKey(GatewayTransaction, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="refunds")
    unit = models.ForeignKey("organizations.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    amount = models.BigIntegerField("số tiền hoàn")
    reason = models.CharField("lý do", max_length=300)
    status = models.CharField(max_length=10, choices=REFUND_STATUS)
    refund_id = models.CharField(max_length=100, blank=True)
    message = models.CharField(max_length=300, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField()

    class Meta:
        verbose_name = "hoàn tiền"
        verbose_name_plural = "hoàn tiền"
        constraints = [models.CheckConstraint(condition=Q(payment__isnull=False, transaction__isnull=True)
                                              | Q(payment__isnull=True, transaction__isnull=False),
                                              name="refund_of_one_thing"),
                       models.CheckConstraint(condition=Q(amount__gt=0), name="refund_amount_positive")]


class PaymentEvent(models.Model):
    """Nhật ký thanh toán: every webhook (accepted, duplicate or refused) and every money action."""

    class Kind(models.TextChoices):
        NOTICE_ISSUED = "notice_issued", "Thông báo phí"
        NOTICE_CANCELLED = "notice_cancelled", "Hủy thông báo phí"
        PAID = "paid", "Đã nộp"
        DUPLICATE = "duplicate", "Tin báo lặp lại"
        REFUSED = "refused", "Từ chối tin báo"
        MISMATCH = "amount_mismatch", "Sai số tiền"
        UNMATCHED = "unmatched", "Không khớp hồ sơ"
        NOT_PAID = "not_paid", "Cổng báo chưa thanh toán"
        ERROR = "error", "Lỗi khi ghi nhận"
        REFUND = "refund", "Hoàn tiền"
        RESOLVED = "resolved", "Xử lý thủ công"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    reason = models.CharField("mã lý do", max_length=40, blank=True)
    message = models.CharField(max_length=500, blank=True)
    plugin_id = models.CharField(max_length=40, blank=True)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    transaction_id = models.CharField(max_length=100, blank=True)
    dossier = models.ForeignKey("dossiers.Dossier", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    notice = models.ForeignKey(FeeNotice, null=True, blank=True, on_delete=models.SET_NULL, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    remote_addr = models.GenericIPAddressField(null=True, blank=True)
    body_sha256 = models.CharField(max_length=64, blank=True)
    body = models.TextField(blank=True, help_text="The first 4,000 characters of what was received")

    class Meta:
        verbose_name = "nhật ký thanh toán"
        verbose_name_plural = "nhật ký thanh toán"
        ordering = ["-at"]


class ReplayKey(models.Model):
    """A nonce or transaction id already processed (see replay.DatabaseReplayGuard)."""

    key = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
