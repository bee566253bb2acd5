"""What every back-office view shares: staff only, and dossiers only through ``dossiers.access``."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404

from motcua.accounts.models import User
from motcua.audit import reads
from motcua.dossiers.access import find_visible, visible_dossiers


def staff_required(view):
    """Logged-in staff only; citizens and businesses have the portal."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.kind != User.Kind.STAFF:
            raise PermissionDenied("Trang dành cho cán bộ / staff only")
        return view(request, *args, **kwargs)

    return wrapper


def visible_dossier_or_404(user, public_id, related=()):
    """The dossier if ``user`` may see it, noted as read; 404 alike for 'missing' and 'not yours'.
    ``related``: relations to read in the same query, through the same access filter (the dossier
    page reads them all at once instead of reading the dossier twice)."""
    if related:
        dossier = visible_dossiers(user).select_related(*related).filter(public_id=public_id).first()
        reads.note(dossier)
    else:
        dossier = find_visible(user, str(public_id))
    if dossier is None:
        raise Http404("Không tìm thấy hồ sơ / dossier not found")
    return dossier
