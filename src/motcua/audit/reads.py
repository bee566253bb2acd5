"""Ghi nhật ký truy cập: which objects a staff request showed, written once when it ends.

The shared access function (``dossiers.access.find_visible``) notes every dossier it hands out, and
list pages note the rows they show; ``ReadLogMiddleware`` then writes ONE row for the request if the
user is staff (or a superuser) and the response showed something. A view that reaches a dossier through the access
function cannot forget the log. Outside a request (commands, tasks) noting does nothing.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps

_current: ContextVar[dict | None] = ContextVar("motcua_reads", default=None)

# Responses that showed nothing: a redirect, or a refusal that looks like "not found".
REFUSALS = frozenset({401, 403, 404, 405})


def note(*objects) -> None:
    """The current request shows these model instances (None is skipped)."""
    refs = _current.get()
    if refs is None:
        return
    for obj in objects:
        if obj is not None:
            refs.setdefault(f"{obj._meta.model_name}:{obj.pk}")


def noting(function):
    """Decorator for access functions: whatever object they return is noted as read."""

    @wraps(function)
    def wrapper(*args, **kwargs):
        found = function(*args, **kwargs)
        note(found)
        return found

    return wrapper


@contextmanager
def collecting():
    """Collect the objects noted inside the block; yields the (ordered) dict of references."""
    refs: dict[str, None] = {}
    token = _current.set(refs)
    try:
        yield refs
    finally:
        _current.reset(token)


def logged_reader(user) -> bool:
    """Whose reads are logged: staff, and superusers whatever their kind (createsuperuser makes a
    'citizen'); citizens and businesses reading their own files are not."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.kind == "staff" or user.is_superuser


def showed_data(status: int) -> bool:
    """Did a response with this status show what was read? Pages re-shown with a form error (400,
    409, 422) did; redirects, refusals and server errors did not."""
    return status < 300 or (400 <= status < 500 and status not in REFUSALS)


def kind_of(path: str, content_type: str, count: int, api_prefix: str = "/api/") -> str:
    """Thao tác: api for the REST API, view for a page (or a page's JSON), download for one object's
    file, export for a file listing several (registers, Excel reports)."""
    if path.startswith(api_prefix):
        return "api"
    if not content_type or content_type.startswith(("text/html", "text/plain", "application/json")):
        return "view"
    return "download" if count == 1 else "export"


def refs_text(refs) -> str:
    """' dossier:12 ticket:5 ': spaces around every reference, so ' dossier:12 ' matches exactly."""
    return f" {' '.join(refs)} " if refs else ""


def single_dossier(refs) -> int | None:
    """The dossier id when the request showed exactly one dossier (the 'who viewed it' index)."""
    dossiers = [ref for ref in refs if ref.startswith("dossier:")]
    return int(dossiers[0].partition(":")[2]) if len(dossiers) == 1 else None
