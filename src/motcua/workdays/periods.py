"""Working periods of a day (giờ làm việc), e.g. 07:00–11:30 and 13:30–17:00."""

from datetime import time


def parse_periods(raw) -> tuple[tuple[time, time], ...]:
    """Parse ``[["07:00", "11:30"], ["13:30", "17:00"]]`` into ordered, non-overlapping periods.

    Raises ValueError with a message an administrator can act on.
    """
    if not isinstance(raw, (list, tuple)) or not raw:
        raise ValueError("Giờ làm việc phải là danh sách các khoảng [bắt đầu, kết thúc] / "
                         "working hours must be a list of [start, end] pairs")
    periods = []
    for pair in raw:
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            raise ValueError(f"Khoảng giờ không hợp lệ / invalid period: {pair!r}")
        try:
            start, end = (time.fromisoformat(str(v)) for v in pair)
        except ValueError as exc:
            raise ValueError(f"Giờ không hợp lệ / invalid time in {pair!r}") from exc
        if start >= end:
            raise ValueError(f"Giờ bắt đầu phải trước giờ kết thúc / start must precede end: {pair!r}")
        periods.append((start, end))
    periods.sort()
    for (_, end), (start, _) in zip(periods, periods[1:]):
        if start < end:
            raise ValueError("Các khoảng giờ làm việc chồng lên nhau / working periods overlap")
    return tuple(periods)
