"""Time WorkCalendar.add(): 100,000 calls per unit, on receipts spread over 2025–2027.

    python bench/workdays_bench.py [--calls N]

Prints microseconds per call; no thresholds. Amounts are typical statutory limits (1–30 working
days, 1–40 working hours, 1–60 calendar days, 1–3 months). A fresh calendar is used for every unit,
so the figures include filling its per-day memo; the ``holidays`` years are loaded before timing.
"""

import argparse
import random
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from motcua.workdays.calendar import VIETNAM, WorkCalendar  # noqa: E402
from motcua.workdays.vn_holidays import year_days  # noqa: E402

AMOUNTS = {"working-days": (1, 30), "working-hours": (1, 40), "days": (1, 60), "months": (1, 3)}


def cases(n: int, unit: str, rng: random.Random) -> list:
    first = datetime(2025, 1, 1, tzinfo=VIETNAM)
    low, high = AMOUNTS[unit]
    return [(first + timedelta(minutes=rng.randrange(3 * 365 * 24 * 60)), rng.randint(low, high)) for _ in range(n)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=100_000)
    calls = parser.parse_args().calls
    for year in range(2024, 2031):
        year_days(year)
    rng = random.Random(2026)
    print(f"WorkCalendar.add(), {calls:,} calls per unit, Python {sys.version.split()[0]}")
    for unit in AMOUNTS:
        calendar, work = WorkCalendar(), cases(calls, unit, rng)
        began = time.perf_counter()
        for start, amount in work:
            calendar.add(start, amount, unit)
        elapsed = time.perf_counter() - began
        print(f"  {unit:14} {elapsed * 1e6 / calls:7.2f} µs/call   ({elapsed:.2f} s)")


if __name__ == "__main__":
    main()
