"""The calendar of a unit (lịch làm việc của đơn vị): its working periods plus its province's overrides.

Calendars are cached per (province, working periods): every reception computes a deadline, and
building one costs a query. Saving or deleting a DayOverride bumps the province's version in this
process (signals below); other processes (web workers, task workers) see the change when their
entry expires after MOTCUA_WORKDAYS_CACHE_SECONDS (decision 0102).
"""

import time

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from motcua.organizations.models import Province

from .calendar import WorkCalendar
from .models import DayOverride
from .periods import parse_periods

_versions: dict[int, int] = {}  # province id → number of override changes seen by this process
_cache: dict[tuple, tuple[int, float, WorkCalendar]] = {}  # (province id, periods) → (version, expiry, calendar)


def calendar_for_unit(unit) -> WorkCalendar:
    """The WorkCalendar of ``unit`` (organizations.Unit)."""
    periods = parse_periods(unit.working_periods)
    key = (unit.province_id, periods)
    version = _versions.get(unit.province_id, 0)
    entry = _cache.get(key)
    now = time.monotonic()
    if entry and entry[0] == version and entry[1] > now:
        return entry[2]
    calendar = _build(unit.province_id, periods)
    _cache[key] = (version, now + settings.MOTCUA_WORKDAYS_CACHE_SECONDS, calendar)
    return calendar


def _build(province_id: int, periods) -> WorkCalendar:
    days_off, working = set(), set()
    for day, is_working in DayOverride.objects.filter(province_id=province_id).values_list("date", "is_working_day"):
        (working if is_working else days_off).add(day)
    return WorkCalendar(periods=periods, extra_days_off=days_off, extra_working_days=working)


def clear_calendar_cache() -> None:
    """Forget every cached calendar, e.g. after a bulk change that sends no signals, or in tests."""
    _cache.clear()


@receiver([post_save, post_delete], sender=DayOverride, dispatch_uid="workdays_override_changed")
def _override_changed(sender, instance, **kwargs):
    _bump(instance.province_id)


@receiver([post_save, post_delete], sender=Province, dispatch_uid="workdays_province_changed")
def _province_changed(sender, instance, **kwargs):
    # After a rolled-back transaction SQLite hands out the same id again: a new province must not
    # inherit the calendar cached for the old one.
    _bump(instance.pk)


def _bump(province_id: int) -> None:
    _versions[province_id] = _versions.get(province_id, 0) + 1
