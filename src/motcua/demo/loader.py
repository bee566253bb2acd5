"""Load the demo province, its staff and the demo catalogue: create what is missing, change nothing.

Objects are found by their natural keys (codes, usernames); an existing one is left exactly as it
is, so running the loader twice creates nothing the second time. A procedure already in the
catalogue (say, imported from the national data) keeps its content; it is only enabled at the demo
units. Everything happens in one transaction: a failure leaves the database untouched.
"""

from collections import Counter

from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from motcua.accounts.models import Role, RoleAssignment, User
from motcua.catalog.models import (
    BundleMember, Channel, Fee, Field, ProcedureChannel, Procedure, ProcessStep, RequiredDocument, UnitProcedure)
from motcua.organizations.models import Centre, Counter as DeskCounter, Province, Unit, default_working_periods

from . import catalogue, organisation as org

CHANNEL_TEXT = {
    Channel.DIRECT: "Nộp trực tiếp tại Trung tâm Phục vụ hành chính công",
    Channel.ONLINE: "Nộp trực tuyến trên Cổng dịch vụ công",
    Channel.POSTAL: "Nộp qua dịch vụ bưu chính công ích",
}
AGENCY = {  # (level, handling unit kind) -> competent agency, as the catalogue describes it
    ("commune", ""): "Ủy ban nhân dân xã, phường",
    ("commune", catalogue.POLICE): "Công an xã, phường",
    ("commune", catalogue.SOCIAL_INSURANCE): "Cơ quan bảo hiểm xã hội",
    ("province", ""): "Sở Tư pháp",
}
RECEIVING_ADDRESS = {"commune": "Trung tâm Phục vụ hành chính công xã, phường",
                     "province": "Trung tâm Phục vụ hành chính công tỉnh"}


def load_demo(password: str) -> Counter:
    """Create whatever is missing; return how many objects of each model were created."""
    created = Counter()
    with transaction.atomic():
        province = _ensure(created, Province, {"code": org.PROVINCE_CODE}, name=org.PROVINCE_NAME)
        units = {spec.code: _ensure(created, Unit, {"code": spec.code}, province=province, name=spec.name,
                                    kind=spec.kind, working_periods=spec.working_periods or default_working_periods())
                 for spec in org.UNITS}
        centres = _load_centres(created, units)
        _load_people(created, province, units, centres, password)
        _load_catalogue(created, units)
        _load_queue_services(created, centres)
    return created


def _load_queue_services(created, centres):
    """Kiosk services of every demo centre, one per catalogue field its unit receives."""
    from motcua.queueing.setup import groups_from_fields

    for centre in centres.values():
        for group in groups_from_fields(centre):
            created[type(group)] += 1


def _ensure(created: Counter, model, lookup: dict, **values):
    """The object matching ``lookup``, created (validated) with ``values`` when missing."""
    found = model._default_manager.filter(**lookup).first()
    if found is not None:
        return found
    obj = model(**lookup, **values)
    obj.full_clean()
    obj.save()
    created[model] += 1
    return obj


def _load_centres(created, units) -> dict[str, Centre]:
    centres = {}
    for spec in org.CENTRES:  # main centres come before their branches
        centres[spec.code] = centre = _ensure(
            created, Centre, {"code": spec.code}, unit=units[spec.unit], name=spec.name, address=spec.address,
            parent=centres.get(spec.parent))
        for desk in spec.counters:
            _ensure(created, DeskCounter, {"centre": centre, "number": desk.number}, name=desk.name,
                    is_priority=desk.is_priority)
    return centres


def _load_people(created, province, units, centres, password):
    hashed = None  # hashing is slow on purpose: hash the shared demo password once
    accounts = [(s, User.Kind.STAFF, province, "") for s in org.STAFF]
    accounts += [(s, s.kind, None, s.personal_id) for s in org.APPLICANTS]
    for spec, kind, home, personal_id in accounts:
        user = User.objects.filter(username=spec.username).first()
        if user is None:
            user = User(username=spec.username, full_name=spec.full_name, kind=kind, province=home,
                        personal_id=personal_id, is_staff=getattr(spec, "role", None) == Role.ADMIN)
            validate_password(password, user)
            hashed = hashed or make_password(password)
            user.password = hashed
            _save_new(created, user)
        if kind == User.Kind.STAFF:
            unit = units.get(spec.unit)
            _ensure(created, RoleAssignment, {"user": user, "role": spec.role, "unit": unit},
                    province=province, centre=centres.get(spec.centre))


def _save_new(created, obj):
    obj.full_clean()
    obj.save()
    created[type(obj)] += 1


def _load_catalogue(created, units):
    procedures = {spec.code: _ensure_procedure(created, spec) for spec in catalogue.ALL_PROCEDURES}
    bundle = procedures[catalogue.BUNDLE.code]
    for position, (code, unit_kind) in enumerate(catalogue.BUNDLE_MEMBERS):
        _ensure(created, BundleMember, {"bundle": bundle, "member": procedures[code]}, unit_kind=unit_kind,
                position=position)
    receiving = {"commune": [units[u.code] for u in org.COMMUNE_UNITS],
                 "province": [units[u.code] for u in org.DEPARTMENT_UNITS]}
    for spec in catalogue.ALL_PROCEDURES:
        for unit in receiving[spec.level]:
            _ensure(created, UnitProcedure, {"unit": unit, "procedure": procedures[spec.code]})


def _ensure_procedure(created, spec) -> Procedure:
    existing = Procedure.objects.filter(code=spec.code).first()
    if existing is not None:
        return existing
    field = _ensure(created, Field, {"name": spec.field})
    agency = AGENCY[(spec.level, spec.handler)]
    procedure = Procedure(
        code=spec.code, name=spec.name, field=field, levels=spec.level, online_level=spec.online,
        requires_verified_identity=spec.online == catalogue.FULL, is_bundle=spec is catalogue.BUNDLE,
        applicants=spec.applicants, competent_agency=agency, implementing_agency=agency,
        receiving_address=RECEIVING_ADDRESS[spec.level], steps_text=_steps_text(spec, agency),
        conditions=spec.conditions, result_text=spec.result,
        legal_basis=[catalogue.LAWS[key] for key in spec.legal], source_group="motcua (dữ liệu mẫu)")
    _save_new(created, procedure)
    amount, unit = spec.limit
    _bulk(created, ProcedureChannel, [
        ProcedureChannel(procedure=procedure, channel=channel, duration=amount, duration_unit=unit,
                         description=CHANNEL_TEXT[channel], position=i) for i, channel in enumerate(spec.channels)])
    _bulk(created, Fee, [Fee(procedure=procedure, position=i, **fee._asdict()) for i, fee in enumerate(spec.fees)])
    _bulk(created, RequiredDocument, [
        RequiredDocument(procedure=procedure, name=d.name, originals=d.originals, copies=d.copies,
                         form_template=d.form, case=d.case, is_required=d.required, position=i)
        for i, d in enumerate(spec.documents)])
    _bulk(created, ProcessStep, [
        ProcessStep(procedure=procedure, position=i, name=s.name, role=s.role, unit_kind=s.unit_kind,
                    working_hours=s.working_hours) for i, s in enumerate(spec.process(), start=1)])
    return procedure


def _bulk(created, model, rows):
    model.objects.bulk_create(rows)
    created[model] += len(rows)


def _steps_text(spec, agency: str) -> str:
    amount, unit = spec.limit
    limit = f"{amount} {'ngày làm việc' if unit == catalogue.WD else 'giờ làm việc'}"
    return "\n".join([
        "1. Người yêu cầu chuẩn bị hồ sơ và nộp theo một trong các cách: "
        + "; ".join(CHANNEL_TEXT[c].lower() for c in spec.channels) + ".",
        "2. Cán bộ một cửa kiểm tra hồ sơ: đủ thì tiếp nhận và hẹn ngày trả kết quả; "
        "chưa đủ thì hướng dẫn bổ sung một lần, đầy đủ bằng văn bản.",
        f"3. {agency} thẩm định và giải quyết trong {limit} kể từ khi nhận đủ hồ sơ hợp lệ.",
        f"4. Người yêu cầu nhận kết quả ({spec.result[0].lower()}{spec.result[1:]}) tại quầy trả kết quả, "
        "qua bưu chính hoặc bản điện tử.",
    ])
