"""Vietnamese public holidays (ngày nghỉ lễ, tết) and compensatory working Saturdays (ngày làm bù).

The only source is the ``holidays`` package (country ``VN``): it knows Tết, observed days
(nghỉ bù) and the Government's day swaps (hoán đổi ngày làm việc).
"""

from datetime import date
from functools import lru_cache

import holidays


@lru_cache(maxsize=None)
def year_days(year: int) -> tuple[frozenset[date], frozenset[date]]:
    """``(days_off, weekend_workdays)`` of ``year``: holidays on any weekday, and worked weekend days.

    Cached for the life of the process: the package's data only changes with a new release.
    """
    calendar = holidays.country_holidays("VN", years=year)
    # weekend_workdays also lists worked days of other years (the package adds some whatever the
    # year asked for): keep this year's only, so that each date is decided by its own year.
    workdays = frozenset(d for d in calendar.weekend_workdays if d.year == year)
    return frozenset(calendar), workdays
