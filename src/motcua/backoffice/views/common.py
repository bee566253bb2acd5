"""What every back-office view shares: staff only, and dossiers only through ``dossiers.access``."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404

from motcua.accounts.models import User
from motcua.dossiers.access import USUAL_RELATED, find_visible


def staff_required(view):
    """Logged-in staff only; citizens and businesses have the portal."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.kind != User.Kind.STAFF:
            raise PermissionDenied("Trang dành cho cán bộ / staff only")
        return view(request, *args, **kwargs)

    return wrapper


def visible_dossier_or_404(user, public_id, related=USUAL_RELATED):
    """The dossier if ``user`` may see it, noted as read; 404 alike for 'missing' and 'not yours'.
    ``related``: the relations read in the same query (the dossier page reads all it shows at
    once instead of reading the dossier twice)."""
    dossier = find_visible(user, str(public_id), related)
    if dossier is None:
        raise Http404("Không tìm thấy hồ sơ / dossier not found")
    return dossier
