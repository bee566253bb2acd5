"""Django admin: receiving accounts are configured here; notices, payments, receipts, transactions
and the payment log are read-only records (they change only through payments.services)."""

from django.contrib import admin

from motcua.accounts.admin_scoping import ReadOnlyAdmin, ScopedAdmin

from .models import (FeeNotice, FeeNoticeLine, GatewayTransaction, Payment, PaymentEvent, Receipt,
                     ReceivingAccount, Refund)


@admin.register(ReceivingAccount)
class ReceivingAccountAdmin(ScopedAdmin):
    list_display = ["unit", "centre", "bank_bin", "account_number", "account_name", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["unit__code", "unit__name", "account_number", "account_name"]


class LineInline(admin.TabularInline):
    model = FeeNoticeLine
    fields = ["name", "quantity", "catalogue_amount", "unit_amount", "exempt", "reason", "amount", "legal_basis"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(FeeNotice)
class FeeNoticeAdmin(ReadOnlyAdmin):
    list_display = ["dossier", "total", "status", "issued_at", "issued_by"]
    list_filter = ["status"]
    search_fields = ["dossier__code"]
    inlines = [LineInline]


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ["dossier", "amount", "method", "plugin_id", "platform_flag", "paid_at", "refunded"]
    list_filter = ["method", "plugin_id", "paid_online"]
    search_fields = ["dossier__code", "transaction_id"]


@admin.register(Receipt)
class ReceiptAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "unit", "payer_name", "issued_at"]
    search_fields = ["payment__dossier__code", "payer_name"]


@admin.register(GatewayTransaction)
class GatewayTransactionAdmin(ReadOnlyAdmin):
    list_display = ["transaction_id", "plugin_id", "amount", "note", "status", "paid_at"]
    list_filter = ["status", "plugin_id"]
    search_fields = ["transaction_id", "note", "reference"]


@admin.register(Refund)
class RefundAdmin(ReadOnlyAdmin):
    list_display = ["at", "amount", "status", "reason", "by"]


@admin.register(PaymentEvent)
class PaymentEventAdmin(ReadOnlyAdmin):
    """Only installation administrators (superusers): the log has no unit to scope it by."""

    list_display = ["at", "kind", "reason", "plugin_id", "http_status", "transaction_id", "dossier"]
    list_filter = ["kind", "reason", "plugin_id"]
    search_fields = ["transaction_id", "dossier__code", "body_sha256"]
