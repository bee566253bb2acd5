"""The whole catalogue as one JSON document that ``motcua catalog import`` reads back unchanged."""

from django.db.models import Prefetch
from django.utils import timezone

from motcua.catalog.models import BundleMember, Procedure

FORMAT = "motcua-catalog"
VERSION = 1

_TEXT_FIELDS = (
    "decision_number", "procedure_type", "applicants", "competent_agency", "implementing_agency",
    "receiving_address", "delegated_agency", "coordinating_agency", "steps_text", "conditions", "result_text",
    "legal_basis", "related_codes", "online_level", "requires_verified_identity", "is_bundle", "is_active",
    "source_url", "source_group", "formality_id", "import_issues",
)


def _number(value):
    """Decimals as strings ("5", "0.5") so no float rounding creeps in."""
    return None if value is None else format(value.normalize(), "f")


def procedure_to_dict(procedure: Procedure) -> dict:
    """One procedure with its parts, in the shape ``formats.from_motcua`` reads."""
    return {
        "code": procedure.code, "name": procedure.name,
        "field": procedure.field.name if procedure.field else "",
        "levels": procedure.level_list,
        **{name: getattr(procedure, name) for name in _TEXT_FIELDS},
        "channels": [{"channel": c.channel, "duration": _number(c.duration), "duration_unit": c.duration_unit,
                      "description": c.description} for c in procedure.channels.all()],
        "fees": [{"name": f.name, "amount": f.amount, "channel": f.channel, "conditions": f.conditions,
                  "currency": f.currency, "foreign_amount": _number(f.foreign_amount)} for f in procedure.fees.all()],
        "documents": [{"name": d.name, "originals": d.originals, "copies": d.copies, "form_template": d.form_template,
                       "case": d.case, "is_required": d.is_required} for d in procedure.documents.all()],
        "process_steps": [{"name": s.name, "role": s.role, "working_hours": _number(s.working_hours),
                           "unit_kind": s.unit_kind} for s in procedure.process_steps.all()],
        "bundle_members": [{"code": m.member.code, "unit_kind": m.unit_kind} for m in procedure.bundle_members.all()],
    }


def export_catalog() -> dict:
    """Every procedure, ordered by code, with a header naming the format and its version."""
    procedures = (Procedure.objects.select_related("field")
                  .prefetch_related("channels", "fees", "documents", "process_steps",
                                    Prefetch("bundle_members", BundleMember.objects.select_related("member")))
                  .order_by("code"))
    return {"format": FORMAT, "version": VERSION, "exported_at": timezone.now().isoformat(),
            "procedures": [procedure_to_dict(p) for p in procedures.iterator(chunk_size=500)]}
