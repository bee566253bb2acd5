"""The functions that change fee notices and payments.

- ``issue_notice``: an officer confirms the fees; the dossier goes to "financial obligation
  requested" (national status 6, clock paused) through ``dossiers.services.perform``.
- ``payment_options``: what the citizen can pay with (a VietQR per bank plugin, a link per gateway).
- ``receive_webhook``: verify a gateway's notification and book it. A confirmation of the exact
  amount for a waiting dossier creates the payment and its receipt and moves the dossier on
  (``fee_paid`` by the system), all in one transaction with the replay keys; anything else is kept
  as a transaction for the accountant. Every webhook leaves a ``PaymentEvent``.
- ``record_cash``: cash at the counter; ``assign_transaction`` and ``refund``: the accountant's tools.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, transaction
from django.utils import timezone

from motcua.catalog.presentation import format_vnd
from motcua.core.errors import UserFacingError
from motcua.dossiers import services as dossier_services
from motcua.dossiers.models import Dossier
from motcua.dossiers.workflow import ACTIONS, IllegalTransition, State

from . import fees, receipts, registry, vietqr
from .base import (BasePaymentPlugin, Confirmation, InvalidSignature, MalformedMessage, NationalPlatformFlag,
                   PaymentError, PaymentRequest, PaymentStatus, RefundStatus, ReplayedMessage)
from .contrib.bank_transfer.plugin import BankTransferPlugin
from .models import (FeeNotice, FeeNoticeLine, GatewayTransaction, Payment, PaymentEvent, ReceivingAccount,
                     Refund)

Kind = PaymentEvent.Kind
NOTICE_ROLES = ACTIONS["request_fee"].actors  # who may issue or correct a fee notice


def _event(kind: str, **fields) -> PaymentEvent:
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
                                 comment=f"Thông báo nộp phí, lệ phí: {format_vnd(total)}")
    _event(Kind.NOTICE_ISSUED, dossier=dossier, notice=notice, actor=officer,
           message=f"{format_vnd(total)}" + (f" (thay thông báo {previous.pk})" if previous else ""))
    return notice


def _close(notice: FeeNotice, status: str, reason: str, now, actor=None) -> None:
    notice.status, notice.closed_at, notice.close_reason = status, now, reason[:300]
    notice.save(update_fields=["status", "closed_at", "close_reason"])
    if status != FeeNotice.Status.PAID:
        _event(Kind.NOTICE_CANCELLED, dossier_id=notice.dossier_id, notice=notice, actor=actor, message=reason[:500])


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


def _pay(notice: FeeNotice, *, amount: int, paid_at: datetime, actor, method: str, plugin_id: str = "",
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
                             comment=f"Đã nộp {format_vnd(amount)}, biên lai {receipt.series} số {receipt.number:07d}")
    _event(Kind.PAID, **{**(audit or {}), "dossier": dossier, "notice": notice, "actor": payment.recorded_by,
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
    return _pay(notice, amount=amount, paid_at=now, actor=officer, method=Payment.Method.CASH, now=now)


# --- webhooks -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class WebhookAnswer:
    """What the endpoint answers the gateway: an HTTP status and a short JSON body."""

    http_status: int
    result: str
    message: str = ""

    def as_json(self) -> dict:
        return {"result": self.result, "message": self.message}


class NotPaidYet(Exception):
    """Leave the webhook's transaction without keeping its replay keys (a not-paid status: the
    "paid" message for the same transaction may still come)."""

    def __init__(self, confirmation: Confirmation):
        self.confirmation = confirmation


def configured_plugin(plugin_id: str) -> BasePaymentPlugin:
    plugin = registry.get(plugin_id)
    if isinstance(plugin, BankTransferPlugin) and not plugin.demo:
        plugin = plugin.accepting(ReceivingAccount.objects.filter(bank_bin=plugin.bin)
                                  .values_list("account_number", flat=True))
    return plugin


def receive_webhook(plugin_id: str, headers, body: bytes, *, remote_addr: str | None = None) -> WebhookAnswer:
    """Verify and book one gateway notification; never raises for what the gateway sent."""
    audit = {"plugin_id": plugin_id[:40], "remote_addr": remote_addr, "body_sha256": hashlib.sha256(body).hexdigest(),
             "body": body[:4000].decode("utf-8", errors="replace")}
    try:
        plugin = configured_plugin(plugin_id)
    except (registry.PluginNotEnabled, ImproperlyConfigured) as exc:
        return _refuse(404, "unknown_plugin", exc, audit)
    try:
        with transaction.atomic():
            return book(plugin, plugin.parse_confirmation(headers, body), audit)
    except InvalidSignature as exc:
        return _refuse(401, "bad_signature", exc, audit)
    except ReplayedMessage as exc:
        if exc.transaction_id:  # seen before: answer OK so that the gateway stops sending it
            _event(Kind.DUPLICATE, reason="duplicate", http_status=200, message=str(exc)[:500],
                   transaction_id=exc.transaction_id, **audit)
            return WebhookAnswer(200, "duplicate", str(exc))
        return _refuse(401, "stale_timestamp", exc, audit)
    except MalformedMessage as exc:
        return _refuse(400, "malformed", exc, audit)
    except NotPaidYet as forget:
        status, tx_id = forget.confirmation.status, forget.confirmation.transaction_id
        _event(Kind.NOT_PAID, reason=str(status), http_status=200, transaction_id=tx_id, **audit)
        return WebhookAnswer(200, "not_paid", f"Cổng báo trạng thái {status} / gateway status {status}")
    except (UserFacingError, IllegalTransition, DatabaseError) as exc:
        # Nothing was kept, replay keys included: the gateway's retry will be booked normally.
        _event(Kind.ERROR, reason="booking_failed", http_status=503, message=str(exc)[:500], **audit)
        return WebhookAnswer(503, "retry_later", "Chưa ghi nhận được, vui lòng gửi lại / not booked, retry later")


def _refuse(status: int, reason: str, exc: Exception, audit: dict) -> WebhookAnswer:
    _event(Kind.REFUSED, reason=reason, http_status=status, message=str(exc)[:500], **audit)
    return WebhookAnswer(status, reason, str(exc))


ANSWERS = {  # outcome → (HTTP status, event kind, message)
    fees.Outcome.PAID: (200, Kind.PAID, "Đã ghi nhận thanh toán / payment booked"),
    fees.Outcome.MISMATCH: (422, Kind.MISMATCH, "Số tiền không khớp thông báo phí, chuyển kế toán xử lý / "
                                                "amount differs from the fee notice, kept for the accountant"),
    fees.Outcome.UNMATCHED: (202, Kind.UNMATCHED, "Không có thông báo phí đang chờ cho nội dung này, chuyển kế toán "
                                                  "xử lý / no open fee notice for this note, kept for the accountant"),
}
TX_STATUS = {fees.Outcome.PAID: GatewayTransaction.Status.MATCHED,
             fees.Outcome.MISMATCH: GatewayTransaction.Status.MISMATCH,
             fees.Outcome.UNMATCHED: GatewayTransaction.Status.UNMATCHED}


def book(plugin: BasePaymentPlugin, confirmation: Confirmation, audit: dict | None = None) -> WebhookAnswer:
    """Book a verified confirmation. Run inside the transaction that recorded its replay keys."""
    audit = audit or {"plugin_id": plugin.identifier}
    now = timezone.now()
    tx_id = confirmation.transaction_id
    if GatewayTransaction.objects.filter(plugin_id=plugin.identifier, transaction_id=tx_id).exists():
        _event(Kind.DUPLICATE, reason="already_booked", http_status=200, transaction_id=tx_id, **audit)
        return WebhookAnswer(200, "duplicate", f"Giao dịch {tx_id} đã được ghi nhận / already booked")
    notice = (FeeNotice.objects.select_for_update().select_related("dossier")
              .filter(status=FeeNotice.Status.ISSUED, dossier__code=confirmation.reference).first()
              if confirmation.reference else None)
    dossier = notice.dossier if notice else (Dossier.objects.filter(code=confirmation.reference).first()
                                             if confirmation.reference else None)
    outcome, reason = fees.classify(paid=confirmation.status == PaymentStatus.PAID, amount=confirmation.amount,
                                    notice_total=notice.total if notice else None,
                                    dossier_waiting=bool(notice) and notice.dossier.state == State.FEE_REQUESTED)
    if outcome == fees.Outcome.NOT_PAID:
        raise NotPaidYet(confirmation)
    tx = GatewayTransaction.objects.create(
        plugin_id=plugin.identifier, transaction_id=tx_id, amount=confirmation.amount, paid_at=confirmation.paid_at,
        note=confirmation.note[:300], reference=confirmation.reference[:40],
        account=str(confirmation.raw.get("account", ""))[:40], status=TX_STATUS[outcome], reason=reason,
        unit_id=dossier.unit_id if dossier else _account_unit(plugin, confirmation), notice=notice,
        raw=dict(confirmation.raw))
    status, kind, message = ANSWERS[outcome]
    if outcome == fees.Outcome.PAID:
        tx.payment = _pay(notice, amount=confirmation.amount, paid_at=confirmation.paid_at, actor=None,
                          method=Payment.Method.ONLINE, plugin_id=plugin.identifier, transaction_id=tx_id,
                          flag=int(plugin.national_platform_flag), now=now, audit={**audit, "http_status": status})
        tx.save(update_fields=["payment"])
    else:
        _event(kind, reason=reason, http_status=status, transaction_id=tx_id, dossier=dossier, notice=notice,
               message=f"{format_vnd(confirmation.amount)}: {message}"[:500], **audit)
    return WebhookAnswer(status, outcome.value, message)


def _account_unit(plugin: BasePaymentPlugin, confirmation: Confirmation) -> int | None:
    """The unit whose own receiving account was credited, for money whose note names no dossier."""
    account = confirmation.raw.get("account")
    if not account or not hasattr(plugin, "bin"):
        return None
    return (ReceivingAccount.objects.filter(bank_bin=plugin.bin, account_number=account)
            .values_list("unit_id", flat=True).first())


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
    tx.payment = _pay(notice, amount=tx.amount, paid_at=tx.paid_at, actor=officer, method=Payment.Method.ONLINE,
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
    _event(Kind.REFUND, reason=str(result_status), actor=officer, plugin_id=plugin_id,
           transaction_id=target.transaction_id, dossier_id=target.dossier_id if is_payment else None,
           message=f"{format_vnd(amount)}: {reason.strip()} ({message})"[:500])
    return row


def dossier_platform_flag(dossier: Dossier) -> int:
    """DuocThanhToanTrucTuyen for the national sync: 1 or 2 when a fee was paid online, else 0."""
    flags = dossier.payments.filter(paid_online=True).values_list("platform_flag", flat=True)
    return min(flags, default=0)
