"""How catalogue facts read on the public pages: money, time limits, levels, channels, documents.

Pure functions (no database): the views hand them model rows or plain values.
"""

from dataclasses import dataclass, field, replace
from decimal import Decimal
from itertools import groupby

from django.utils.translation import gettext

from motcua.core.text import fold

from .models import Channel, DurationUnit, Level, OnlineLevel

UNKNOWN = "xem chi tiết"  # shown instead of a number we do not know — never 0


def format_vnd(amount: int | None) -> str:
    """8000 → '8.000 đồng'; 0 → 'Miễn phí'; unknown (None) → 'xem chi tiết'."""
    if amount is None:
        return UNKNOWN
    if amount == 0:
        return "Miễn phí"
    return f"{amount:,} đồng".replace(",", ".")


def format_fee(amount: int | None, currency: str = "VND", foreign_amount: Decimal | None = None) -> str:
    """A fee in đồng as ``format_vnd``; one the law sets in foreign money keeps it: '50 USD'."""
    if currency != "VND" and foreign_amount is not None:
        return f"{format_number(foreign_amount)} {currency}"
    return format_vnd(amount)


def format_number(value: Decimal) -> str:
    """Vietnamese decimal comma, no trailing zeros: 5.00 → '5', 0.50 → '0,5', 1500 → '1.500'."""
    whole, _, frac = f"{value.normalize():f}".partition(".")
    whole = f"{int(whole):,}".replace(",", ".")
    return f"{whole},{frac}" if frac else whole


def format_duration(value: Decimal | None, unit: str) -> str:
    """(5, 'working-days') → '5 ngày làm việc'; no number → 'xem chi tiết'.

    The national data often gives a bare number ("1") with no unit; saying so is more honest than
    guessing days.
    """
    if value is None:
        return UNKNOWN
    label = DurationUnit(unit).label.lower() if unit in DurationUnit.values else "(chưa rõ đơn vị)"
    return f"{format_number(value)} {label}"


def level_labels(levels: str) -> list[str]:
    """'province commune' → ['Cấp tỉnh', 'Cấp xã']; unknown words are skipped."""
    return [str(Level(word).label) for word in levels.split() if word in Level.values]


@dataclass(frozen=True)
class OnlineBadge:
    css: str
    label: str
    can_submit_online: bool


def online_badge(online_level: str) -> OnlineBadge:
    """The badge a citizen sees for a procedure's online level (mức độ dịch vụ công trực tuyến)."""
    if online_level == OnlineLevel.FULL:
        return OnlineBadge("badge-green", gettext("Dịch vụ công trực tuyến toàn trình"), True)
    if online_level == OnlineLevel.PARTIAL:
        return OnlineBadge("badge-blue", gettext("Dịch vụ công trực tuyến một phần"), True)
    return OnlineBadge("badge-grey", gettext("Chưa nộp được trực tuyến"), False)


@dataclass(frozen=True)
class FeeLine:
    name: str
    amount: str
    conditions: str
    is_known: bool

    @property
    def name_adds_something(self) -> bool:
        """False when the name only repeats the amount, as "Miễn phí: Miễn phí" would."""
        return fold(self.name) != fold(self.amount)


@dataclass(frozen=True)
class ChannelRow:
    """One way to submit (hình thức nộp) with its time limit and the fees that apply to it."""

    label: str
    duration: str
    description: str
    fees: list[FeeLine] = field(default_factory=list)


def fee_line(fee) -> FeeLine:
    amount = format_fee(fee.amount, fee.currency, fee.foreign_amount)
    return FeeLine(name=fee.name, amount=amount, conditions=fee.conditions, is_known=amount != UNKNOWN)


def channel_rows(channels, fees) -> tuple[list[ChannelRow], list[FeeLine]]:
    """Rows per channel, each with its own fees and the fees for every channel (empty channel).

    Returns the rows and the fees no row shows (a channel-specific fee for a channel the
    procedure does not list, or every fee when there is no channel), so nothing is hidden.
    """
    fees = list(fees)
    listed = {c.channel for c in channels}
    rows = [ChannelRow(label=str(Channel(c.channel).label) if c.channel in Channel.values else c.channel,
                       duration=format_duration(c.duration, c.duration_unit),
                       description=c.description,
                       fees=[fee_line(f) for f in fees if f.channel in ("", c.channel)])
            for c in channels]
    orphans = [fee_line(f) for f in fees if not rows or (f.channel and f.channel not in listed)]
    return rows, orphans


@dataclass(frozen=True)
class TimeAndFees:
    """The page's "Thời hạn giải quyết và phí, lệ phí" table."""

    rows: list[ChannelRow]
    fees_by_channel: bool  # some fee depends on the channel: each row lists its fees
    fees_apart: list[FeeLine]  # listed once under the table


def time_and_fees(channels, fees) -> TimeAndFees:
    """Fees go into the channel rows only when they differ by channel; otherwise they are listed
    once, so a long note is not repeated in every row."""
    fees = list(fees)
    rows, apart = channel_rows(channels, fees)
    if any(f.channel for f in fees):
        return TimeAndFees(rows, True, apart)
    return TimeAndFees([replace(row, fees=[]) for row in rows], False, [fee_line(f) for f in fees])


def copies_text(originals: int, copies: int) -> str:
    """'1 bản chính, 2 bản sao'; nothing stated → 'xem chi tiết'."""
    parts = []
    if originals:
        parts.append(f"{originals} bản chính")
    if copies:
        parts.append(f"{copies} bản sao")
    return ", ".join(parts) or UNKNOWN


@dataclass(frozen=True)
class DocumentLine:
    """One required document (thành phần hồ sơ) as the page lists it."""

    name: str
    quantity: str
    form_template: str
    is_required: bool


def documents_by_case(documents) -> list[tuple[str, list[DocumentLine]]]:
    """Documents grouped by case (trường hợp) in their listed order; '' is the common case."""
    return [(case, [DocumentLine(d.name, copies_text(d.originals, d.copies), d.form_template, d.is_required)
                    for d in docs])
            for case, docs in groupby(documents, key=lambda d: d.case)]
