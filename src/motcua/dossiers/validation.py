"""Checks of applicant data, pure functions. Each failure names the field and says why."""

import re
from datetime import date

from motcua.core.errors import UserFacingError

# Birth-place codes of the 12-digit personal identification number (Circular 07/2016/TT-BCA,
# kept after the 2025 province merger because numbers are never reissued).
_PROVINCE_CODES = {
    1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33, 34, 35, 36, 37,
    38, 40, 42, 44, 45, 46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64, 66, 67, 68, 70, 72, 74, 75, 77,
    79, 80, 82, 83, 84, 86, 87, 89, 91, 92, 93, 94, 95, 96,
}
_MOBILE = re.compile(r"^0(3|5|7|8|9)\d{8}$")


def personal_id(value: str, today: date | None = None) -> str:
    """A 12-digit personal identification number (số định danh cá nhân / CCCD)."""
    value = (value or "").strip().replace(" ", "")
    if not re.fullmatch(r"\d{12}", value):
        raise UserFacingError("Số định danh cá nhân phải gồm đúng 12 chữ số",
                              "the personal ID number must be exactly 12 digits", field="applicant_id_number")
    if int(value[:3]) not in _PROVINCE_CODES:
        raise UserFacingError("Số định danh cá nhân có mã nơi đăng ký khai sinh không hợp lệ (3 số đầu)",
                              "the first 3 digits are not a valid birth-place code", field="applicant_id_number")
    century = 1900 + 100 * (int(value[3]) // 2)  # 0/1: 1900s, 2/3: 2000s, ... (gender is the parity)
    year = century + int(value[4:6])
    if year > (today or date.today()).year:
        raise UserFacingError("Số định danh cá nhân có năm sinh không hợp lệ",
                              "the ID number encodes a birth year in the future", field="applicant_id_number")
    return value


def tax_code(value: str) -> str:
    """Business tax code (mã số thuế): 10 digits, or 10 digits + '-' + 3 digits for branches."""
    value = (value or "").strip().replace(" ", "")
    if not re.fullmatch(r"\d{10}(-\d{3})?", value):
        raise UserFacingError("Mã số thuế phải gồm 10 chữ số (hoặc 10 chữ số, dấu '-' và 3 chữ số)",
                              "the tax code must be 10 digits, or 10 digits '-' 3 digits",
                              field="applicant_id_number")
    return value


def phone(value: str, required: bool = False) -> str:
    value = re.sub(r"[\s.\-]", "", value or "")
    if value.startswith("+84"):
        value = "0" + value[3:]
    if not value and not required:
        return ""
    if not _MOBILE.match(value):
        raise UserFacingError("Số điện thoại di động không hợp lệ (10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09)",
                              "invalid mobile phone number", field="applicant_phone")
    return value


def name(value: str) -> str:
    value = " ".join((value or "").split())
    if len(value) < 2 or len(value) > 200 or any(ch.isdigit() for ch in value) and len(value) < 5:
        raise UserFacingError("Vui lòng nhập họ tên (hoặc tên tổ chức) của chủ hồ sơ",
                              "please enter the applicant's name", field="applicant_name")
    return value
