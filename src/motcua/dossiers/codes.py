"""Dossier codes (mã hồ sơ), Circular 01/2018/TT-VPCP art. 19 as used today.

``{unit code}-{YYMMDD}-{NNNN}``, e.g. ``H15.50-261008-0975``: the receiving unit's electronic
code, the receipt date, and a daily sequence per unit. The sequence is allocated by one upsert
statement whose row lock lasts until the reception commits, so concurrent receptions at one unit
queue on that unit's row only (not on a global lock) and a rolled-back reception gives its number
back: codes are unique and without gaps.
"""

import re
from datetime import date

from django.db import connection

CODE_RE = re.compile(r"^(?P<unit>[A-Z0-9]+(?:\.[A-Z0-9]+)*)-(?P<day>\d{6})-(?P<number>\d{4,7})$")


def format_code(unit_code: str, day: date, number: int) -> str:
    """Four digits normally; a unit with more than 9,999 receptions a day simply gets more digits."""
    if number < 1:
        raise ValueError("Số thứ tự phải từ 1 / sequence number must be positive")
    return f"{unit_code}-{day:%y%m%d}-{number:04d}"


def parse_code(code: str) -> tuple[str, date, int] | None:
    """Split a code into (unit code, day, number); None when it is not a dossier code."""
    match = CODE_RE.match(code.strip().upper())
    if not match:
        return None
    raw = match["day"]
    try:
        day = date(2000 + int(raw[:2]), int(raw[2:4]), int(raw[4:]))
    except ValueError:
        return None
    return match["unit"], day, int(match["number"])


_NEXT_SQL = (
    "INSERT INTO dossiers_codesequence (unit_id, day, last) VALUES (%s, %s, 1) "
    "ON CONFLICT (unit_id, day) DO UPDATE SET last = dossiers_codesequence.last + 1 "
    "RETURNING last"
)


def allocate(unit, day: date) -> str:
    """Take the next code of ``unit`` for ``day``. Call inside the reception's transaction."""
    with connection.cursor() as cursor:
        cursor.execute(_NEXT_SQL, [unit.pk, day])
        (number,) = cursor.fetchone()
    return format_code(unit.code, day, number)
