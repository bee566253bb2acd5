"""How dates, times, amounts and agency names are written on the forms (pure functions).

Dates follow Decree 30/2020/NĐ-CP on administrative documents (thể thức văn bản): days below 10
and the months 1 and 2 take a leading zero ("ngày 05 tháng 01 năm 2026", but "tháng 3"), so that
nobody can turn "tháng 1" into "tháng 11" by hand.
"""

from datetime import date, datetime
from decimal import Decimal

from motcua.catalog.models import DurationUnit

DOTS = "…………"

# Administrative kinds written before a place name; the place line drops them
# ("Phường An Bình, ngày …" → "An Bình, ngày …").
_PLACE_PREFIXES = ("Thành phố", "Đặc khu", "Phường", "Tỉnh", "Xã", "Thị trấn")


def day_month(day: date) -> tuple[str, str]:
    """(day, month) as written on documents: '05', '01', '02' with a zero; '3'…'12' without."""
    written_day = f"{day.day:02d}" if day.day < 10 else str(day.day)
    written_month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return written_day, written_month


def date_words(day: date | None) -> str:
    """'ngày 05 tháng 3 năm 2026'; blanks to fill by hand when the date is unknown."""
    if day is None:
        return f"ngày {DOTS} tháng {DOTS} năm {DOTS}"
    written_day, written_month = day_month(day)
    return f"ngày {written_day} tháng {written_month} năm {day.year}"


def moment_words(moment: datetime | None) -> str:
    """'16 giờ 30 phút, ngày 27 tháng 02 năm 2026' for a local datetime."""
    if moment is None:
        return f"{DOTS} giờ {DOTS} phút, {date_words(None)}"
    return f"{moment.hour:02d} giờ {moment.minute:02d} phút, {date_words(moment.date())}"


def short_moment(moment: datetime | None) -> str:
    """'16:30 27/02/2026' for tables, where the long form does not fit."""
    return f"{moment:%H:%M %d/%m/%Y}" if moment else ""


def short_date(day: date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def number_words(value: Decimal) -> str:
    """A decimal written the Vietnamese way: 10 → '10', 0.5 → '0,5', 1.25 → '1,25'."""
    text = format(Decimal(value).normalize(), "f")
    return text.replace(".", ",")


def amount_words(value: Decimal | None, unit: str) -> str:
    """'10 ngày làm việc' from the dossier's statutory time (thời hạn giải quyết)."""
    if value is None:
        return DOTS
    label = DurationUnit(unit).label.lower() if unit in DurationUnit.values else unit
    return f"{number_words(value)} {label}"


def place_name(official_name: str) -> str:
    """'Phường An Bình' → 'An Bình', 'Tỉnh Đắk Lắk' → 'Đắk Lắk' for the place and date line."""
    name = " ".join(official_name.split())
    for prefix in _PLACE_PREFIXES:
        if name.lower().startswith(prefix.lower() + " "):
            return name[len(prefix) + 1:]
    return name


def governing_body(official_name: str) -> str:
    """The first header line, the people's committee of the level (tên cấp): 'UBND TỈNH ĐẮK LẮK'."""
    return f"UBND {' '.join(official_name.split()).upper()}"


def lines(text: str) -> list[str]:
    """A free-text reason or request split into its non-empty lines (one item each on the form)."""
    return [line.strip(" -•\t") for line in (text or "").splitlines() if line.strip(" -•\t")]


def minutes_words(minutes: int) -> str:
    """Working time used or allowed: 450 → '7 giờ 30 phút', 480 → '8 giờ', 45 → '45 phút'."""
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return f"{rest} phút"
    return f"{hours} giờ {rest} phút" if rest else f"{hours} giờ"


def copies_words(originals: int, copies: int) -> str:
    """How many papers of a document were handed in: '01 bản chính, 02 bản sao'."""
    parts = [f"{n:02d} {kind}" for n, kind in ((originals, "bản chính"), (copies, "bản sao")) if n]
    return ", ".join(parts)


def initials(official_name: str) -> str:
    """The abbreviation after a document number, from the agency name: 'Sở Tư pháp' → 'STP'."""
    words = [w for w in official_name.split() if w.lower() != "và"]
    return "".join(w[0].upper() for w in words)


def committee_name(official_name: str) -> str:
    """The people's committee of a commune or province, as named in a sentence:
    'Phường An Bình' → 'Ủy ban nhân dân phường An Bình'."""
    name = " ".join(official_name.split())
    return f"Ủy ban nhân dân {name[:1].lower()}{name[1:]}"
