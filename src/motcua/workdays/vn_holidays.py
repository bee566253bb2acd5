"""Vietnamese public holidays (ngày nghỉ lễ, tết) and compensatory working Saturdays (ngày làm bù).

The only source is the ``holidays`` package (country ``VN``): it knows Tết, observed days
(nghỉ bù) and the Government's day swaps (hoán đổi ngày làm việc). A swap may pair days of two
years (the Saturday 27/12/2014 was worked for Friday 02/01/2015), so a year is read together with
its neighbours and then cut to its own dates.
"""

from datetime import date
from functools import lru_cache

import holidays


@lru_cache(maxsize=None)
def year_days(year: int) -> tuple[frozenset[date], frozenset[date]]:
    """``(days_off, weekend_workdays)`` of ``year``: holidays on any weekday, and worked weekend days.

    Cached for the life of the process: the package's data only changes with a new release.
    """
    calendar = holidays.country_holidays("VN", years=range(year - 1, year + 2))
    days_off = frozenset(d for d in calendar if d.year == year)
    workdays = frozenset(d for d in calendar.weekend_workdays if d.year == year)
    return days_off, workdays
