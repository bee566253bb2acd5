"""Citizen portal (cổng dịch vụ công): thin views over the domain apps.

Changes go through portal.submission (which calls dossiers.services) or services.perform; their
errors are shown next to the field they name, in the active language.
"""

from functools import wraps
from itertools import groupby

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from motcua.catalog.models import Field, Procedure
from motcua.catalog.presentation import online_badge
from motcua.core import ratelimit
from motcua.core.errors import UserFacingError
from motcua.dossiers import services
from motcua.identity import gate
from motcua.dossiers.models import Attachment, Dossier
from motcua.dossiers.workflow import APPLICANT, IllegalTransition, State, allowed_actions

from . import submission
from .forms import (LookupForm, SubmissionForm, SupplementForm, WithdrawForm, document_field, error_text,
                    initial_from_account, initial_from_dossier, say, show_error)
from .lookup import RateLimited, checked_lookup
from .timeline import current_step_name, history, last_reason
from .wording import SUPPLEMENT_ACTION, todo

FAILURES = (UserFacingError, IllegalTransition)


def home(request):
    fields = Field.objects.filter(procedures__is_active=True).distinct().order_by("name")[:12]
    return render(request, "portal/home.html", {"fields": fields})


def citizen_required(view):
    """Signed in, as a citizen or business: staff accounts do not submit for themselves."""
    @login_required
    @never_cache
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.kind == "staff":
            return render(request, "portal/notice.html", {
                "title": say("Tài khoản cán bộ", "Staff account"),
                "text": say("Trang này dành cho công dân và doanh nghiệp. Cán bộ nộp hồ sơ thay người dân "
                            "trong phần Nghiệp vụ.", "This page is for citizens and businesses."),
            }, status=403)
        return view(request, *args, **kwargs)
    return wrapper


def _posted(request):
    """The data for a bound form on POST — even an empty one — and None otherwise."""
    return request.POST if request.method == "POST" else None


def _own(request, public_id) -> Dossier:
    """The signed-in person's dossier; anyone else's is 'not found', never 'forbidden'."""
    return get_object_or_404(Dossier.objects.select_related("procedure", "unit", "current_unit"),
                             public_id=public_id, owner=request.user, parent__isnull=True)


# --- submission -----------------------------------------------------------------------------------

@citizen_required
def submit(request, code):
    procedure = get_object_or_404(Procedure, code=code, is_active=True)
    if not online_badge(procedure.online_level).can_submit_online:
        return render(request, "portal/not_online.html", {"procedure": procedure})
    return _submission_page(request, procedure, draft=None)


@citizen_required
def edit_draft(request, public_id):
    draft = _own(request, public_id)
    if draft.state != State.DRAFT:
        return redirect("portal:dossier", draft.public_id)
    return _submission_page(request, draft.procedure, draft=draft)


def _submission_page(request, procedure, draft):
    if refused := gate.refusal(request, procedure):  # level-2-only procedures need VNeID level 2
        return refused
    attached = {a.document_id: a for a in draft.attachments.filter(kind=Attachment.Kind.SUBMISSION)} if draft else {}
    initial = initial_from_dossier(draft) if draft else initial_from_account(request.user)
    form = SubmissionForm(procedure, _posted(request), request.FILES if request.method == "POST" else None,
                          attached_document_ids=attached.keys(), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            dossier = submission.save(request.user, procedure, form.draft_data(), form.uploads, draft=draft,
                                      submit=form.submitting)
        except FAILURES as error:
            show_error(form, error)
        else:
            if form.submitting:
                return redirect("portal:submitted", dossier.public_id)
            messages.success(request, say("Đã lưu bản nháp. Bạn có thể quay lại sửa và nộp sau.",
                                          "Draft saved. You can come back to finish it."))
            return redirect("portal:dossier", dossier.public_id)
    groups = [(case, [(doc, form[document_field(doc.pk)], attached.get(doc.pk)) for doc in docs])
              for case, docs in groupby(form.documents, key=lambda d: d.case)]
    return render(request, "portal/submit.html", {
        "procedure": procedure, "draft": draft, "form": form, "document_groups": groups,
        "files_lost": bool(request.FILES) and bool(form.errors)})


@citizen_required
def submitted(request, public_id):
    return render(request, "portal/submitted.html", {"dossier": _own(request, public_id)})


@citizen_required
def delete_draft(request, public_id):
    draft = _own(request, public_id)
    if draft.state != State.DRAFT:  # already sent: it can only be withdrawn
        return redirect("portal:dossier", draft.public_id)
    if request.method == "POST":
        try:
            submission.delete_draft(draft)
        except FAILURES as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, say("Đã xóa bản nháp.", "Draft deleted."))
        return redirect("portal:my_dossiers")
    return render(request, "portal/confirm.html", {
        "dossier": draft, "title": say("Xóa bản nháp?", "Delete this draft?"),
        "text": say("Bản nháp và các tệp đã tải lên sẽ bị xóa hẳn.", "The draft and its files will be deleted."),
        "button": say("Xóa bản nháp", "Delete draft")})


# --- my dossiers ----------------------------------------------------------------------------------

@citizen_required
def my_dossiers(request):
    dossiers = (Dossier.objects.filter(owner=request.user, parent__isnull=True)
                .select_related("procedure", "unit").order_by("-created_at", "-pk"))
    page = Paginator(dossiers, 20).get_page(request.GET.get("page"))
    return render(request, "portal/my_dossiers.html", {"page": page})


@citizen_required
def dossier(request, public_id):
    return _detail_page(request, _own(request, public_id))


def _detail_page(request, dossier, supplement_form=None, status=200):
    needs_supplement = dossier.state in SUPPLEMENT_ACTION
    if needs_supplement and supplement_form is None:
        supplement_form = SupplementForm(dossier.procedure)
    return render(request, "portal/dossier.html", {
        "dossier": dossier,
        "status": State.LABELS[dossier.state],
        "todo": todo(dossier.state, dossier.get_delivery_display()),
        "reason": last_reason(dossier) if needs_supplement else "",
        "current_step": current_step_name(dossier) if dossier.state in State.OPEN else "",
        "history": history(dossier, reasons=True),
        "attachments": dossier.attachments.select_related("document").order_by("uploaded_at", "pk"),
        "parts": dossier.children.select_related("procedure", "current_unit").order_by("pk"),
        "supplement_form": supplement_form if needs_supplement else None,
        "can_withdraw": any(a.name == "withdraw" for a in allowed_actions(dossier.state, {APPLICANT}))
                        and dossier.state != State.DRAFT,
    }, status=status)


@citizen_required
@require_POST
def supplement(request, public_id):
    dossier = _own(request, public_id)
    try:
        submission.supplement_action(dossier)
    except UserFacingError as error:  # a page left open after the request was dealt with
        messages.error(request, error_text(error))
        return redirect("portal:dossier", dossier.public_id)
    form = SupplementForm(dossier.procedure, request.POST, request.FILES)
    if form.is_valid():
        try:
            submission.supplement(dossier, request.user, form.uploads, form.cleaned_data["note"])
        except FAILURES as error:
            show_error(form, error)
        else:
            messages.success(request, say("Đã gửi giấy tờ bổ sung. Cán bộ sẽ tiếp tục giải quyết hồ sơ.",
                                          "Documents sent. The officer will continue with your dossier."))
            return redirect("portal:dossier", dossier.public_id)
    return _detail_page(request, dossier, supplement_form=form)


@citizen_required
def withdraw(request, public_id):
    dossier = _own(request, public_id)
    form = WithdrawForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.perform(dossier, "withdraw", request.user, as_role=APPLICANT,
                             comment=form.cleaned_data["reason"].strip())
        except FAILURES as error:
            show_error(form, error)
        else:
            messages.success(request, say("Đã rút hồ sơ.", "The dossier was withdrawn."))
            return redirect("portal:dossier", dossier.public_id)
    return render(request, "portal/confirm.html", {
        "dossier": dossier, "form": form, "title": say("Rút hồ sơ?", "Withdraw this dossier?"),
        "text": say("Khi rút, hồ sơ sẽ dừng giải quyết và không thể nộp tiếp. Muốn làm lại, bạn phải nộp hồ sơ mới.",
                    "A withdrawn dossier stops for good; to try again you submit a new one."),
        "button": say("Rút hồ sơ", "Withdraw")})


@citizen_required
def attachment(request, public_id, pk):
    """A file of the person's own dossier, always as a download (never shown inline)."""
    file = get_object_or_404(Attachment, pk=pk, dossier=_own(request, public_id))
    return FileResponse(default_storage.open(file.storage_name, "rb"), as_attachment=True, filename=file.name,
                        content_type=file.content_type)


# --- public lookup --------------------------------------------------------------------------------

def _client_ip(request) -> str:
    return ratelimit.client_ip(request.META.get("REMOTE_ADDR", ""), request.META.get("HTTP_X_FORWARDED_FOR", ""),
                               settings.MOTCUA_TRUSTED_PROXY_HOPS)


@never_cache
def lookup(request):
    """Tra cứu hồ sơ. POST, so that the digits do not land in addresses, histories and logs."""
    form = LookupForm(_posted(request), initial={"code": request.GET.get("ma", "")})
    context, status = {"form": form}, 200
    if request.method == "POST" and form.is_valid():
        try:
            context["result"] = checked_lookup(form.cleaned_data["code"], form.cleaned_data["factor"],
                                               _client_ip(request))
        except RateLimited as limited:
            context["limited"], status = say(limited.message_vi, limited.message_en), 429
        else:
            context["not_found"] = context["result"] is None
    return render(request, "portal/lookup.html", context, status=status)
