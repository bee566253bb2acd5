"""The functions that change fee notices and payments.

- ``issue_notice``: an officer confirms the fees; the dossier goes to "financial obligation
  requested" (national status 6, clock paused) through ``dossiers.services.perform``.
- ``payment_options``: what the citizen can pay with (a VietQR per bank plugin, a link per gateway).
- ``pay``: book a notice as paid (payment, gapless receipt, ``fee_paid``), used by the webhooks
  (webhooks.py), cash at the counter and the accountant's manual match.
- ``record_cash``: cash at the counter; ``assign_transaction`` and ``refund``: the accountant's tools.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from motcua.catalog.presentation import format_vnd
from motcua.core.errors import UserFacingError
from motcua.dossiers import services as dossier_services
from motcua.dossiers.models import Dossier
from motcua.dossiers.workflow import ACTIONS, IllegalTransition, State

from . import fees, receipts, registry, vietqr
from .base import BasePaymentPlugin, NationalPlatformFlag, PaymentError, PaymentRequest, RefundStatus
from .contrib.bank_transfer.plugin import BankTransferPlugin
from .models import (FeeNotice, FeeNoticeLine, GatewayTransaction, Payment, PaymentEvent, ReceivingAccount,
                     Refund)

Kind = PaymentEvent.Kind
NOTICE_ROLES = ACTIONS["request_fee"].actors  # who may issue or correct a fee notice


def event(kind: str, **fields) -> PaymentEvent:
    """One row of the payment log (nhật ký thanh toán)."""
    return PaymentEvent.objects.create(kind=kind, **fields)


def open_notice(dossier: Dossier) -> FeeNotice | None:
    return dossier.fee_notices.filter(status=FeeNotice.Status.ISSUED).first()


# --- fee notices --------------------------------------------------------------------------------

@transaction.atomic
def issue_notice(dossier: Dossier, officer, lines: list[fees.FeeLine], *, note: str = "",
                 now: datetime | None = None) -> FeeNotice:
    """Thông báo nộp phí: create the notice and move the dossier to fee_requested.

    A dossier already waiting for its fee gets a corrected notice instead: the open one is
    cancelled and replaced, and the dossier stays where it is.
    """
    now = now or timezone.now()
    cleaned, total = fees.check_notice(lines)
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    previous = open_notice(dossier)
    if previous is not None:
        if not dossier_services.actor_roles(officer, dossier) & NOTICE_ROLES:
            raise IllegalTransition("Bạn không có quyền sửa thông báo phí của hồ sơ này",
                                    "you may not change this dossier's fee notice")
        _close(previous, FeeNotice.Status.CANCELLED, "Thay bằng thông báo mới / replaced", now, officer)
    notice = FeeNotice.objects.create(dossier=dossier, total=total, note=note.strip(), issued_by=officer, issued_at=now)
    FeeNoticeLine.objects.bulk_create([
        FeeNoticeLine(notice=notice, position=i, fee_id=line.fee_id, name=line.name, legal_basis=line.legal_basis,
                      catalogue_amount=line.catalogue_amount, unit_amount=line.unit_amount or 0,
                      quantity=line.quantity, exempt=line.exempt, reason=line.reason, amount=line.amount)
        for i, line in enumerate(cleaned)])
    if previous is None:
        dossier_services.perform(dossier, "request_fee", officer, now=now,
                                 comment=f"Thông báo nộp phí, lệ phí: {format_vnd(total)}",
                                 event_data={"fee_notice": notice.pk, "total": total})
    event(Kind.NOTICE_ISSUED, dossier=dossier, notice=notice, actor=officer,
           message=f"{format_vnd(total)}" + (f" (thay thông báo {previous.pk})" if previous else ""))
    return notice


def _close(notice: FeeNotice, status: str, reason: str, now, actor=None) -> None:
    notice.status, notice.closed_at, notice.close_reason = status, now, reason[:300]
    notice.save(update_fields=["status", "closed_at", "close_reason"])
    if status != FeeNotice.Status.PAID:
        event(Kind.NOTICE_CANCELLED, dossier_id=notice.dossier_id, notice=notice, actor=actor, message=reason[:500])


def close_notices_left_behind(dossier: Dossier, action: str, now=None) -> None:
    """The dossier left "waiting for the fee" without a payment booked here (withdrawn, or an
    officer recorded the obligation as met elsewhere, e.g. a tax paid at the tax office)."""
    notice = open_notice(dossier)
    if notice is None or dossier.state == State.FEE_REQUESTED:
        return
    if action == "fee_paid":
        _close(notice, FeeNotice.Status.SETTLED_ELSEWHERE, "Cán bộ ghi nhận đã thực hiện nghĩa vụ tài chính",
               now or timezone.now())
    else:
        _close(notice, FeeNotice.Status.CANCELLED, f"Hồ sơ chuyển trạng thái ({action})", now or timezone.now())


# --- paying -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PaymentOption:
    """One way to pay a notice, as the payment page shows it."""

    plugin_id: str
    name: str
    demo: bool
    qr_payload: str = ""
    qr_svg: str = ""
    account: str = ""  # "VietinBank 0011001932418 — TRUNG TAM ..." for a transfer
    note: str = ""  # the transfer note the QR carries
    redirect_url: str = ""


def receiving_account(dossier: Dossier) -> ReceivingAccount | None:
    """The account of the dossier's centre, else the one of its receiving unit."""
    accounts = ReceivingAccount.objects.filter(unit_id=dossier.unit_id, is_active=True)
    if dossier.centre_id:
        centre = accounts.filter(centre_id=dossier.centre_id).first()
        if centre:
            return centre
    return accounts.filter(centre__isnull=True).first()


def _for_dossier(plugin: BasePaymentPlugin, dossier: Dossier) -> BasePaymentPlugin:
    """A real bank plugin collects into the unit's own account when it has one. The simulator is
    a bank with one account of its own, so it always uses that one (decision 0321)."""
    if isinstance(plugin, BankTransferPlugin) and not plugin.demo:
        account = receiving_account(dossier)
        if account:
            return plugin.with_account(account.bank_bin, account.account_number, account.account_name)
    return plugin


def payment_options(notice: FeeNotice, return_url: str = "") -> list[PaymentOption]:
    """Every enabled plugin's way to pay ``notice``; a plugin that is not fully configured is left
    out (and logged by Django) rather than breaking the page."""
    dossier = notice.dossier
    request = PaymentRequest(reference=dossier.code, amount=notice.total, return_url=return_url,
                             description=vietqr.fit_purpose(dossier.code))
    options = []
    for plugin_id in registry.enabled_ids():
        try:
            plugin = _for_dossier(registry.get(plugin_id), dossier)
            start = plugin.create_payment(request)
        except (ImproperlyConfigured, PaymentError, vietqr.VietQRError):
            continue
        options.append(PaymentOption(plugin_id=plugin_id, name=plugin.verbose_name, demo=plugin.demo,
                                     redirect_url=start.redirect_url, **_qr_fields(start.qr_payload)))
    return options


def _qr_fields(payload: str) -> dict:
    """What the page shows of a VietQR besides the image: the account and the transfer note."""
    if not payload:
        return {}
    qr = vietqr.parse_payload(payload)
    account = f"{qr['bank'] or qr['bin']} {qr['account']}" + (f" — {qr['merchant_name']}" if qr["merchant_name"] else "")
    return {"qr_payload": payload, "qr_svg": vietqr.svg_data_uri(payload, scale=5), "account": account,
            "note": qr["purpose"] or ""}


def pay(notice: FeeNotice, *, amount: int, paid_at: datetime, actor, method: str, plugin_id: str = "",
         transaction_id: str = "", flag: int = 0, now: datetime, audit: dict | None = None) -> Payment:
    """Book ``notice`` as paid: payment row, gapless receipt, notice closed, dossier moved on."""
    dossier = notice.dossier
    payment = Payment.objects.create(notice=notice, dossier=dossier, unit_id=dossier.unit_id,
                                     procedure_id=dossier.procedure_id, amount=amount, method=method,
                                     plugin_id=plugin_id, transaction_id=transaction_id, platform_flag=flag,
                                     paid_online=flag > 0, paid_at=paid_at,
                                     recorded_by=actor if getattr(actor, "pk", None) else None)
    receipt = receipts.issue(payment)
    _close(notice, FeeNotice.Status.PAID, "", now)
    dossier_services.perform(dossier, "fee_paid", actor, now=now,
                             comment=f"Đã nộp {format_vnd(amount)}, biên lai {receipt.series} số {receipt.number:07d}",
                             event_data={"payment": payment.pk, "receipt": receipt.number})
    event(Kind.PAID, **{**(audit or {}), "dossier": dossier, "notice": notice, "actor": payment.recorded_by,
                         "plugin_id": plugin_id, "transaction_id": transaction_id, "reason": "exact",
                         "message": f"{format_vnd(amount)} — {payment.get_method_display()}"})
    return payment


@transaction.atomic
def record_cash(notice: FeeNotice, officer, amount: int, *, now: datetime | None = None) -> Payment:
    """Thu tiền mặt tại quầy: the officer took exactly the notice's amount."""
    now = now or timezone.now()
    notice = FeeNotice.objects.select_for_update().select_related("dossier").get(pk=notice.pk)
    if notice.status != FeeNotice.Status.ISSUED:
        raise UserFacingError("Thông báo phí này không còn chờ nộp", "this fee notice is no longer open", code="closed")
    if amount != notice.total:
        raise UserFacingError(f"Số tiền thu phải đúng bằng số tiền thông báo: {format_vnd(notice.total)}",
                              f"the amount taken must equal the notice: {notice.total} VND", field="amount")
    return pay(notice, amount=amount, paid_at=now, actor=officer, method=Payment.Method.CASH, now=now)


# --- the accountant's tools ---------------------------------------------------------------------

@transaction.atomic
def assign_transaction(tx: GatewayTransaction, officer, dossier_code: str) -> Payment:
    """Đối chiếu thủ công: a transfer whose note was wrong pays the open notice of ``dossier_code``
    when its amount is exactly the notice's."""
    tx = GatewayTransaction.objects.select_for_update().get(pk=tx.pk)
    if tx.status not in (GatewayTransaction.Status.UNMATCHED, GatewayTransaction.Status.MISMATCH) or tx.refunds.exists():
        raise UserFacingError("Giao dịch này đã được xử lý", "this transaction was already dealt with")
    notice = (FeeNotice.objects.select_for_update().select_related("dossier")
              .filter(status=FeeNotice.Status.ISSUED, dossier__code=dossier_code.strip().upper()).first())
    if notice is None or notice.dossier.state != State.FEE_REQUESTED:
        raise UserFacingError(f"Hồ sơ {dossier_code} không có thông báo phí đang chờ nộp",
                              "that dossier has no open fee notice", field="dossier_code")
    if notice.total != tx.amount:
        raise UserFacingError(f"Số tiền giao dịch ({format_vnd(tx.amount)}) khác số tiền thông báo "
                              f"({format_vnd(notice.total)}): hãy hoàn tiền", "amounts differ: refund instead",
                              field="dossier_code")
    plugin_flag = _plugin_flag(tx.plugin_id)
    tx.payment = pay(notice, amount=tx.amount, paid_at=tx.paid_at, actor=officer, method=Payment.Method.ONLINE,
                      plugin_id=tx.plugin_id, transaction_id=tx.transaction_id, flag=plugin_flag,
                      now=timezone.now())
    tx.status, tx.notice, tx.unit_id = GatewayTransaction.Status.RESOLVED, notice, notice.dossier.unit_id
    tx.reason = f"Đối chiếu thủ công với {notice.dossier.code}"
    tx.save()
    return tx.payment


def _plugin_flag(plugin_id: str) -> int:
    """DuocThanhToanTrucTuyen of a plugin even when it is no longer enabled (local by default)."""
    try:
        return int(registry.get(plugin_id).national_platform_flag)
    except (registry.PluginNotEnabled, ImproperlyConfigured):
        return int(NationalPlatformFlag.LOCAL)


@transaction.atomic
def refund(target: GatewayTransaction | Payment, officer, amount: int, reason: str) -> Refund:
    """Hoàn tiền: through the gateway when it can, otherwise recorded as manual (cash at the
    counter, or a transfer the accountant makes by hand)."""
    if not reason.strip():
        raise UserFacingError("Ghi lý do hoàn tiền", "give the reason for the refund", field="reason")
    is_payment = isinstance(target, Payment)
    target = type(target).objects.select_for_update().get(pk=target.pk)
    already = sum(r.amount for r in target.refunds.exclude(status=RefundStatus.REJECTED))
    if not 0 < amount <= target.amount - already:
        raise UserFacingError(f"Số tiền hoàn phải từ 1 đến {format_vnd(target.amount - already)}",
                              "refund amount out of range", field="amount")
    plugin_id = target.plugin_id
    reference = (target.dossier.code if is_payment else target.reference) or target.transaction_id
    result_status, refund_id, message = RefundStatus.MANUAL, "", "Hoàn trả thủ công / refunded by hand"
    if plugin_id:
        try:
            result = registry.get(plugin_id).refund(reference, amount)
            result_status, refund_id, message = result.status, result.refund_id, result.message
        except (registry.PluginNotEnabled, ImproperlyConfigured):
            pass  # the gateway is gone: the accountant refunds by hand
        except PaymentError as exc:
            raise UserFacingError(f"Cổng thanh toán chưa hoàn được tiền: {exc}", "the gateway did not refund") from exc
    row = Refund.objects.create(payment=target if is_payment else None, transaction=None if is_payment else target,
                                unit_id=target.unit_id, amount=amount, reason=reason.strip()[:300],
                                status=result_status, refund_id=refund_id, message=message[:300], by=officer,
                                at=timezone.now())
    if result_status != RefundStatus.REJECTED:
        if is_payment:
            target.refunded = already + amount
            target.save(update_fields=["refunded"])
        else:
            target.status = GatewayTransaction.Status.REFUNDED
            target.save(update_fields=["status"])
    event(Kind.REFUND, reason=str(result_status), actor=officer, plugin_id=plugin_id,
           transaction_id=target.transaction_id, dossier_id=target.dossier_id if is_payment else None,
           message=f"{format_vnd(amount)}: {reason.strip()} ({message})"[:500])
    return row


def dossier_platform_flag(dossier: Dossier) -> int:
    """DuocThanhToanTrucTuyen for the national sync: 1 or 2 when a fee was paid online, else 0."""
    flags = dossier.payments.filter(paid_online=True).values_list("platform_flag", flat=True)
    return min(flags, default=0)
