"""Citizen-facing payment pages, the gateway webhook and the receipts.

``/thanh-toan/<public id>/`` is reached by the dossier's unguessable public id (in the portal, the
SMS and on the printed fee notice), so it works without signing in; it shows what is owed and why,
never the applicant's personal data (decision 0323).
"""

import json

from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from motcua.audit.reads import noting
from motcua.dossiers.models import Dossier

from . import demo, receipts, services, webhooks
from .models import FeeNotice, Receipt


@noting  # staff opening a notice or receipt (the payer's name) is a read; citizens are not logged
def _dossier(public_id) -> Dossier:
    return get_object_or_404(Dossier.objects.select_related("procedure", "unit"), public_id=public_id)


def fee_context(dossier: Dossier, request=None) -> dict:
    """What a page needs to show a dossier's fee: the open notice (or the last paid one), its
    lines, how to pay it, and the receipt once paid. Shared by the panels other apps include."""
    notice = services.open_notice(dossier)
    options = []
    if notice is not None and request is not None:
        return_url = request.build_absolute_uri(reverse("payments:pay", args=[dossier.public_id]))
        options = services.payment_options(notice, return_url=return_url)
    last_paid = (dossier.fee_notices.filter(status=FeeNotice.Status.PAID).select_related("payment__receipt")
                 .order_by("-issued_at").first())
    shown = notice or last_paid
    return {"dossier": dossier, "notice": notice, "paid_notice": last_paid, "shown_notice": shown,
            "lines": list(shown.lines.all()) if shown else [], "options": options,
            "receipt": last_paid.payment.receipt if last_paid else None,
            "simulator": demo.simulator_enabled() and any(o.plugin_id == demo.SIMULATOR for o in options)}


@require_GET
def pay(request, public_id):
    """Trang nộp phí: the amount, what it is for, the legal basis, the QR and the other ways to pay."""
    dossier = _dossier(public_id)
    context = fee_context(dossier, request)
    if context["shown_notice"] is None:
        raise Http404("Hồ sơ này chưa có thông báo nộp phí / no fee notice for this dossier")
    return render(request, "payments/pay.html", context)


@require_GET
def pay_status(request, public_id):
    """Polled by the payment page (htmx) until the fee is paid; then the page reloads itself."""
    dossier = _dossier(public_id)
    waiting = services.open_notice(dossier) is not None
    response = render(request, "payments/_pay_status.html", {"dossier": dossier, "waiting": waiting})
    if not waiting and request.GET.get("waiting") == "1":
        response["HX-Refresh"] = "true"
    return response


@require_POST
def simulate_transfer(request, public_id):
    """Demo: the bank simulator pays the QR and sends its signed webhook through the real endpoint."""
    dossier = _dossier(public_id)
    notice = services.open_notice(dossier)
    if notice is None:
        messages.info(request, "Hồ sơ không còn khoản phí chờ nộp / nothing left to pay")
        return redirect("payments:pay", public_id=dossier.public_id)
    url = request.build_absolute_uri(reverse("payments:webhook", args=[demo.SIMULATOR]))
    status, body = demo.simulate_transfer(notice, url)
    answer = _json(body)
    text = f"Ngân hàng giả lập đã chuyển khoản; hệ thống trả lời: {answer.get('message') or status}"
    (messages.success if status == 200 else messages.error)(request, text)
    return redirect("payments:pay", public_id=dossier.public_id)


def _json(body: bytes) -> dict:
    try:
        value = json.loads(body)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


@csrf_exempt
@require_POST
def webhook(request, plugin_id):
    """Thông báo giao dịch từ ngân hàng / cổng thanh toán: signed, checked, booked or refused."""
    answer = webhooks.receive_webhook(plugin_id, request.headers, request.body, remote_addr=request.META.get("REMOTE_ADDR"))
    return JsonResponse(answer.as_json(), status=answer.http_status, json_dumps_params={"ensure_ascii": False})


@require_GET
def notice_pdf(request, public_id):
    """Thông báo nộp phí to print: the lines, the total in words and the VietQR to scan."""
    dossier = _dossier(public_id)
    context = fee_context(dossier, request)
    if context["notice"] is None:
        raise Http404("Không có thông báo phí đang chờ nộp / no open fee notice")
    pdf = receipts.notice_pdf(context)
    return _pdf(pdf, f"thong-bao-phi-{dossier.code}.pdf")


@require_GET
def receipt_pdf(request, public_id, number):
    dossier = _dossier(public_id)
    receipt = get_object_or_404(Receipt.objects.select_related("unit", "payment__notice", "payment__dossier__procedure"),
                                payment__dossier=dossier, number=number)
    return _pdf(receipts.render_pdf(receipt, receipts.lookup_url(request, receipt)), receipts.pdf_filename(receipt))


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def receipt_lookup(request):
    """Tra cứu biên lai: a dossier code and a receipt number that belong together confirm the
    receipt is genuine (the payer's name is shortened)."""
    code, number = request.GET.get("ma_ho_so", "").strip(), request.GET.get("so", "").strip()
    receipt = receipts.find(code, number) if code and number else None
    context = {"code": code, "number": number, "asked": bool(code or number), "receipt": receipt,
               "payer": receipts.masked_name(receipt.payer_name) if receipt else ""}
    return render(request, "payments/receipt_lookup.html", context, status=404 if context["asked"] and not receipt else 200)
