"""Payloads for the National Public Service Portal sync (DongBoHoSoMC, CapNhatTienDoHoSoMC),
domain-vn.md §3.5. Pure functions of a dossier and its events."""

from django.utils import timezone

from motcua.dossiers.workflow import NATIONAL_STATUS

CHANNEL_CODE = {"direct": 1, "online": 2, "postal": 3}  # KenhThucHien
APPLICANT_CODE = {"citizen": 1, "business": 2}  # LoaiDoiTuong
DELIVERY_CODE = {"counter": 0, "post": 1, "locker": 0, "electronic": 0}  # HinhThuc (OpenCPS mapping)


def portal_time(moment) -> str:
    """yyyyMMddHHmmss in Asia/Ho_Chi_Minh, as the portal expects."""
    return timezone.localtime(moment).strftime("%Y%m%d%H%M%S") if moment else ""


def dossier_item(dossier) -> dict:
    """One DongBoHoSoMC item."""
    attachments = list(dossier.attachments.all())
    return {
        "MaHoSo": dossier.code or str(dossier.public_id),
        "MaTTHC": dossier.procedure.code,
        "TenTTHC": dossier.procedure.name,
        "MaLinhVuc": dossier.procedure.field.code if dossier.procedure.field else "",
        "TenLinhVuc": dossier.procedure.field.name if dossier.procedure.field else "",
        "KenhThucHien": CHANNEL_CODE[dossier.channel],
        "ChuHoSo": dossier.applicant_name,
        "LoaiDoiTuong": APPLICANT_CODE[dossier.applicant_kind],
        "MaDoiTuong": dossier.applicant_id_number,
        "SoDienThoai": dossier.applicant_phone,
        "Email": dossier.applicant_email,
        "TrichYeuHoSo": dossier.summary or dossier.procedure.name,
        "NgayTiepNhan": portal_time(dossier.received_at),
        "NgayHenTra": portal_time(dossier.due_at),
        "TrangThaiHoSo": NATIONAL_STATUS[dossier.state],
        "NgayTra": portal_time(dossier.returned_at),
        "NgayKetThucXuLy": portal_time(dossier.finished_at),
        "HinhThuc": DELIVERY_CODE[dossier.delivery],
        "DonViXuLy": dossier.current_unit.name,
        "NoiNopHoSo": dossier.unit.code,
        "LoaiDinhDanh": 1 if len(dossier.applicant_id_number) == 12 else 2,
        "SoDinhDanh": dossier.applicant_id_number,
        "HoSoCoThanhPhanSoHoa": int(any(a.is_digitised for a in attachments)),
        "TaiLieuNop": [
            {"TepDinhKemId": str(a.pk), "TenTepDinhKem": a.name, "IsDeleted": False,
             "MaThanhPhanHoSo": str(a.document_id or ""), "DuocSoHoa": int(a.is_digitised),
             "DuocTaiSuDung": 0, "DuocLayTuKhoDMQG": 0}
            for a in attachments if a.kind != "result"
        ],
        "DanhSachGiayToKetQua": [
            {"TenGiayTo": a.name, "GiayToId": str(a.pk), "DuongDanTepTinKetQua": f"/ket-qua/{a.pk}"}
            for a in attachments if a.kind == "result"
        ],
    }


def progress_item(dossier, event) -> dict:
    """One CapNhatTienDoHoSoMC item for an event."""
    step = dossier.steps.filter(position=event.to_step).first() if event.to_step else None
    return {
        "MaHoSo": dossier.code or str(dossier.public_id),
        "NguoiXuLy": event.actor_name,
        "ChucDanh": event.actor_role,
        "ThoiDiemXuLy": portal_time(event.at),
        "PhongBanXuLy": step.unit.name if step else dossier.current_unit.name,
        "NoiDungXuLy": event.comment or event.action,
        "TrangThai": NATIONAL_STATUS.get(event.to_state) or 0,
        "NgayBatDau": portal_time(step.started_at if step else None),
        "NgayKetThucTheoQuyDinh": portal_time(step.due_at if step else None),
    }


def message_for(dossier, event) -> dict | None:
    """The sync message for an event: the dossier itself when its national status changed (first
    time: isUpdating false), the progress otherwise. Drafts are never sent."""
    status = NATIONAL_STATUS.get(event.to_state)
    if status is None:
        return None
    if event.from_state != event.to_state or event.action == "apologize":
        first = NATIONAL_STATUS.get(event.from_state) is None
        return {"service": "DongBoHoSoMC", "isUpdating": "false" if first else "true", "data": [dossier_item(dossier)]}
    return {"service": "CapNhatTienDoHoSoMC", "data": [progress_item(dossier, event)]}
