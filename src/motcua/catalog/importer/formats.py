"""Source record → ``ProcedureData``, one function per format, and format detection.

Formats (decision 0121):
- ``national``: a detail record of the National Database on Administrative Procedures
  (``dvcqg_procedures_7_bodies.jsonl``), flat string fields with flattened tables;
- ``structured``: the Ministry of National Defence extraction (``bqp_procedures_structured.jsonl``),
  ``metadata`` / ``content`` / ``tables``;
- ``motcua``: a procedure as written by ``motcua catalog export`` (so export → import round-trips).
"""

import re
from datetime import datetime
from decimal import Decimal

from motcua.core.text import fold

from .cells import clean, fee_from_parts, parse_duration, take_parenthesised
from .records import ChannelData, DocumentData, FeeData, ProcedureData, RecordError, StepData
from .tables import (CHANNELS, clean_result, merge_channel_fees, parse_channel_table, parse_document_table,
                     parse_legal_table, parse_levels)

CODE = re.compile(r"^\d\.\d{6}$|^[0-9A-Za-z.\-_]{3,40}$")
FULL_ONLINE_MARK = "toan trinh"


def detect_format(record) -> str:
    """Name the format of one decoded record, or raise RecordError."""
    if not isinstance(record, dict):
        raise RecordError("bản ghi không phải đối tượng JSON / record is not a JSON object")
    if "ma_thu_tuc" in record:
        return "national"
    if "metadata" in record and "tables" in record:
        return "structured"
    if "code" in record and "channels" in record:
        return "motcua"
    raise RecordError("không nhận ra định dạng bản ghi / unknown record format")


def online_level(name: str, channels: list[ChannelData]) -> str:
    """Mức độ DVCTT (decision 0122): "toàn trình" in the name → full; an online channel → partial; else none."""
    if FULL_ONLINE_MARK in fold(name):
        return "full"
    return "partial" if any(c.channel == "online" for c in channels) else "none"


def _require(code: str, name: str) -> tuple[str, str]:
    code, name = clean(code), " ".join(clean(name).split())
    if not code or not CODE.match(code):
        raise RecordError(f"mã thủ tục không hợp lệ / invalid procedure code: «{code[:40]}»")
    if not name:
        raise RecordError(f"thiếu tên thủ tục / missing procedure name ({code})")
    return code, name


def _lines(text) -> str:
    """The list's cells repeat an agency once per line ("UBND cấp xã\nUBND cấp xã"): keep each once."""
    return "\n".join(dict.fromkeys(line.strip() for line in clean(text).splitlines() if line.strip()))


def from_national(record: dict, lists: dict[str, dict] | None = None) -> ProcedureData:
    """A national detail record; ``lists`` (code → CSV row) supplies the implementing agency."""
    code, name = _require(record.get("ma_thu_tuc", ""), record.get("ten_thu_tuc", ""))
    levels, issues = parse_levels(record.get("cap_thuc_hien", ""))
    channels, fees, channel_issues = parse_channel_table(record.get("cach_thuc_thuc_hien", ""))
    documents, document_issues = parse_document_table(record.get("thanh_phan_ho_so", ""))
    legal, legal_issues = parse_legal_table(record.get("can_cu_phap_ly", ""))
    listed = (lists or {}).get(code, {})
    return ProcedureData(
        code=code, name=name,
        field_name=clean(record.get("linh_vuc")) or clean(listed.get("linh_vuc")),
        levels=levels,
        decision_number=clean(record.get("so_quyet_dinh")),
        procedure_type=clean(record.get("loai_thu_tuc")),
        applicants=clean(record.get("doi_tuong_thuc_hien")),
        competent_agency=clean(record.get("co_quan_co_tham_quyen")),
        implementing_agency=clean(record.get("co_quan_thuc_hien")) or _lines(listed.get("co_quan_thuc_hien")),
        receiving_address=clean(record.get("dia_chi_tiep_nhan")),
        delegated_agency=clean(record.get("co_quan_duoc_uy_quyen")),
        coordinating_agency=clean(record.get("co_quan_phoi_hop")),
        steps_text=clean(record.get("trinh_tu_thuc_hien")),
        conditions=clean(record.get("yeu_cau_dieu_kien")),
        result_text=clean_result(record.get("ket_qua_xu_ly", "")),
        legal_basis=legal,
        related_codes=clean(record.get("thu_tuc_lien_quan")),
        online_level=online_level(name, channels),
        source_url=clean(record.get("detail_url")),
        source_group=clean(record.get("source_group")) or clean(listed.get("co_quan_ban_hanh")),
        formality_id=clean(record.get("formality_id")),
        channels=channels, fees=fees, documents=documents,
        issues=issues + channel_issues + document_issues + legal_issues,
    )


_FEE_LINE = re.compile(r"^(?P<label>Lệ phí|Phí)\s*:\s*(?P<value>.*?)\s*(?P<cur>Đồng|USD)?\s*(?=\(|$)", re.DOTALL)
_COUNTS = re.compile(r"Bản chính:\s*(\d+)\s*Bản sao:\s*(\d+)")


def structured_fees(cell: str) -> tuple[list[FeeData], list[str]]:
    """``"Phí : 2.000.000 Đồng (note)\\nLệ phí : 03 USD (note)"`` → fees; one line per fee."""
    fees, issues = [], []
    for line in re.split(r"\n(?=(?:Lệ phí|Phí)\s*:)", cell.strip()):
        line = re.sub(r"\nFile đính kèm:.*", "", line).strip()
        if not line:
            continue
        match = _FEE_LINE.match(line)
        if not match:
            issues.append(f"không đọc được ô phí / unreadable fee cell: «{line[:60]}»")
            continue
        note, _ = take_parenthesised(line[match.end():])
        found, found_issues = fee_from_parts(match["label"], match["value"], match["cur"] or "", note)
        fees += found
        issues += found_issues
    return fees, issues


def _structured_channels(rows: list[dict]) -> tuple[list[ChannelData], list[FeeData], list[str]]:
    channels, per_channel, issues = [], {}, []
    for row in rows:
        name = clean(row.get("hinh_thuc"))
        channel = CHANNELS.get(name)
        if not channel:
            issues.append(f"hình thức nộp không rõ / unknown channel: «{name}»")
            continue
        duration, unit, rest, time_issue = parse_duration(clean(row.get("thoi_han_giai_quyet")))
        if rest.strip() and not time_issue:
            time_issue = f"thời hạn có chữ thừa / extra text in time limit: «{rest[:40]}»"
        unread = clean(row.get("thoi_han_giai_quyet")) if duration is None else ""
        channels.append(ChannelData(channel=channel, duration=duration, duration_unit=unit,
                                    description="\n".join(filter(None, [unread, clean(row.get("mo_ta"))]))))
        fees, fee_issues = structured_fees(row.get("phi_le_phi") or "")
        if fees:
            per_channel[channel] = fees
        issues += [f"{name}: {issue}" for issue in [time_issue, *fee_issues] if issue]
    return channels, merge_channel_fees(per_channel), issues


def _structured_documents(rows: list[dict]) -> tuple[list[DocumentData], list[str]]:
    documents, issues = [], []
    for row in rows:
        name = clean(row.get("ten_giay_to"))
        counts = _COUNTS.search(row.get("ghi_chu") or "")
        if not counts:
            issues.append(f"thành phần hồ sơ: không có số lượng / no counts: «{name[:60]}»")
        documents.append(DocumentData(name=name, originals=int(counts[1]) if counts else 0,
                                      copies=int(counts[2]) if counts else 0,
                                      form_template=clean(row.get("so_luong"))))
    return documents, issues


def _iso(day_month_year: str) -> str:
    try:
        return datetime.strptime(day_month_year.strip(), "%d-%m-%Y").date().isoformat()
    except ValueError:
        return ""


def from_structured(record: dict) -> ProcedureData:
    """A Ministry of National Defence record with clean tables."""
    meta, content, tables = record.get("metadata") or {}, record.get("content") or {}, record.get("tables") or {}
    code, name = _require(meta.get("mã_thủ_tục") or record.get("thu_tuc_id", ""), meta.get("tên_thủ_tục", ""))
    levels, issues = parse_levels(meta.get("cấp_thực_hiện", ""))
    channels, fees, channel_issues = _structured_channels(tables.get("hinh_thuc_nop") or [])
    documents, document_issues = _structured_documents(tables.get("thanh_phan_ho_so") or [])
    legal = [{"number": clean(row.get("so_ky_hieu")), "title": clean(row.get("trich_yeu")),
              "issued": _iso(row.get("ngay_ban_hanh") or ""), "issuer": clean(row.get("co_quan_ban_hanh"))}
             for row in tables.get("can_cu_phap_ly") or []]
    return ProcedureData(
        code=code, name=name, field_name=clean(meta.get("lĩnh_vực")), levels=levels,
        decision_number=clean(meta.get("số_quyết_định")), procedure_type=clean(meta.get("loại_thủ_tục")),
        applicants=clean(content.get("đối_tượng_thực_hiện")),
        competent_agency=clean(content.get("cơ_quan_có_thẩm_quyền")),
        implementing_agency=clean(content.get("cơ_quan_thực_hiện")),
        receiving_address=clean(content.get("địa_chỉ_tiếp_nhận_hs")),
        delegated_agency=clean(content.get("cơ_quan_được_ủy_quyền")),
        coordinating_agency=clean(content.get("cơ_quan_phối_hợp")),
        steps_text=clean(content.get("trình_tự_thực_hiện")),
        conditions=clean(content.get("yêu_cầu_điều_kiện_thực_hiện")),
        result_text=clean(content.get("kết_quả_thực_hiện")),
        legal_basis=legal, online_level=online_level(name, channels),
        source_group="bo-quoc-phong", channels=channels, fees=fees, documents=documents,
        issues=issues + channel_issues + document_issues,
    )


def _decimal(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def from_motcua(record: dict) -> ProcedureData:
    """A procedure written by ``motcua catalog export``: already structured, read as is."""
    code, name = _require(record.get("code", ""), record.get("name", ""))
    try:
        steps = record.get("process_steps")
        return ProcedureData(
            **{key: record[key] for key in _PLAIN_KEYS if key in record}, code=code, name=name,
            field_name=record.get("field") or "",
            channels=[ChannelData(c["channel"], _decimal(c.get("duration")), c.get("duration_unit", ""),
                                  c.get("description", "")) for c in record.get("channels", [])],
            fees=[FeeData(f["name"], f.get("amount"), f.get("channel", ""), f.get("conditions", ""),
                          f.get("currency", "VND"), _decimal(f.get("foreign_amount"))) for f in record.get("fees", [])],
            documents=[DocumentData(**d) for d in record.get("documents", [])],
            process_steps=None if steps is None else [
                StepData(s["name"], s["role"], Decimal(str(s["working_hours"])), s.get("unit_kind", ""))
                for s in steps],
            bundle_members=[{"code": m["code"], "unit_kind": m.get("unit_kind", "")}
                            for m in record.get("bundle_members") or []],
            issues=list(record.get("import_issues", [])),
        )
    except (KeyError, TypeError, ArithmeticError) as exc:
        raise RecordError(f"bản ghi motcua không đúng cấu trúc / malformed motcua record ({code}): {exc!r}") from exc


_PLAIN_KEYS = (
    "levels", "decision_number", "procedure_type", "applicants", "competent_agency", "implementing_agency",
    "receiving_address", "delegated_agency", "coordinating_agency", "steps_text", "conditions", "result_text",
    "legal_basis", "related_codes", "online_level", "requires_verified_identity", "is_bundle", "is_active",
    "source_url", "source_group", "formality_id",
)


def to_procedure_data(record, lists: dict[str, dict] | None = None) -> ProcedureData:
    """Any supported record → ProcedureData (raises RecordError when it cannot be imported at all)."""
    kind = detect_format(record)
    if kind == "national":
        return from_national(record, lists)
    if kind == "structured":
        return from_structured(record)
    return from_motcua(record)
