"""Gateway notifications (webhooks): verify, match and book, or refuse and log.

A confirmation of the exact amount for a dossier waiting for its fee creates the payment and its
receipt and moves the dossier on (``fee_paid`` by the system), in the same transaction as the
replay keys the plugin wrote; anything else that reports money is kept as a ``GatewayTransaction``
for the accountant. Every webhook, accepted or refused, leaves a ``PaymentEvent``. The answers are
listed in decision 0322.
"""

import hashlib
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, transaction
from django.utils import timezone

from motcua.catalog.presentation import format_vnd
from motcua.core.errors import UserFacingError
from motcua.dossiers.models import Dossier
from motcua.dossiers.workflow import IllegalTransition, State

from . import fees, registry
from .base import (BasePaymentPlugin, Confirmation, InvalidSignature, MalformedMessage, PaymentStatus,
                   ReplayedMessage)
from .contrib.bank_transfer.plugin import BankTransferPlugin
from .models import FeeNotice, GatewayTransaction, Payment, PaymentEvent, ReceivingAccount
from .services import event, pay

Kind = PaymentEvent.Kind


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
            event(Kind.DUPLICATE, reason="duplicate", http_status=200, message=str(exc)[:500],
                   transaction_id=exc.transaction_id, **audit)
            return WebhookAnswer(200, "duplicate", str(exc))
        return _refuse(401, "stale_timestamp", exc, audit)
    except MalformedMessage as exc:
        return _refuse(400, "malformed", exc, audit)
    except NotPaidYet as forget:
        status, tx_id = forget.confirmation.status, forget.confirmation.transaction_id
        event(Kind.NOT_PAID, reason=str(status), http_status=200, transaction_id=tx_id, **audit)
        return WebhookAnswer(200, "not_paid", f"Cổng báo trạng thái {status} / gateway status {status}")
    except (UserFacingError, IllegalTransition, DatabaseError) as exc:
        # Nothing was kept, replay keys included: the gateway's retry will be booked normally.
        event(Kind.ERROR, reason="booking_failed", http_status=503, message=str(exc)[:500], **audit)
        return WebhookAnswer(503, "retry_later", "Chưa ghi nhận được, vui lòng gửi lại / not booked, retry later")


def _refuse(status: int, reason: str, exc: Exception, audit: dict) -> WebhookAnswer:
    event(Kind.REFUSED, reason=reason, http_status=status, message=str(exc)[:500], **audit)
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
        event(Kind.DUPLICATE, reason="already_booked", http_status=200, transaction_id=tx_id, **audit)
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
        tx.payment = pay(notice, amount=confirmation.amount, paid_at=confirmation.paid_at, actor=None,
                          method=Payment.Method.ONLINE, plugin_id=plugin.identifier, transaction_id=tx_id,
                          flag=int(plugin.national_platform_flag), now=now, audit={**audit, "http_status": status})
        tx.save(update_fields=["payment"])
    else:
        event(kind, reason=reason, http_status=status, transaction_id=tx_id, dossier=dossier, notice=notice,
               message=f"{format_vnd(confirmation.amount)}: {message}"[:500], **audit)
    return WebhookAnswer(status, outcome.value, message)


def _account_unit(plugin: BasePaymentPlugin, confirmation: Confirmation) -> int | None:
    """The unit whose own receiving account was credited, for money whose note names no dossier."""
    account = confirmation.raw.get("account")
    if not account or not hasattr(plugin, "bin"):
        return None
    return (ReceivingAccount.objects.filter(bank_bin=plugin.bin, account_number=account)
            .values_list("unit_id", flat=True).first())
