"""Pages of result delivery: the return desk (staff), the locker screen and its simulator (public,
at the centre), the post's webhook, and the citizen's electronic results."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from motcua.audit import reads
from motcua.backoffice.forms import add_user_error as show_error
from motcua.backoffice.i18n import error_text
from motcua.core import ratelimit
from motcua.core.errors import UserFacingError
from motcua.dossiers.access import find_visible
from motcua.dossiers.models import Dossier
from motcua.dossiers.workflow import IllegalTransition

from . import desk, lockers, post, results
from .access import is_return_desk, require_return_role, return_units
from .contrib.simulator import locker as locker_sim
from .forms import LockerScreenForm, PlacementForm, ShipmentForm
from .models import Locker, LockerOpening, Placement, Shipment
from .registry import hardware, postal

FAILURES = (UserFacingError, IllegalTransition)


def return_desk_required(view):
    @login_required
    @never_cache
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_return_desk(request.user):
            raise PermissionDenied("Trang dành cho cán bộ trả kết quả / return desk staff only")
        return view(request, *args, **kwargs)
    return wrapper


def _dossier(user, public_id) -> Dossier:
    dossier = find_visible(user, str(public_id))
    if dossier is None:
        raise Http404("Không tìm thấy hồ sơ / dossier not found")
    require_return_role(user, dossier)
    return dossier


# --- the return desk -----------------------------------------------------------------------------

@return_desk_required
def desk_page(request):
    rows = desk.rows_for(request.user)
    reads.note(*(row.dossier for row in rows))
    return render(request, "delivery/desk.html", {
        "groups": desk.grouped(rows), "total": len(rows), "limit": desk.LIMIT,
        "post_simulator": postal.is_simulator(),
        "lockers": Locker.objects.filter(centre__unit__in=return_units(request.user), is_active=True),
    })


@return_desk_required
def ship(request, public_id):
    """Gửi kết quả qua bưu chính: recipient and address (from the dossier), then the tracking number."""
    dossier = _dossier(request.user, public_id)
    form = ShipmentForm.for_dossier(dossier, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            shipment = post.ship(dossier, request.user, **form.cleaned_data)
        except FAILURES as err:
            show_error(form, err)
        else:
            messages.success(request, f"Đã giao kết quả hồ sơ {dossier.code} cho bưu chính, số hiệu "
                                      f"{shipment.tracking_number}")
            return redirect("delivery:desk")
    return render(request, "delivery/ship.html", {"dossier": dossier, "form": form},
                  status=400 if form.errors else 200)


@require_POST
@return_desk_required
def simulate_post(request, pk):
    """Demo: the postal simulator reports on a parcel through the same checks as a real report."""
    if not postal.is_simulator():
        raise Http404("Bưu chính giả lập chưa bật / the postal simulator is not enabled")
    shipment = _returnable_or_404(Shipment.objects.select_related("dossier"), pk, request.user)
    status = request.POST.get("status", "")
    if status not in ("delivered", "failed", "returned"):
        raise Http404("Trạng thái không hợp lệ / invalid status")
    now = timezone.now()
    note = {"failed": "Không liên lạc được người nhận", "returned": "Chuyển hoàn theo yêu cầu"}.get(status, "")
    message = postal.get().report(shipment.tracking_number, status, now, receiver_name=shipment.recipient_name,
                                  note=note)
    answer = post.receive_update(message.headers, message.body, now=now)
    (messages.success if answer.http_status == 200 else messages.error)(
        request, f"Bưu chính giả lập báo: {shipment.tracking_number} — {answer.message}")
    return redirect("delivery:desk")


@csrf_exempt
@require_POST
def post_webhook(request):
    """Báo phát from the postal service: signed, checked once, applied."""
    answer = post.receive_update(request.headers, request.body)
    return JsonResponse(answer.as_json(), status=answer.http_status, json_dumps_params={"ensure_ascii": False})


@return_desk_required
def place(request, public_id):
    """Đặt kết quả vào tủ 24 giờ: pick a free slot at the unit's centre; the door opens."""
    dossier = _dossier(request.user, public_id)
    slots = lockers.free_slots(unit_id=dossier.unit_id).select_related("locker")
    form = PlacementForm(request.POST if request.method == "POST" else None, slots=slots)
    if request.method == "POST" and form.is_valid():
        try:
            placement = lockers.place(dossier, form.cleaned_data["slot"], request.user)
        except FAILURES as err:
            show_error(form, err)
        else:
            messages.success(request, f"Ô {placement.slot} của {placement.slot.locker.name} đã mở: đặt kết quả vào "
                                      f"và đóng cửa. Mã mở tủ đã gửi tin nhắn cho công dân.")
            return redirect("delivery:desk")
    return render(request, "delivery/place.html", {"dossier": dossier, "form": form, "has_slots": slots.exists()},
                  status=400 if form.errors else 200)


def _returnable_or_404(queryset, pk, user):
    """The parcel or placement, if ``user`` may return its dossier's result; else answered as an
    unknown id, so that ids tell nothing (decision 0534)."""
    found = get_object_or_404(queryset, pk=pk)
    try:
        require_return_role(user, found.dossier)
    except PermissionDenied:
        raise Http404 from None
    return found


def _placement_action(request, pk, action, done: str):
    placement = _returnable_or_404(Placement.objects.select_related("dossier", "slot__locker"), pk, request.user)
    try:
        action(placement, request.user)
    except FAILURES as err:
        messages.error(request, error_text(err))
    else:
        messages.success(request, done.format(code=placement.dossier.code, slot=placement.slot,
                                              locker=placement.slot.locker.name))
    return redirect("delivery:desk")


@require_POST
@return_desk_required
def reissue(request, pk):
    return _placement_action(request, pk, lockers.reissue_code, "Đã gửi mã mở tủ mới cho hồ sơ {code}")


@require_POST
@return_desk_required
def recall(request, pk):
    return _placement_action(request, pk, lockers.recall,
                             "Ô {slot} của {locker} đã mở: lấy kết quả hồ sơ {code} về quầy")


@return_desk_required
def openings(request, code):
    """Nhật ký mở tủ of one locker."""
    locker = get_object_or_404(Locker, code=code, centre__unit__in=return_units(request.user))
    log = LockerOpening.objects.filter(slot__locker=locker).select_related("slot", "placement__dossier", "actor")[:300]
    return render(request, "delivery/openings.html", {"locker": locker, "log": log})


# --- the locker screen (at the centre, public) -----------------------------------------------------

def client_address(request) -> str:
    """The client's address behind MOTCUA_TRUSTED_PROXY_HOPS proxies, for per-client limits."""
    return ratelimit.client_ip(request.META.get("REMOTE_ADDR", ""), request.META.get("HTTP_X_FORWARDED_FOR", ""),
                               settings.MOTCUA_TRUSTED_PROXY_HOPS)


@never_cache
def locker_screen(request, code):
    """Màn hình tủ 24 giờ: the dossier code and the SMS code open the slot; any failure reads the same."""
    locker = get_object_or_404(Locker, code=code, is_active=True)
    form = LockerScreenForm(request.POST if request.method == "POST" else None)
    context, status = {"locker": locker, "form": form}, 200
    if request.method == "POST" and form.is_valid():
        try:
            placement = lockers.collect(locker, form.cleaned_data["dossier_code"], form.cleaned_data["code"],
                                        client=client_address(request))
        except UserFacingError as err:
            context["error"] = (err.message_vi, err.message_en)
            status = 429 if err.code == "rate_limited" else 503
        else:
            if placement is None:
                context["error"], status = lockers.WRONG_CODE, 400
            else:
                context["opened"] = placement.slot
                context["form"] = LockerScreenForm()
    return render(request, "delivery/locker_screen.html", context, status=status)


def _simulated_locker(code) -> Locker:
    if not hardware.is_simulator():
        raise Http404("Tủ giả lập chưa bật / the locker simulator is not enabled")
    return get_object_or_404(Locker, code=code)


@never_cache
def locker_simulator(request, code):
    """Demo: the locker as seen from the front — which slots hold a result and which doors are open."""
    locker = _simulated_locker(code)
    slots = list(locker.slots.all())
    occupied = set(Placement.objects.filter(slot__locker=locker, status__in=Placement.IN_SLOT)
                   .values_list("slot_id", flat=True))
    open_doors = locker_sim.open_doors(locker, [s.number for s in slots])
    cells = [{"slot": s, "occupied": s.pk in occupied, "open": s.number in open_doors} for s in slots]
    template = "delivery/_simulator_slots.html" if request.htmx else "delivery/locker_simulator.html"
    return render(request, template, {"locker": locker, "cells": cells})


@require_POST
def simulator_close(request, code, number):
    locker = _simulated_locker(code)
    locker_sim.close(locker, number)
    return redirect("delivery:locker_simulator", code=locker.code)


# --- electronic results (citizen) ----------------------------------------------------------------

@login_required
@never_cache
def my_results(request):
    """Kho kết quả của tôi: results held by the signed-in citizen, to download or reuse."""
    held = results.held_by(request.user).order_by("-issued_at")
    drafts = Dossier.objects.filter(owner=request.user, state__in=results.REUSE_STATES, parent__isnull=True) \
        .select_related("procedure") if request.user.kind != "staff" else Dossier.objects.none()
    return render(request, "delivery/my_results.html", {"held": held, "drafts": drafts})


def _held(request, public_id):
    """A stored result the signed-in person holds; anyone else's is 'not found'."""
    return get_object_or_404(results.held_by(request.user), public_id=public_id)


@login_required
@never_cache
def download(request, public_id):
    stored = _held(request, public_id)
    handle = results.open_file(stored, request.user)
    response = FileResponse(handle, as_attachment=True, filename=stored.attachment.name,
                            content_type=stored.attachment.content_type)
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@login_required
def reuse(request, public_id):
    stored = _held(request, public_id)
    dossier = get_object_or_404(Dossier, public_id=request.POST.get("dossier") or None, owner=request.user)
    try:
        results.reuse(stored, dossier, request.user)
    except FAILURES as err:
        messages.error(request, error_text(err))
    else:
        messages.success(request, f"Đã thêm '{stored.name}' vào hồ sơ {dossier.procedure.name}")
    return redirect("delivery:my_results")
