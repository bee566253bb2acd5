"""Unit-scoped permissions: which objects a user may see or act on (the rules in ``policy.py``).

Any object works if it has a ``unit`` (or names its unit fields in ``scope_unit_fields``, e.g.
``("unit", "current_unit")`` or ``("centre__unit",)``); objects without a unit are judged by their
``province``. Objects with an ``owner`` or ``applicant`` user (``scope_owner_fields``) are visible to
that user. Every list view and API filters with ``scope()``; single objects are checked with
``allows()`` or the rules permissions registered in ``rules.py`` (``motcua.view_unit_object``...).

Grants and reaches are cached on the user object for the request; call ``forget(user)`` after
changing that user's roles in the same request.
"""

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q, QuerySet

from motcua.organizations.models import Province, Unit

from .models import User
from .policy import Action, Grant, Reach, reach_from_grants

DEFAULT_OWNER_FIELDS = ("owner", "applicant")
_CACHE = "_motcua_permissions"


def _cache(user) -> dict:
    if not hasattr(user, _CACHE):
        setattr(user, _CACHE, {})
    return getattr(user, _CACHE)


def forget(user) -> None:
    """Drop the cached grants of ``user`` (after changing its roles)."""
    if hasattr(user, _CACHE):
        delattr(user, _CACHE)


def grants_of(user) -> list[Grant]:
    """The role assignments of an active staff member, as plain values (one query, cached)."""
    if not (user.is_authenticated and user.is_active and user.kind == User.Kind.STAFF):
        return []
    cache = _cache(user)
    if "grants" not in cache:
        rows = user.roles.values_list("role", "province_id", "unit_id", "unit__province_id")
        cache["grants"] = [Grant(*row) for row in rows]
    return cache["grants"]


def reach(user, action: Action) -> Reach:
    cache = _cache(user)
    key = ("reach", action)
    if key not in cache:
        cache[key] = reach_from_grants(grants_of(user), action, getattr(user, "province_id", None))
    return cache[key]


def units_for(user, action: Action) -> QuerySet:
    """The units where ``user`` may perform ``action`` (lazy; usable as a subquery)."""
    where = reach(user, action)
    if where.is_empty:
        return Unit.objects.none()
    return Unit.objects.filter(Q(province_id__in=where.provinces) | Q(pk__in=where.units))


def _unit_ids_for(user, action: Action) -> frozenset[int]:
    cache = _cache(user)
    key = ("unit_ids", action)
    if key not in cache:
        cache[key] = frozenset(units_for(user, action).values_list("pk", flat=True))
    return cache[key]


# --- how an object or a model names its unit, province and owner -------------------------------

def unit_paths(target) -> tuple[str, ...]:
    """ORM paths from ``target`` (a model, instance or any object) to the unit(s) it belongs to."""
    if _is(target, Unit):
        return ("pk",)
    declared = getattr(target, "scope_unit_fields", None)
    if declared is not None:
        return tuple(declared)
    return ("unit",) if _has_relation(target, "unit", Unit) else ()


def province_path(target) -> str | None:
    if _is(target, Province):
        return "pk"
    return "province" if _has_relation(target, "province", Province) else None


def owner_paths(target) -> tuple[str, ...]:
    declared = getattr(target, "scope_owner_fields", None)
    if declared is not None:
        return tuple(declared)
    return tuple(name for name in DEFAULT_OWNER_FIELDS if _has_relation(target, name, User))


def _has_relation(target, name: str, model) -> bool:
    """``target.name`` leads to ``model``: a foreign key on a model, any attribute on a plain object.

    Checking the field type keeps a text field that happens to be called ``applicant`` from ever
    being compared with a user id.
    """
    meta = getattr(target, "_meta", None)
    if meta is None:
        return hasattr(target, name)
    try:
        field = meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return field.is_relation and field.many_to_one and issubclass(field.related_model, model)


def _is(target, model) -> bool:
    return isinstance(target, model) or (isinstance(target, type) and issubclass(target, model))


def _walk_id(obj, path: str):
    """Follow ``a__b__c`` through attributes and return the id at the end (None on a gap)."""
    *hops, last = path.split("__")
    for hop in hops:
        obj = getattr(obj, hop, None)
        if obj is None:
            return None
    if last == "pk":
        return obj.pk
    if hasattr(obj, f"{last}_id"):  # a foreign key: no query for the related row
        return getattr(obj, f"{last}_id")
    related = getattr(obj, last, None)
    return getattr(related, "pk", related)


# --- decisions -----------------------------------------------------------------------------------

def is_owner(user, obj) -> bool:
    """The object belongs to ``user`` as its applicant/owner (chủ hồ sơ)."""
    if obj is None or not user.is_authenticated:
        return False
    return any(_walk_id(obj, path) == user.pk for path in owner_paths(obj))


def allows(user, action: Action, obj=None) -> bool:
    """May ``user`` perform ``action`` on ``obj`` — or anywhere at all when ``obj`` is None?"""
    if not user.is_authenticated or not user.is_active:
        return False
    if obj is None:
        return not reach(user, action).is_empty
    if action == Action.VIEW and is_owner(user, obj):
        return True
    unit_ids = {_walk_id(obj, path) for path in unit_paths(obj)} - {None}
    if unit_ids:
        return not unit_ids.isdisjoint(_unit_ids_for(user, action))
    path = province_path(obj)
    return path is not None and _walk_id(obj, path) in reach(user, action).provinces


def scope(queryset: QuerySet, user, action: Action = Action.VIEW) -> QuerySet:
    """Only the rows of ``queryset`` where ``user`` may perform ``action`` (same rules as ``allows``)."""
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    model = queryset.model
    conditions = []
    paths, province = unit_paths(model), province_path(model)
    if paths:
        units = units_for(user, action)
        conditions += [Q(**{f"{path}__in": units}) for path in paths]
    if province:  # rows without a unit are judged by their province, as in allows()
        no_unit = Q(**{f"{path}__isnull": True for path in paths})
        conditions.append(no_unit & Q(**{f"{province}__in": reach(user, action).provinces}))
    if action == Action.VIEW:
        conditions += [Q(**{path: user.pk}) for path in owner_paths(model)]
    if not conditions:
        return queryset.none()
    combined = conditions[0]
    for condition in conditions[1:]:
        combined |= condition
    return queryset.filter(combined)
