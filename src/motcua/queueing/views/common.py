"""What the queue pages share: finding the centre, staff checks, error messages."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from motcua.accounts.models import User
from motcua.accounts.permissions import allows
from motcua.organizations.models import Centre


def centre_or_404(code: str) -> Centre:
    return get_object_or_404(Centre.objects.select_related("unit"), code=code)


def staff_only(view):
    """Logged-in staff only; the permission on the counter or centre is checked by the view."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.kind != User.Kind.STAFF:
            raise PermissionDenied("Trang dành cho cán bộ / staff only")
        return view(request, *args, **kwargs)

    return wrapper


def require(user, action, obj) -> None:
    """A counter or centre the user may not run is answered as an unknown one, so that ids tell nothing."""
    if not allows(user, action, obj):
        raise Http404


def error_text(request, exc) -> str:
    """The message of a UserFacingError in the page's language, the other one after it."""
    lang = getattr(request, "LANGUAGE_CODE", "vi")
    return exc.message(lang)


def posted_id(request, name: str) -> int:
    """An id from the posted form; 0 (found nowhere: 404) when missing or not a number."""
    value = request.POST.get(name, "")
    return int(value) if value.isdigit() else 0
