"""Counter reception (tiếp nhận tại quầy): pick a procedure, enter the walk-in dossier, decide."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from motcua.catalog import search as catalog_search
from motcua.catalog.models import Procedure, UnitProcedure
from motcua.core.errors import UserFacingError
from motcua.dossiers import services
from motcua.dossiers.workflow import IllegalTransition
from motcua.organizations.models import Unit

from .. import counter, rules
from ..forms import ReceptionForm, add_user_error
from ..i18n import pick
from ..workplace import workplace_of
from .common import staff_required

PICK_LIMIT = 20


def _desk_units(user) -> dict[int, counter.Mode]:
    modes = counter.desk_modes(workplace_of(user))
    if not modes:
        raise PermissionDenied("Chỉ cán bộ một cửa, hỗ trợ viên, nhân viên bưu điện / reception staff only")
    return modes


def _enabled(unit_ids):
    return UnitProcedure.objects.filter(unit_id__in=unit_ids, is_enabled=True, procedure__is_active=True)


@staff_required
def pick_procedure(request):
    """Step 1: find the procedure by code or name among those the officer's units receive."""
    unit_ids = list(_desk_units(request.user))
    text = request.GET.get("q", "").strip()[:200]
    enabled = frozenset(_enabled(unit_ids).values_list("procedure_id", flat=True))
    if text:
        ids = catalog_search.search(text, catalog_search.Filters(procedure_ids=enabled))[:PICK_LIMIT]
        found = Procedure.objects.in_bulk(ids)
        procedures = [found[i] for i in ids if i in found]
    else:
        procedures = list(Procedure.objects.filter(pk__in=enabled).order_by("code")[:PICK_LIMIT])
    context = {"procedures": procedures, "q": text, "ticket": request.GET.get("ticket", "")[:40],
               "total_enabled": len(enabled)}
    template = "backoffice/_procedure_results.html" if request.htmx else "backoffice/reception_pick.html"
    return render(request, template, context)


@staff_required
def receive(request, code):
    """Step 2: the applicant, documents and checklist, then receive / ask completion / refuse / submit."""
    modes = _desk_units(request.user)
    procedure = get_object_or_404(Procedure, code=code, is_active=True)
    unit_ids = list(_enabled(list(modes)).filter(procedure=procedure).values_list("unit_id", flat=True))
    if not unit_ids:
        raise PermissionDenied("Đơn vị của bạn không tiếp nhận thủ tục này / your unit does not receive it")
    units = list(Unit.objects.filter(pk__in=unit_ids).order_by("name"))
    decisions = tuple(dict.fromkeys(d for u in units for d in modes[u.pk].decisions))
    documents = list(procedure.documents.order_by("position"))
    form = ReceptionForm(request.POST or None, request.FILES or None, units=units, documents=documents,
                         decisions=decisions, initial={"unit": units[0].pk, "ticket": request.GET.get("ticket", "")})
    if request.method == "POST" and form.is_valid():
        dossier = _take_in(request, form, procedure, {u.pk: u for u in units}, modes)
        if dossier:
            return redirect("backoffice:dossier", public_id=dossier.public_id)
    status = 400 if request.method == "POST" else 200
    return render(request, "backoffice/reception_form.html", {
        "procedure": procedure, "form": form, "documents": documents, "fees": list(procedure.fees.all()),
        "channels": list(procedure.channels.all()), "can_accept": counter.ACCEPT in decisions}, status=status)


def _take_in(request, form, procedure, units_by_id, modes):
    data = form.cleaned_data
    mode = modes[data["unit"]]
    if data["decision"] not in mode.decisions:
        form.add_error("decision", pick("Vai trò của bạn không thực hiện được lựa chọn này",
                                        "your role cannot take this decision"))
        return None
    intake = counter.Intake(
        procedure=procedure, unit=units_by_id[data["unit"]], decision=data["decision"],
        applicant=services.Applicant(name=data["applicant_name"], id_number=data["applicant_id_number"],
                                     kind=data["applicant_kind"], phone=data["applicant_phone"],
                                     email=data["applicant_email"], address=data["applicant_address"]),
        documents=[rules.Document(d.pk, d.name, d.is_required) for d in form.documents],
        ticked=set(data["checklist"]), files=form.document_files(), note=data["comment"],
        delivery=data["delivery"], summary=data["summary"], received_at=data["received_at"],
        paper_reason=data["paper_reason"], ticket=data["ticket"])
    try:
        dossier = counter.take_in(intake, request.user, mode)
    except (UserFacingError, IllegalTransition) as err:
        add_user_error(form, err)
        return None
    messages.success(request, _outcome(dossier, data["decision"]))
    return dossier


def _outcome(dossier, decision) -> str:
    if decision == counter.ACCEPT:
        due_text = timezone.localtime(dossier.due_at).strftime("%H:%M %d/%m/%Y")
        return pick(f"Đã tiếp nhận hồ sơ {dossier.code}, hẹn trả kết quả lúc {due_text}",
                    f"Dossier {dossier.code} received; result due {due_text}")
    return pick(*{
        counter.REQUEST_COMPLETION: ("Đã lập yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02)", "Completion requested"),
        counter.REFUSE: ("Đã từ chối tiếp nhận hồ sơ (Mẫu 03)", "Dossier refused"),
        counter.SUBMIT: ("Đã nộp hồ sơ; bộ phận một cửa sẽ tiếp nhận", "Submitted to the reception desk"),
    }[decision])
