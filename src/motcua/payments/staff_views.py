"""Officer pages: confirm a fee notice, take cash at the counter, the daily reconciliation and the
accountant's actions on unmatched transactions. Staff only, and only for dossiers and units they
may act on (the back office's rules: dossiers.access and accounts.permissions)."""

from datetime import date
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from motcua.accounts.models import User
from motcua.accounts.permissions import allows, units_for
from motcua.accounts.policy import Action
from motcua.core.errors import UserFacingError
from motcua.dossiers import services as dossier_services
from motcua.dossiers.access import find_visible
from motcua.dossiers.workflow import ACTIONS, IllegalTransition
from motcua.organizations.models import Centre

from . import fees, reconciliation, services
from .forms import CashForm, FeeNoticeForm, TransactionForm
from .models import GatewayTransaction
from .views import fee_context

CASH_ROLES = ACTIONS["fee_paid"].actors - {"system"}
TREASURY_ACTIONS = (Action.APPROVE, Action.MANAGE_CENTRE)  # who may refund or match money by hand
REPORT_ACTIONS = (Action.MONITOR, Action.RECEIVE, *TREASURY_ACTIONS)  # who may read the daily reconciliation


def staff_required(view):
    @login_required
    def wrapper(request, *args, **kwargs):
        if request.user.kind != User.Kind.STAFF:
            raise PermissionDenied("Trang dành cho cán bộ / staff only")
        return view(request, *args, **kwargs)

    wrapper.__name__, wrapper.__doc__ = view.__name__, view.__doc__
    return wrapper


def _dossier_for(user, public_id, roles):
    dossier = find_visible(user, str(public_id))
    if dossier is None:
        raise Http404("Không tìm thấy hồ sơ / dossier not found")
    if not dossier_services.actor_roles(user, dossier) & roles:
        raise PermissionDenied("Bạn không có quyền thu phí hồ sơ này / you may not handle this dossier's fee")
    return dossier


@staff_required
def notice_form(request, public_id):
    """Thông báo nộp phí: pick the catalogue fees of the dossier's channel, adjust or exempt them."""
    dossier = _dossier_for(request.user, public_id, services.NOTICE_ROLES)
    catalogue = fees.applicable(dossier.procedure.fees.all(), dossier.channel)
    form = FeeNoticeForm(request.POST or None, catalogue_fees=catalogue, procedure=dossier.procedure)
    if request.method == "POST":
        lines = form.lines()
        if lines is not None:
            try:
                services.issue_notice(dossier, request.user, lines, note=form.cleaned_data["note"])
            except (UserFacingError, IllegalTransition) as err:
                form.add_error(None, err.message_vi)
            else:
                messages.success(request, "Đã gửi thông báo nộp phí; hồ sơ chờ thực hiện nghĩa vụ tài chính")
                return redirect("payments:notice_form", public_id=dossier.public_id)
    context = {**fee_context(dossier, request), "form": form, "open": services.open_notice(dossier),
               "can_take_cash": bool(dossier_services.actor_roles(request.user, dossier) & CASH_ROLES)}
    return render(request, "payments/notice_form.html", context, status=400 if form.errors else 200)


@require_POST
@staff_required
def cash(request, public_id):
    """Thu tiền mặt tại quầy: the receipt is issued and the dossier moves on."""
    dossier = _dossier_for(request.user, public_id, CASH_ROLES)
    notice = services.open_notice(dossier)
    form = CashForm(request.POST)
    if notice is None:
        messages.error(request, "Hồ sơ không có khoản phí chờ nộp / nothing to pay")
    elif form.is_valid():
        try:
            payment = services.record_cash(notice, request.user, form.cleaned_data["amount"])
        except (UserFacingError, IllegalTransition) as err:
            messages.error(request, err.message_vi)
        else:
            messages.success(request, f"Đã thu tiền mặt, biên lai số {payment.receipt.number:07d}")
    else:
        messages.error(request, "Số tiền không hợp lệ / invalid amount")
    return redirect("payments:notice_form", public_id=dossier.public_id)


def _report_units(user):
    units = units_for(user, REPORT_ACTIONS[0])
    for action in REPORT_ACTIONS[1:]:
        units = units | units_for(user, action)
    return units.distinct().order_by("code")


@staff_required
def reconciliation_page(request):
    """Đối soát trong ngày: expected and confirmed payments, unmatched transfers, refunds."""
    units = list(_report_units(request.user))
    if not units:
        raise PermissionDenied("Bạn không có đơn vị nào để đối soát / no unit to reconcile")
    unit = next((u for u in units if str(u.pk) == request.GET.get("don_vi")), units[0])
    centres = list(Centre.objects.filter(unit=unit).order_by("code"))
    centre = next((c for c in centres if str(c.pk) == request.GET.get("trung_tam")), None)
    try:
        day = date.fromisoformat(request.GET.get("ngay", ""))
    except ValueError:
        day = timezone.localdate()
    report = reconciliation.daily_report(unit, day, centre)
    if request.GET.get("xuat") == "xlsx":
        response = HttpResponse(reconciliation.to_excel(report),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="doi-soat-{unit.code}-{day:%Y%m%d}.xlsx"'
        return response
    may_act = any(allows(request.user, action, unit) for action in TREASURY_ACTIONS)
    return render(request, "payments/reconciliation.html", {
        "report": report, "units": units, "unit": unit, "centres": centres, "centre": centre, "day": day,
        "may_act": may_act, "tx_form": TransactionForm()})


def _may_treat(user, tx: GatewayTransaction) -> bool:
    if tx.unit_id is None:  # paid into the province's account with no dossier named: any treasurer
        return any(allows(user, action) for action in TREASURY_ACTIONS)
    return any(allows(user, action, tx) for action in TREASURY_ACTIONS)


@require_POST
@staff_required
def transaction_action(request, pk):
    """Gán giao dịch cho hồ sơ (đối chiếu thủ công) or hoàn tiền."""
    tx = get_object_or_404(GatewayTransaction, pk=pk)
    if not _may_treat(request.user, tx):
        raise Http404  # another unit's transaction: answered as an unknown one, so that ids tell nothing
    form = TransactionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Thông tin chưa hợp lệ / invalid input")
    else:
        data = form.cleaned_data
        try:
            if data["action"] == "assign":
                payment = services.assign_transaction(tx, request.user, data["dossier_code"])
                messages.success(request, f"Đã gán cho hồ sơ {payment.dossier.code}, biên lai số {payment.receipt.number:07d}")
            else:
                row = services.refund(tx, request.user, data["amount"] or tx.amount, data["reason"])
                messages.success(request, f"Hoàn tiền {row.amount:,} đồng: {row.get_status_display()}".replace(",", "."))
        except (UserFacingError, IllegalTransition) as err:
            messages.error(request, err.message_vi)
    query = urlencode({"ngay": timezone.localtime(tx.received_at).date().isoformat(),
                       **({"don_vi": tx.unit_id} if tx.unit_id else {})})
    return redirect(f"{reverse('payments:reconciliation')}?{query}")
