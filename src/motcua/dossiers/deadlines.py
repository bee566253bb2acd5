"""Statutory deadlines of a dossier, computed with its unit's working-day calendar."""

from datetime import datetime
from decimal import Decimal

from django.conf import settings


def _calendar(unit):
    from motcua.workdays.services import calendar_for_unit

    return calendar_for_unit(unit)


def at_reception(unit, received_at: datetime, amount: Decimal, duration_unit: str) -> tuple[datetime, datetime]:
    """(due moment, badly-overdue moment) for a dossier received at ``received_at``.

    Badly overdue is the moment when the time used reaches the configured factor (default 2) of
    the statutory time, as Signalen's factor-3 flag does for reports.
    """
    calendar = _calendar(unit)
    start = calendar.clock_start(received_at)
    due = calendar.add(start, amount, duration_unit)
    try:
        badly = calendar.add(start, Decimal(amount) * settings.MOTCUA_BADLY_OVERDUE_FACTOR, duration_unit)
    except ValueError:  # beyond the calendar's range (very long statutory times): no badly-overdue flag
        badly = None
    return due, badly


def step_due(unit, start: datetime, working_hours: Decimal) -> datetime:
    calendar = _calendar(unit)
    return calendar.add(calendar.clock_start(start), working_hours, "working-hours")


def after_pause(unit, moment: datetime | None, paused_at: datetime, resumed_at: datetime) -> datetime | None:
    """Move a deadline by the working time during which the clock was paused."""
    if moment is None:
        return None
    return _calendar(unit).extend_for_pause(moment, paused_at, resumed_at)
