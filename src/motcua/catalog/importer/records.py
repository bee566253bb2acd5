"""Plain data a parsed procedure record turns into, before it touches the database.

Every parser in this package returns these objects, so the rules can be tested without a database
and the loader (``motcua.catalog.services``) has one shape to save whatever the source format.
"""

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass
class ChannelData:
    """One row of "cách thức thực hiện": a submission channel and its time limit."""

    channel: str
    duration: Decimal | None = None
    duration_unit: str = ""
    description: str = ""


@dataclass
class FeeData:
    """Phí, lệ phí. ``amount`` is whole VND or None when the source does not state it readably."""

    name: str
    amount: int | None = None
    channel: str = ""
    conditions: str = ""
    currency: str = "VND"
    foreign_amount: Decimal | None = None


@dataclass
class DocumentData:
    """Thành phần hồ sơ: one required document with its counts and form template."""

    name: str
    originals: int = 0
    copies: int = 0
    form_template: str = ""
    case: str = ""
    is_required: bool = True


@dataclass
class StepData:
    """Bước xử lý of the internal process, as carried by the motcua export format."""

    name: str
    role: str
    working_hours: Decimal
    unit_kind: str = ""


@dataclass
class ProcedureData:
    """Everything the importer knows about one procedure (thủ tục hành chính)."""

    code: str
    name: str
    field_name: str = ""
    levels: list[str] = field(default_factory=list)
    decision_number: str = ""
    procedure_type: str = ""
    applicants: str = ""
    competent_agency: str = ""
    implementing_agency: str = ""
    receiving_address: str = ""
    delegated_agency: str = ""
    coordinating_agency: str = ""
    steps_text: str = ""
    conditions: str = ""
    result_text: str = ""
    legal_basis: list[dict] = field(default_factory=list)
    related_codes: str = ""
    online_level: str = "none"
    # Local settings no national source carries; None leaves the stored value as it is.
    requires_verified_identity: bool | None = None
    is_bundle: bool | None = None
    is_active: bool | None = None
    source_url: str = ""
    source_group: str = ""
    formality_id: str = ""
    channels: list[ChannelData] = field(default_factory=list)
    fees: list[FeeData] = field(default_factory=list)
    documents: list[DocumentData] = field(default_factory=list)
    process_steps: list[StepData] | None = None  # None: keep or derive the process (see services)
    bundle_members: list[dict] | None = None  # [{"code", "unit_kind"}]; None: leave them as they are
    issues: list[str] = field(default_factory=list)


class RecordError(ValueError):
    """A record that cannot be imported at all (no code, no name, not an object...)."""
