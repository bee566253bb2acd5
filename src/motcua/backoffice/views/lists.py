"""Home page and the inbox (hộp việc) with its tabs, filters, code search and bulk forwarding."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django_htmx.http import HttpResponseClientRedirect
from django.views.decorators.http import require_POST

from motcua.accounts.models import User
from motcua.audit import reads
from motcua.core.errors import UserFacingError
from motcua.dossiers import codes, services
from motcua.dossiers.access import find_visible, visible_dossiers
from motcua.dossiers.models import DossierStep
from motcua.dossiers.workflow import IllegalTransition, State
from motcua.organizations.models import Unit
from motcua.workdays.services import calendar_for_unit

from .. import due, inbox, rows as inbox_rows
from ..forms import InboxFilterForm
from ..i18n import error_text, pick
from ..workplace import workplace_of
from .common import staff_required

COUNTED_TABS = ("mine", "soon", "overdue", "reception")
# The columns an inbox row shows or is ordered by: a dossier row is wide (addresses, summaries,
# result texts), and building 50 full models per page cost more than the query itself.
ROW_COLUMNS = ("public_id", "version", "code", "applicant_name", "channel", "submitted_via", "state", "timeliness",
               "unit", "current_unit__name", "procedure__name", "procedure__code", "assignee__full_name",
               "assignee__username", "step_position", "submitted_at", "received_at", "due_at", "badly_overdue_at",
               "paused_at")


def _units(workplace):
    """The units an officer can list: their own, or every unit of the province they oversee."""
    units = Unit.objects.filter(is_active=True).order_by("name")
    if workplace.province_id:
        return list(units.filter(province_id=workplace.province_id))
    return list(units.filter(pk__in=workplace.unit_ids))


def _context(request, workplace, units_by_id):
    now = timezone.now()
    limits = {pk: due.soon_until(calendar_for_unit(unit), now) for pk, unit in units_by_id.items()}
    return inbox.Context(request.user, workplace.roles_by_unit, now, limits)


def _filters(form, workplace, units_by_id) -> inbox.Filters:
    data = form.cleaned_data if form.is_valid() else {}
    chosen = data.get("unit")
    unit_ids = (chosen,) if chosen in units_by_id else tuple(workplace.unit_ids)
    code = data.get("q", "")
    return inbox.Filters(unit_ids=unit_ids, unit_chosen=chosen in units_by_id,
                         procedure_id=data.get("procedure"), field_id=data.get("field"),
                         state=data.get("state", ""), code=code)


def _is_exact(text: str) -> bool:
    """A whole dossier code or a public id: look it up directly instead of listing."""
    try:
        uuid.UUID(text)
        return True
    except ValueError:
        return codes.parse_code(text) is not None


def _decorate(rows, ctx):
    """Add the current step and the due colour to each row (one query for the page's steps)."""
    steps = {(s.dossier_id, s.position): s for s in DossierStep.objects.filter(
        dossier_id__in=[r.pk for r in rows]).only("dossier_id", "position", "name")}
    for row in rows:
        row.step = steps.get((row.pk, row.step_position))
        if row.state in State.OPEN:
            limit = ctx.soon_limits.get(row.current_unit_id, ctx.now)
            row.level = due.level(ctx.now, row.due_at, row.badly_overdue_at, row.paused_at, limit)
        else:
            row.level = None
        row.level_label = pick(*due.LABELS[row.level]) if row.level else ""
    return rows


def url_pattern(name: str, kwarg: str):
    """A function public_id → URL of ``name``: reversed once, not once per row."""
    placeholder = uuid.UUID(int=0)
    before, _, after = reverse(name, kwargs={kwarg: placeholder}).partition(str(placeholder))
    return lambda value: f"{before}{value}{after}"


def _with(request, **changes) -> str:
    """The inbox URL with the current filters and some parameters changed (None removes one)."""
    query = request.GET.copy()
    for key, value in changes.items():
        query.pop(key, None)
        if value is not None:
            query[key] = value
    return f"{reverse('backoffice:inbox')}?{query.urlencode()}"


def _tab_links(request, current, counts) -> list[dict]:
    links = []
    for tab in inbox.TABS.values():
        count = counts.get(tab.key)
        shown = "" if count is None else f"{inbox.COUNT_CAP}+" if count > inbox.COUNT_CAP else str(count)
        links.append({"key": tab.key, "label": pick(*tab.label), "count": shown, "is_current": tab == current,
                      "url": _with(request, tab=tab.key, after=None)})
    return links


def counts_for(filters, ctx, base, built: dict | None = None) -> dict:
    """Bounded counts of the counted tabs; ``built`` holds segments the caller already made."""
    built = built or {}
    parts = {key: built.get(key) or inbox.segments(inbox.TABS[key], filters, ctx, base) for key in COUNTED_TABS}
    return inbox.bounded_counts(parts)


@login_required
def home(request):
    if request.user.kind != User.Kind.STAFF:  # LOGIN_REDIRECT_URL sends everyone here first
        return redirect("portal:my_dossiers")
    workplace = workplace_of(request.user)
    units_by_id = {u.pk: u for u in _units(workplace) if u.pk in workplace.unit_ids}
    ctx = _context(request, workplace, units_by_id)
    filters = inbox.Filters(unit_ids=tuple(workplace.unit_ids))
    counts = counts_for(filters, ctx, visible_dossiers(request.user))
    roles = request.user.roles.select_related("unit", "province")
    return render(request, "backoffice/home.html", {"roles": roles, "tab_links": _tab_links(request, None, counts)})


@staff_required
def inbox_page(request):
    workplace = workplace_of(request.user)
    units = _units(workplace)
    units_by_id = {u.pk: u for u in units}
    form = InboxFilterForm(request.GET or None, units=units)
    tab = inbox.TABS.get(request.GET.get("tab"), inbox.TABS["mine"])
    filters = _filters(form, workplace, units_by_id)
    if filters.code and _is_exact(filters.code):
        found = find_visible(request.user, filters.code)
        if found:
            target = reverse("backoffice:dossier", kwargs={"public_id": found.public_id})
            # htmx would swap the whole dossier page into the list: ask it to navigate instead.
            return HttpResponseClientRedirect(target) if request.htmx else redirect(target)
        messages.error(request, pick(f"Không tìm thấy hồ sơ {filters.code} trong phạm vi của bạn",
                                     f"no dossier {filters.code} within your units"))
        filters = inbox.Filters(unit_ids=filters.unit_ids, unit_chosen=filters.unit_chosen)
    cursor = inbox.decode_cursor(request.GET.get("after", ""))
    if request.GET.get("after") and cursor is None:
        messages.warning(request, pick("Trang không hợp lệ, hiển thị trang đầu", "invalid page, showing the first"))
    ctx = _context(request, workplace, {pk: units_by_id[pk] for pk in filters.unit_ids if pk in units_by_id})
    base = visible_dossiers(request.user).select_related("procedure", "current_unit", "assignee").only(*ROW_COLUMNS)
    parts = inbox.segments(tab, filters, ctx, base)
    rows, next_cursor = inbox.page(tab, parts, cursor)
    counts = counts_for(filters, ctx, base, {tab.key: parts})
    reads.note(*rows)
    can_forward = tab.key in ("mine", "soon", "overdue")
    dossier_url = url_pattern("backoffice:dossier", "public_id")
    html = inbox_rows.render(_decorate(rows, ctx), tab.key, can_forward, dossier_url)
    context = {
        "form": form, "tab": tab, "rows": rows, "rows_html": html, "tab_links": _tab_links(request, tab, counts),
        "first_url": _with(request, after=None), "is_first_page": cursor is None,
        "next_url": _with(request, after=next_cursor) if next_cursor else "",
        "needs_unit": not filters.unit_ids, "can_forward": can_forward,
    }
    partial = request.htmx and not request.htmx.boosted
    return render(request, "backoffice/_inbox_results.html" if partial else "backoffice/inbox.html", context)


@require_POST
@staff_required
def bulk_forward(request):
    """Chuyển bước hàng loạt: each picked dossier through services.perform, reported one by one."""
    done = []
    for value in request.POST.getlist("pick")[:inbox.PAGE_SIZE]:
        public_id, _, version = value.partition(":")
        dossier = find_visible(request.user, public_id) if version.isdigit() else None
        if dossier is None:
            messages.error(request, pick("Không tìm thấy hồ sơ đã chọn", "a picked dossier was not found"))
            continue
        label = dossier.code or dossier.applicant_name
        try:
            services.perform(dossier, "forward", request.user, expected_version=int(version))
        except (UserFacingError, IllegalTransition) as err:
            messages.error(request, f"{label}: {error_text(err)}")
        else:
            done.append(label)
    if done:
        names = ", ".join(done)
        messages.success(request, pick(f"Đã chuyển bước {len(done)} hồ sơ: {names}",
                                       f"{len(done)} dossier(s) forwarded: {names}"))
    back = request.POST.get("back", "")
    return redirect(back if back.startswith(reverse("backoffice:inbox")) else reverse("backoffice:inbox"))
