"""What each form shows, read from the dossier, its steps and its event log (template context)."""

from dataclasses import dataclass
from datetime import datetime

import segno
from django.utils import timezone

from motcua.accounts.models import Role
from motcua.organizations.models import Unit

from . import control
from .wording import (
    DOTS, amount_words, committee_name, copies_words, date_words, governing_body, initials, lines, minutes_words,
    moment_words, place_name, short_moment,
)


@dataclass(frozen=True)
class Header:
    """The top of a form: the issuing body (two lines at most), the number's suffix, the place."""

    lines: list[str]
    abbreviation: str
    place: str


_CENTRE = ("TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG", "TTPVHCC")
_DESK = ("BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ", "BPTNTKQ")


def local(moment: datetime | None) -> datetime | None:
    return timezone.localtime(moment) if moment else None


def _level_name(unit: Unit) -> str:
    """The level a unit belongs to (tên cấp): its province, or itself for a commune or ward."""
    return unit.province.name if unit.level == "province" else unit.name


def desk_header(unit: Unit, has_centre: bool) -> Header:
    """Forms of the one-stop desk: UBND of the level / the centre or the reception desk (decision 0221)."""
    title, abbreviation = _CENTRE if has_centre else _DESK
    level = _level_name(unit)
    return Header([governing_body(level), title], abbreviation, place_name(level))


def _dossier_desk(dossier) -> Header:
    return desk_header(dossier.unit, bool(dossier.centre_id))


def agency_name(unit: Unit) -> str:
    """The competent agency in a sentence: a department by its name, otherwise its committee."""
    return unit.name if unit.kind == Unit.Kind.DEPARTMENT else committee_name(unit.name)


def agency_header(unit: Unit) -> Header:
    """Letters of the competent agency (04, 05): a department under its province's committee, or the
    commune's committee alone, since for a commune the committee is the agency."""
    level = _level_name(unit)
    if unit.kind == Unit.Kind.DEPARTMENT:
        return Header([governing_body(level), unit.name.upper()], initials(unit.name), place_name(level))
    return Header([governing_body(level)], "UBND", place_name(level))


def _last_event(dossier, actions):
    return dossier.events.filter(action__in=actions).order_by("-seq").select_related("unit").first()


def page(spec, header: Header, issued_at: datetime, number: str | None) -> dict:
    """What every form has: its number and title, the header, the place and date line, and
    "Số: …" unless ``number`` is None (the register is a book, not a numbered document)."""
    return {
        "spec": spec,
        "header": header,
        "number": "" if number is None else f"Số: {number or DOTS}/{header.abbreviation}",
        "place_date": f"{header.place}, {date_words(local(issued_at).date())}",
    }


def common(spec, dossier, header: Header, issued_at: datetime, number: str) -> dict:
    return {
        **page(spec, header, issued_at, number),
        "dossier": dossier,
        "procedure_name": dossier.procedure.name,
        "desk_name": dossier.centre.name if dossier.centre_id else dossier.unit.name,
    }


# --- one function per form: (dossier, signer_name, now) → (header, issued_at, specific context) ----

def receipt(dossier, signer_name: str, now: datetime):
    accept = _last_event(dossier, ["accept"])
    return _dossier_desk(dossier), dossier.received_at, {
        "received": moment_words(local(dossier.received_at)),
        # The appointment given at the desk: a later apology moves due_at, not what the slip said.
        "due": moment_words(local(dossier.original_due_at or dossier.due_at)),
        "time_limit": amount_words(dossier.duration, dossier.duration_unit),
        "documents": documents(dossier),
        "signer": signer_name or (accept.actor_name if accept else ""),
        "qr": qr_data_uri(dossier.code),
    }


def qr_data_uri(text: str) -> str:
    """A QR code as an inline SVG data URI: vector, so it prints sharp at any size."""
    return segno.make(text, error="m", micro=False).svg_data_uri(border=0)


def supplement(dossier, signer_name: str, now: datetime):
    event = _last_event(dossier, ["request_completion", "request_supplement"])
    return _dossier_desk(dossier), event.at, {
        "items": lines(event.comment),
        "at_reception": event.action == "request_completion",
        "contact_phone": dossier.centre.phone if dossier.centre_id else "",
        "signer": signer_name or event.actor_name,
    }


def refusal(dossier, signer_name: str, now: datetime):
    event = _last_event(dossier, ["refuse"])
    return _dossier_desk(dossier), event.at, {"reasons": lines(event.comment),
                                            "signer": signer_name or event.actor_name}


def apology(dossier, signer_name: str, now: datetime):
    """The latest apology: the slip's appointment, and the new date now in force."""
    event = _last_event(dossier, ["apologize"])
    unit = event.unit or dossier.current_unit
    return agency_header(unit), event.at, {
        "agency_name": agency_name(unit),
        "received_on": date_words(local(dossier.received_at).date()),
        "first_due": moment_words(local(dossier.original_due_at)),
        "new_due": moment_words(local(dossier.due_at)),
        "reasons": lines(event.comment),
        "signer": signer_name,  # the head of the agency: not whoever recorded the apology
    }


def stop(dossier, signer_name: str, now: datetime):
    event = _last_event(dossier, ["stop"])
    unit = event.unit or dossier.current_unit
    return agency_header(unit), event.at, {
        "agency_name": agency_name(unit),
        "received_on": date_words(local(dossier.received_at).date()),
        "stopped_at": moment_words(local(event.at)),
        "reasons": lines(event.comment),
        "signer": signer_name or event.actor_name,  # only a unit's leader may stop a dossier
    }


def control_sheet(dossier, signer_name: str, now: datetime):
    rows = control_rows(dossier, now)
    units = list(dict.fromkeys(row["unit"] for row in rows))
    return _dossier_desk(dossier), now, {
        "rows": rows,
        "handling_unit": units[0] if units else dossier.unit.name,
        "coordinating_units": units[1:],
        "received": short_moment(local(dossier.received_at)),
        "due": short_moment(local(dossier.due_at)),
        "finished": short_moment(local(dossier.finished_at)),
        "outcome": dossier.get_timeliness_display() if dossier.timeliness else "",
    }


BUILDERS = {"receipt": receipt, "supplement": supplement, "refusal": refusal, "apology": apology, "stop": stop,
            "control": control_sheet}


# --- parts ---------------------------------------------------------------------------------------

def documents(dossier) -> list[dict]:
    """The papers received (thành phần hồ sơ): the submitted files grouped by required document;
    a paper dossier with no file lists the procedure's required documents (decision 0225)."""
    files = list(dossier.attachments.filter(kind="submission").select_related("document").order_by("id"))
    if not files:
        return [{"name": d.name, "quantity": copies_words(d.originals, d.copies)}
                for d in dossier.procedure.documents.filter(is_required=True)]
    groups: dict = {}  # required document (or the file itself when unlinked) → its files
    for item in files:
        groups.setdefault(item.document_id or f"file-{item.pk}", []).append(item)
    return [{"name": group[0].document.name if group[0].document else group[0].name,
             "quantity": _quantity(group[0].document, len(group))} for group in groups.values()]


def _quantity(document, files: int) -> str:
    papers = copies_words(document.originals, document.copies) if document else ""
    electronic = f"{files:02d} tệp điện tử"
    return f"{papers} ({electronic})" if papers else electronic


_ROLE_LABELS = dict(Role.choices)
_OPENED_NOTES = {"send_back": "Được trả lại từ bước sau"}


def control_rows(dossier, now: datetime) -> list[dict]:
    """One row per visit of a step (lượt xử lý), measured in the step unit's working calendar."""
    from motcua.workdays.services import calendar_for_unit

    steps = {s.position: s for s in dossier.steps.select_related("unit", "unit__province")}
    events = list(dossier.events.order_by("seq").select_related("unit"))
    rows = []
    for visit in control.visits(events):
        step = steps.get(visit.position)
        if step is None:  # a bundle's parent has no steps of its own
            continue
        timing = control.measure(visit, step.working_hours, calendar_for_unit(step.unit), now)
        rows.append({
            "number": len(rows) + 1,
            "unit": step.unit.name,
            "step": step.name,
            "role": _ROLE_LABELS.get(step.role, step.role),
            "start": short_moment(local(visit.start)),
            # The first step receives the dossier from the applicant, whoever clicked "accept".
            "handed_by": dossier.applicant_name if visit.opened_by == "accept" else visit.handed_by,
            "received_by": visit.closed_by,
            "due": short_moment(local(timing.due)),
            "allowed": minutes_words(timing.allowed_minutes),
            "end": short_moment(local(visit.end)),
            "used": minutes_words(timing.used_minutes),
            "status": timing.status,
            "label": timing.label,
            "notes": _notes(visit, timing),
        })
    return rows


def _notes(visit, timing) -> list[str]:
    notes = [_OPENED_NOTES[visit.opened_by]] if visit.opened_by in _OPENED_NOTES else []
    if timing.paused_minutes:
        notes.append(f"Tạm dừng tính thời gian {minutes_words(timing.paused_minutes)} làm việc")
    notes += [f"Chuyển liên thông: {event.unit.name}" for event in visit.transfers if event.unit_id]
    return notes
