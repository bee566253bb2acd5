"""The dossier page (hồ sơ): facts, documents, steps, the event log and one form per allowed action."""

from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from motcua.accounts.models import Role
from motcua.catalog.models import DurationUnit
from motcua.core.errors import UserFacingError
from motcua.dossiers import services
from motcua.dossiers.forms import available_forms
from motcua.dossiers.models import Attachment, Dossier
from motcua.dossiers.workflow import ACTIONS, APPLICANT, IllegalTransition, State, check
from motcua.workdays.services import calendar_for_unit

from .. import due, inbox, labels
from ..actions import form_for, offered, run
from ..forms import add_user_error
from ..i18n import error_text, pick
from .common import staff_required, visible_dossier_or_404

# The control sheet says "quá hạn" of a step; a finished dossier is "trễ hạn" (Timeliness).
STEP_RESULTS = {"early": ("Trước hạn", "Early"), "on_time": ("Đúng hạn", "On time"), "late": ("Quá hạn", "Late")}
DOSSIER_RESULTS = {**STEP_RESULTS, "late": ("Trễ hạn", "Late")}
EVENT_LABELS = {"create": "Tạo hồ sơ", **{name: action.label for name, action in ACTIONS.items()}}


OTHER_ROLES = {APPLICANT: "Chủ hồ sơ", "system": "Hệ thống"}
# The relations of a dossier the page shows, read with it. Not the bundle (parent: a bundle
# member's page reads it by key) nor the centre (not shown): each join more cost PostgreSQL about
# 0.6 ms of planning on every page, for a row most dossiers do not have.
PAGE_RELATED = ("procedure__field", "unit", "current_unit", "assignee")


def _role_label(role: str) -> str:
    return Role(role).label if role in Role.values else OTHER_ROLES.get(role, role)


def _steps(dossier, steps, now):
    """Rows of the process control sheet (Phiếu kiểm soát quá trình giải quyết)."""
    soon = due.soon_until(calendar_for_unit(dossier.current_unit), now)
    for step in steps:
        step.role_label = _role_label(step.role)
        step.is_current = step.position == dossier.step_position and dossier.state not in State.TERMINAL
        step.result = step.level = ""
        if step.finished_at and step.due_at:
            step.result = pick(*STEP_RESULTS[due.step_result(step.finished_at, step.due_at)])
        elif step.is_current and dossier.state in State.OPEN:
            step.level = due.level(now, step.due_at, None, dossier.paused_at, soon) or ""
    return steps


def _events(dossier):
    events = list(dossier.events.select_related("unit").order_by("seq"))
    for event in events:
        event.label = EVENT_LABELS.get(event.action, event.action)
        event.role_label = _role_label(event.actor_role) if event.actor_role else ""
        event.to_label = State.LABELS.get(event.to_state, "")
    return events


def page_context(request, dossier, failed=None, *, loaded=False):
    """Everything the page shows; ``loaded``: ``dossier`` was read with PAGE_RELATED just now."""
    now = timezone.now()
    if not loaded:  # after an action: read it again, with what the page shows of its relations
        dossier = Dossier.objects.select_related(*PAGE_RELATED).get(pk=dossier.pk)
    steps = list(dossier.steps.select_related("unit", "actor"))
    roles = services.actor_roles(request.user, dossier)
    forms = [failed if failed is not None and failed.action.name == action.name else form_for(action, dossier, steps)
             for action in offered(dossier, roles, steps)]
    level = None
    if dossier.state in State.OPEN:
        soon = due.soon_until(calendar_for_unit(dossier.current_unit), now)
        level = due.level(now, dossier.due_at, dossier.badly_overdue_at, dossier.paused_at, soon)
    attachments = list(dossier.attachments.select_related("document").order_by("kind", "uploaded_at"))
    children = list(dossier.children.select_related("procedure", "current_unit").order_by("pk"))
    for item in attachments + children:  # labels from dicts, not get_FOO_display per item
        item.labels = labels.of(item, "kind" if isinstance(item, Attachment) else "state")
    return {
        "d": dossier, "steps": _steps(dossier, steps, now), "events": _events(dossier),
        "d_labels": labels.of(dossier, "state", "applicant_kind", "channel", "submitted_via", "delivery"),
        "attachments": attachments, "children": children,
        "forms": forms, "failed": failed, "roles": sorted(_role_label(r) for r in roles),
        "level": level, "level_label": pick(*due.LABELS[level]) if level else "",
        "timeliness_label": pick(*DOSSIER_RESULTS[dossier.timeliness]) if dossier.timeliness else "",
        "due_moved": due.minute(dossier.original_due_at) != due.minute(dossier.due_at),
        # Acting on a running step that is not one's own is allowed, but worth a warning.
        "foreign_step": dossier.state in inbox.RUNNING and not any(s.is_current and s.role in roles for s in steps),
        "printable": available_forms(dossier),
        "duration_unit": DurationUnit(dossier.duration_unit).label.lower() if dossier.duration_unit else "",
    }


@staff_required
def dossier_page(request, public_id):
    dossier = visible_dossier_or_404(request.user, public_id, PAGE_RELATED)
    return render(request, "backoffice/dossier.html", page_context(request, dossier, loaded=True))


@require_POST
@staff_required
def dossier_action(request, public_id, name):
    dossier = visible_dossier_or_404(request.user, public_id)
    if name not in ACTIONS:
        raise Http404("Thao tác không tồn tại / unknown action")
    try:
        action = check(name, dossier.state, services.actor_roles(request.user, dossier))
    except IllegalTransition as err:
        return refused_page(request, dossier, err)
    form = form_for(action, dossier, list(dossier.steps.all()), request.POST, request.FILES)
    if form.is_valid():
        try:
            dossier = run(form, request.user)
        except services.ConcurrentUpdate as err:
            return refused_page(request, dossier, err)
        except (UserFacingError, IllegalTransition) as err:
            add_user_error(form, err)
        else:
            return _done(request, dossier, action)
    context = page_context(request, dossier, failed=form)
    return render(request, "backoffice/dossier.html", context, status=200 if request.htmx else 400)


def _done(request, dossier, action):
    text = pick(f"Đã thực hiện: {action.label}", f"Done: {action.name.replace('_', ' ')}")
    if request.htmx:  # the page swaps its body in place; the notice travels with it
        return render(request, "backoffice/dossier.html", {**page_context(request, dossier), "notice": text})
    messages.success(request, text)
    return redirect("backoffice:dossier", public_id=dossier.public_id)


def refused_page(request, dossier, err):
    """The action cannot be taken (state, role or a concurrent change): say why on a fresh page."""
    context = {**page_context(request, dossier), "notice": error_text(err), "notice_is_error": True}
    return render(request, "backoffice/dossier.html", context, status=200 if request.htmx else 409)


@staff_required
def download(request, public_id, attachment_id):
    """A dossier's file, for whoever may see the dossier; never a public URL (decision 0263)."""
    dossier = visible_dossier_or_404(request.user, public_id)
    attachment = get_object_or_404(Attachment, pk=attachment_id, dossier=dossier)
    response = FileResponse(default_storage.open(attachment.storage_name, "rb"), as_attachment=True,
                            filename=attachment.name, content_type=attachment.content_type)
    response["Cache-Control"] = "private, no-store"
    return response
