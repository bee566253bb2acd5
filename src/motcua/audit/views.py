"""Trang nhật ký truy cập: the province's security officer reviews who read personal data."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from motcua.accounts.permissions import reach
from motcua.accounts.policy import Action
from motcua.backoffice.views.common import staff_required
from motcua.dossiers.models import Dossier

from .forms import ReadLogFilterForm
from .queries import Filters, in_provinces

PAGE_SIZE = 50


@staff_required
def read_log(request):
    """Whole provinces only: a unit leader sees the readers of a dossier on its page instead."""
    province_ids = reach(request.user, Action.AUDIT).provinces
    if not province_ids:  # the same test as the menu's (templatetags/audit.py audits_reads)
        raise PermissionDenied("Cần quyền kiểm tra nhật ký truy cập cấp tỉnh / "
                               "province-wide audit right needed")
    form = ReadLogFilterForm(request.GET or None, province_ids=province_ids)
    valid = not form.is_bound or form.is_valid()
    records = in_provinces(province_ids, form.filters() if form.is_bound and valid else Filters())
    page = Paginator(records if valid else records.none(), PAGE_SIZE).get_page(request.GET.get("page"))
    codes = dict(Dossier.objects.filter(pk__in={r.dossier_id for r in page if r.dossier_id})
                 .values_list("pk", "code"))
    for record in page:
        record.code = codes.get(record.dossier_id, "")
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/read_log.html", {"form": form, "page": page, "query": query.urlencode()},
                  status=200 if valid else 400)
