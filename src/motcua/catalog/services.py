"""The functions that create and update procedures (thủ tục hành chính) and their parts.

Imports go through ``save_procedures`` (one transaction per batch, bulk statements, keyed by code,
so a re-import updates and never duplicates); dossiers ask ``default_process`` for the standard
internal process (quy trình nội bộ) of a procedure that has none of its own.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db import connection, transaction
from django.utils import timezone

from motcua.accounts.models import Role

from .importer.records import ChannelData, ProcedureData, StepData
from .models import (BundleMember, Channel, DurationUnit, Fee, Field, ProcessStep, Procedure, ProcedureChannel,
                     RequiredDocument)

# Standard process (decision 0123): reception and return take half an hour each, the rest of the
# time limit goes 70 % to the specialist and 30 % to the leader.
RECEPTION_HOURS = Decimal("0.5")
RETURN_HOURS = Decimal("0.5")
SPECIALIST_SHARE = Decimal("0.7")
HOURS_PER_WORKING_DAY = Decimal(8)  # domain-vn.md 2.4: 8 h = 1 working day
WORKING_DAYS_PER_WEEK = Decimal(5)
WORKING_DAYS_PER_MONTH = Decimal(22)
STEP_NAMES = {
    "reception": "Tiếp nhận hồ sơ",
    "specialist": "Thẩm định, xử lý hồ sơ",
    "leader": "Phê duyệt kết quả",
    "return": "Trả kết quả",
}

# Copied from ProcedureData as they are; LOCAL_FIELDS only when the record states them.
COPIED_FIELDS = [
    "decision_number", "procedure_type", "applicants", "competent_agency", "implementing_agency",
    "receiving_address", "delegated_agency", "coordinating_agency", "steps_text", "conditions", "result_text",
    "legal_basis", "related_codes", "online_level", "source_url", "source_group", "formality_id",
]
LOCAL_FIELDS = ["requires_verified_identity", "is_bundle", "is_active"]
UPDATED_FIELDS = ["name", "field", "levels", "search_text", "import_issues", "updated_at",
                  *COPIED_FIELDS, *LOCAL_FIELDS]


def _hours(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def time_limit_hours(duration: Decimal | None, unit: str) -> Decimal | None:
    """A channel's time limit as working hours, the budget the process steps share.

    Working days × 8; working hours as they are; calendar days count their 5/7 working share;
    months 22 working days. None when the limit or its unit is unknown.
    """
    if duration is None:
        return None
    per_unit = {
        DurationUnit.WORKING_DAYS: HOURS_PER_WORKING_DAY,
        DurationUnit.WORKING_HOURS: Decimal(1),
        DurationUnit.DAYS: HOURS_PER_WORKING_DAY * WORKING_DAYS_PER_WEEK / 7,
        DurationUnit.MONTHS: HOURS_PER_WORKING_DAY * WORKING_DAYS_PER_MONTH,
    }.get(unit)
    return None if per_unit is None else _hours(duration * per_unit)


def split_time_limit(total: Decimal | None) -> list[StepData]:
    """The four standard steps with their shares of ``total`` working hours (pure; decision 0123).

    Under 2 hours the fixed steps would eat the budget, so reception and return take a quarter
    each. An unknown limit gives the middle steps 0 hours: "no share set", for the province to fill.
    """
    if total is not None and total < 2:
        reception = returning = _hours(total / 4)
    else:
        reception, returning = RECEPTION_HOURS, RETURN_HOURS
    middle = Decimal(0) if total is None else total - reception - returning
    specialist = _hours(middle * SPECIALIST_SHARE)
    return [
        StepData(STEP_NAMES["reception"], Role.RECEPTION, reception),
        StepData(STEP_NAMES["specialist"], Role.SPECIALIST, specialist),
        StepData(STEP_NAMES["leader"], Role.LEADER, middle - specialist),
        StepData(STEP_NAMES["return"], Role.RECEPTION, returning),
    ]


def budget_channel(channels: list) -> object | None:
    """The channel whose time limit the process follows: the counter (trực tiếp) if it has one."""
    timed = [c for c in channels if c.duration is not None and c.duration_unit]
    direct = [c for c in timed if c.channel == Channel.DIRECT]
    return (direct or timed or [None])[0]


def default_process(procedure: Procedure) -> list[ProcessStep]:
    """Unsaved standard steps (reception → specialist → leader → return) for ``procedure``."""
    channel = budget_channel(list(procedure.channels.all()))
    total = time_limit_hours(channel.duration, channel.duration_unit) if channel else None
    return [ProcessStep(procedure=procedure, position=i, name=s.name, role=s.role, working_hours=s.working_hours,
                        unit_kind=s.unit_kind) for i, s in enumerate(split_time_limit(total), start=1)]


def _fields_by_name(names: set[str]) -> dict[str, Field]:
    """Lĩnh vực rows for ``names``, created as needed."""
    found = {f.name: f for f in Field.objects.filter(name__in=names)}
    missing = [Field(name=name) for name in names - found.keys()]
    if missing:
        Field.objects.bulk_create(missing, ignore_conflicts=True)
        found = {f.name: f for f in Field.objects.filter(name__in=names)}
    return found


def _procedure_row(data: ProcedureData, field: Field | None, stored: dict | None, now) -> Procedure:
    """The Procedure row for ``data``; ``stored`` holds the existing row's local settings."""
    stored = stored or {}
    local = {name: getattr(data, name) if getattr(data, name) is not None else stored.get(name)
             for name in LOCAL_FIELDS}
    row = Procedure(
        code=data.code, name=data.name, field=field, levels=" ".join(dict.fromkeys(data.levels)),
        import_issues=data.issues, updated_at=now, **{name: getattr(data, name) for name in COPIED_FIELDS},
        **{name: value for name, value in local.items() if value is not None},
    )
    row.search_text = row.compute_search_text(data.field_name)
    return row


CHANNEL_COLUMNS = ["procedure", "position", "channel", "duration", "duration_unit", "description"]
FEE_COLUMNS = ["procedure", "position", "channel", "name", "amount", "currency", "foreign_amount", "conditions"]
DOCUMENT_COLUMNS = ["procedure", "position", "name", "originals", "copies", "form_template", "case", "is_required"]
STEP_COLUMNS = ["procedure", "position", "name", "role", "working_hours", "unit_kind"]


def _children(data: ProcedureData, pk: int) -> tuple[list, list, list]:
    """Rows (tuples in the *_COLUMNS order) of the channels, fees and documents of one procedure."""
    channels = [(pk, i, c.channel, c.duration, c.duration_unit, c.description) for i, c in enumerate(data.channels)]
    fees = [(pk, i, f.channel, f.name, f.amount, f.currency, f.foreign_amount, f.conditions)
            for i, f in enumerate(data.fees)]
    documents = [(pk, i, d.name, d.originals, d.copies, d.form_template, d.case, d.is_required)
                 for i, d in enumerate(data.documents)]
    return channels, fees, documents


def _steps(data: ProcedureData, pk: int) -> list[tuple]:
    if data.process_steps is not None:
        steps = data.process_steps
    else:
        channel: ChannelData | None = budget_channel(data.channels)
        steps = split_time_limit(time_limit_hours(channel.duration, channel.duration_unit) if channel else None)
    return [(pk, i, s.name, s.role, s.working_hours, s.unit_kind) for i, s in enumerate(steps, start=1)]


def _insert(model, columns: list[str], rows: list[tuple]) -> None:
    """Multi-row INSERTs of plain values, at most 1,000 rows (and the backend's parameter limit) each.

    ``bulk_create`` builds a model instance and prepares every value through its field: for the
    ~37,000 child rows of the national catalogue that was most of the import's time. The values here
    are already of the columns' types (str, int, bool, Decimal, None).
    """
    if not rows:
        return
    quote = connection.ops.quote_name
    names = ", ".join(quote(model._meta.get_field(column).column) for column in columns)
    row_marks = "(" + ", ".join(["%s"] * len(columns)) + ")"
    size = min(connection.ops.bulk_batch_size(columns, rows), 1000)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            chunk = rows[start:start + size]
            cursor.execute(f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES "
                           + ", ".join([row_marks] * len(chunk)), [value for row in chunk for value in row])


def save_procedures(batch: list[ProcedureData]) -> tuple[int, int]:
    """Create or update ``batch`` (distinct codes) in one transaction; returns (created, updated).

    Channels, fees and documents are replaced by the source's; the internal process is kept when
    the procedure already has one (provinces adapt it) unless the record carries its own steps.
    """
    now = timezone.now()
    codes = [data.code for data in batch]
    with transaction.atomic():
        fields = _fields_by_name({data.field_name for data in batch if data.field_name})
        existing = {row["code"]: row for row in
                    Procedure.objects.filter(code__in=codes).values("code", "id", *LOCAL_FIELDS)}
        rows = [_procedure_row(data, fields.get(data.field_name), existing.get(data.code), now) for data in batch]
        # One INSERT ... ON CONFLICT (code) DO UPDATE: bulk_update's CASE per field is far slower.
        Procedure.objects.bulk_create(rows, update_conflicts=True, unique_fields=["code"],
                                      update_fields=UPDATED_FIELDS)
        ids = dict(Procedure.objects.filter(code__in=codes).values_list("code", "id"))
        _replace_children(batch, ids, [row["id"] for row in existing.values()])
    return len(batch) - len(existing), len(existing)


def _replace_children(batch: list[ProcedureData], ids: dict[str, int], old_ids: list[int]) -> None:
    for model in (ProcedureChannel, Fee, RequiredDocument):
        model.objects.filter(procedure_id__in=old_ids).delete()
    explicit = [ids[data.code] for data in batch if data.process_steps is not None]
    ProcessStep.objects.filter(procedure_id__in=explicit).delete()
    with_steps = set(ProcessStep.objects.filter(procedure_id__in=ids.values())
                     .values_list("procedure_id", flat=True).distinct())
    channels, fees, documents, steps = [], [], [], []
    for data in batch:
        pk = ids[data.code]
        parts = _children(data, pk)
        channels += parts[0]
        fees += parts[1]
        documents += parts[2]
        if pk not in with_steps:
            steps += _steps(data, pk)
    for model, columns, rows in ((ProcedureChannel, CHANNEL_COLUMNS, channels), (Fee, FEE_COLUMNS, fees),
                                 (RequiredDocument, DOCUMENT_COLUMNS, documents), (ProcessStep, STEP_COLUMNS, steps)):
        _insert(model, columns, rows)


def link_bundle_members(members_by_code: dict[str, list[dict]]) -> list[tuple[str, str]]:
    """Replace the members ({"code", "unit_kind"}) of each bundle (nhóm thủ tục liên thông).

    Runs after every batch is saved, since a bundle may come before its members; returns
    (bundle code, reason) for members that do not exist.
    """
    codes = set(members_by_code) | {m["code"] for members in members_by_code.values() for m in members}
    ids = dict(Procedure.objects.filter(code__in=codes).values_list("code", "id"))
    problems, rows = [], []
    for bundle, members in members_by_code.items():
        missing = [m["code"] for m in members if m["code"] not in ids]
        if missing:
            problems.append((bundle, f"thủ tục thành phần không có / member procedures missing: {', '.join(missing)}"))
        rows += [BundleMember(bundle_id=ids[bundle], member_id=ids[m["code"]], unit_kind=m["unit_kind"], position=i)
                 for i, m in enumerate(members) if m["code"] in ids]
    with transaction.atomic():
        BundleMember.objects.filter(bundle_id__in=[ids[code] for code in members_by_code]).delete()
        BundleMember.objects.bulk_create(rows)
        for bundle, reason in problems:
            procedure = Procedure.objects.get(code=bundle)
            procedure.import_issues = [*procedure.import_issues, reason]
            procedure.save(update_fields=["import_issues"])
    return problems
