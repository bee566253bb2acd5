"""The rules of fee notices and of matching a gateway's confirmation to one. Pure: no database.

An officer confirms each fee of the notice: the catalogue amount (Fee.amount) or an adjusted one,
times a quantity (e.g. 8.000 đồng per copy), or an exemption (miễn). Changing the catalogue amount
or exempting needs a reason, so the file shows why the citizen paid what they paid.
"""

from dataclasses import dataclass
from enum import StrEnum

from motcua.core.errors import UserFacingError

MAX_QUANTITY = 999
MAX_TOTAL = 10 ** 13 - 1  # VietQR writes at most 13 digits (field 54)


@dataclass(frozen=True)
class FeeLine:
    """One line of a notice as the officer confirmed it (dòng phí, lệ phí)."""

    name: str
    unit_amount: int | None  # đồng per item; None: not entered (the catalogue gives no amount)
    quantity: int = 1
    exempt: bool = False
    reason: str = ""
    catalogue_amount: int | None = None
    legal_basis: str = ""
    fee_id: int | None = None

    @property
    def amount(self) -> int:
        """Thành tiền: nothing when exempted."""
        return 0 if self.exempt else (self.unit_amount or 0) * self.quantity

    @property
    def adjusted(self) -> bool:
        return self.catalogue_amount is not None and self.unit_amount != self.catalogue_amount


def check_line(line: FeeLine, where: str = "") -> FeeLine:
    """The line cleaned, or UserFacingError naming the line (``where`` is the form field prefix)."""
    name = " ".join(line.name.split())
    reason = " ".join(line.reason.split())
    label = name or "?"
    if not name:
        raise UserFacingError("Thiếu tên khoản phí, lệ phí", "fee name missing", field=f"{where}name")
    if not 1 <= line.quantity <= MAX_QUANTITY:
        raise UserFacingError(f"{label}: số lượng phải từ 1 đến {MAX_QUANTITY}",
                              f"{label}: quantity must be 1 to {MAX_QUANTITY}", field=f"{where}quantity")
    if line.exempt:
        if not reason:
            raise UserFacingError(f"{label}: miễn phí, lệ phí cần ghi lý do (đối tượng được miễn, căn cứ)",
                                  f"{label}: an exemption needs a reason", field=f"{where}reason")
        return FeeLine(name, line.unit_amount or 0, line.quantity, True, reason, line.catalogue_amount,
                       line.legal_basis.strip(), line.fee_id)
    if line.unit_amount is None:
        raise UserFacingError(f"{label}: danh mục chưa ghi mức thu, cán bộ nhập số tiền",
                              f"{label}: the catalogue gives no amount, enter it", field=f"{where}unit_amount")
    if line.unit_amount < 0:
        raise UserFacingError(f"{label}: số tiền không được âm", f"{label}: amount cannot be negative",
                              field=f"{where}unit_amount")
    cleaned = FeeLine(name, line.unit_amount, line.quantity, False, reason, line.catalogue_amount,
                      line.legal_basis.strip(), line.fee_id)
    if cleaned.adjusted and not reason:
        raise UserFacingError(f"{label}: số tiền khác mức thu trong danh mục, cần ghi lý do điều chỉnh",
                              f"{label}: the amount differs from the catalogue, give a reason", field=f"{where}reason")
    return cleaned


def check_notice(lines: list[FeeLine]) -> tuple[list[FeeLine], int]:
    """Clean every line and return them with the total; a notice must ask for some money."""
    if not lines:
        raise UserFacingError("Chọn ít nhất một khoản phí, lệ phí", "choose at least one fee")
    cleaned = [check_line(line, f"{i}-") for i, line in enumerate(lines)]
    total = sum(line.amount for line in cleaned)
    if total <= 0:
        raise UserFacingError("Tổng số tiền bằng 0: hồ sơ được miễn, không cần thông báo nộp phí",
                              "the total is 0: nothing to pay, no notice needed")
    if total > MAX_TOTAL:
        raise UserFacingError("Tổng số tiền quá lớn", "total too large")
    return cleaned, total


def applicable(fees, channel: str) -> list:
    """The catalogue fees (catalog.Fee rows or look-alikes) for a dossier submitted by ``channel``:
    those for every channel (channel empty) and those for that channel."""
    return [fee for fee in fees if not fee.channel or fee.channel == channel]


# --- matching a verified confirmation to the open notice -----------------------------------------

class Outcome(StrEnum):
    PAID = "paid"                     # exact amount, dossier waiting: book it, the dossier moves on
    MISMATCH = "amount_mismatch"      # money arrived, but not the notice's amount: accountant
    UNMATCHED = "unmatched"           # money arrived for no open notice: accountant
    NOT_PAID = "not_paid"             # the gateway reports a failed or pending payment


def classify(*, paid: bool, amount: int, notice_total: int | None, dossier_waiting: bool) -> tuple[Outcome, str]:
    """What to do with a verified confirmation, and the reason code logged with it.

    ``notice_total`` is the open notice of the dossier named by the confirmation (None when the
    note names no dossier, or the dossier has no open notice).
    """
    if not paid:
        return Outcome.NOT_PAID, "gateway_not_paid"
    if notice_total is None:
        return Outcome.UNMATCHED, "no_open_notice"
    if not dossier_waiting:
        return Outcome.UNMATCHED, "dossier_not_waiting"
    if amount != notice_total:
        return Outcome.MISMATCH, "short_payment" if amount < notice_total else "overpayment"
    return Outcome.PAID, "exact"
