"""VietQR (mã VietQR, NAPAS 247): build, parse and draw transfer QR payloads. Pure functions.

A payload is an EMVCo merchant-presented QR string: fields written as ID (2 digits), length
(2 digits) and value, field 38 (VietQR) and 62 (additional data) nested the same way, and a
CRC-16/CCITT-FALSE over everything up to and including "6304". The rules and the published test
vectors are in shared/docs/domain-vn.md §4; how this module applies them is in
docs/developers/vietqr.md.
"""

import re
import unicodedata

import segno

from motcua.core.text import to_ascii

GUID = "A000000727"  # NAPAS application identifier inside field 38
TO_ACCOUNT, TO_CARD = "QRIBFTTA", "QRIBFTTC"
STATIC, DYNAMIC = "11", "12"
CURRENCY_VND, COUNTRY = "704", "VN"
NOTE_LIMIT = 25  # every field of 62 (bill number, purpose...) is at most 25 characters
NAME_LIMIT, CITY_LIMIT = 25, 15  # EMVCo limits for fields 59 and 60
AMOUNT_DIGITS = 13
CRC_TAG = "6304"
DOSSIER_FEE_PREFIX = "LPHS"  # "lệ phí hồ sơ": marks a transfer note as a dossier fee

# BIN → short bank name, from subiz/vietqr bank.csv (the NAPAS member list). An unknown BIN of six
# digits is still accepted (decision 0181): the citizen's bank app checks it when scanning.
_BANK_TABLE = """
970400 SaigonBank 970403 Sacombank 970405 Agribank 970406 DongABank 970407 Techcombank
970408 GPBank 970409 BacABank 970410 StandardChartered 970412 PVcomBank 970414 Oceanbank
970415 VietinBank 970416 ACB 970418 BIDV 970419 NCB 970421 VRBank 970422 MBBank 970423 TPBank
970424 ShinhanBank 970425 ABBank 970426 MSB 970427 VietABank 970428 NamABank 970429 SCB
970430 PGBank 970431 Eximbank 970432 VPBank 970433 VietBank 970434 IndovinaBank
970436 Vietcombank 970437 HDBank 970438 BaoVietBank 970439 PublicBank 970440 SeABank 970441 VIB
970442 HongLeong 970443 SHB 970444 CBBank 970446 COOPBANK 970448 OCB 970449 LPBank
970452 KienLongBank 970454 VietCapitalBank 970455 IBKHN 970456 IBKHCM 970457 Woori 970458 UOB
970459 CIMB 970462 KookminHN 970463 KookminHCM 970465 SINOPAC 970466 KEBHanaHCM 970467 KEBHanaHN
"""
_words = _BANK_TABLE.split()
BANKS: dict[str, str] = dict(zip(_words[::2], _words[1::2]))

_BIN = re.compile(r"[0-9]{6}")
_ACCOUNT = re.compile(r"[0-9A-Za-z]{1,19}")
_DIGITS = re.compile(r"[0-9]+")
_TAG = re.compile(r"[0-9]{4}")


class VietQRError(ValueError):
    """Bad VietQR input or payload. The message is Vietnamese first, then English."""

    def __init__(self, vi: str, en: str):
        super().__init__(f"{vi} / {en}")


# --- CRC ----------------------------------------------------------------------------------------

def crc16_ccitt_false(data: bytes | str) -> str:
    """CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no final xor), 4 upper hex."""
    if isinstance(data, str):
        data = data.encode("ascii")
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) & 0xFFFF if crc & 0x8000 else (crc << 1) & 0xFFFF
    return f"{crc:04X}"


def expected_crc(payload: str) -> str:
    """The CRC the payload should end with: computed over everything before the last 4 chars."""
    _require_crc_field(payload)
    return crc16_ccitt_false(payload[:-4])


def verify_crc(payload: str) -> None:
    """Raise VietQRError naming both values when the CRC written in the payload is wrong."""
    expected, found = expected_crc(payload), payload[-4:].upper()
    if expected != found:
        raise VietQRError(f"Mã kiểm tra CRC sai: tính được {expected}, trong mã ghi {found}",
                          f"CRC mismatch: expected {expected}, found {found}")


def _require_crc_field(payload: str) -> None:
    if len(payload) < 8 or payload[-8:-4] != CRC_TAG:
        raise VietQRError("Mã không kết thúc bằng trường CRC 6304xxxx",
                          "payload does not end with the CRC field 6304xxxx")


# --- input checks -------------------------------------------------------------------------------

def bank_name(bin_code: str) -> str | None:
    """Short name of the bank with this BIN (mã BIN ngân hàng), None when not in the list."""
    return BANKS.get(bin_code)


def check_bin(bin_code: str) -> str:
    if not isinstance(bin_code, str) or not _BIN.fullmatch(bin_code):
        raise VietQRError(f"Mã BIN không hợp lệ: {bin_code!r}, phải gồm đúng 6 chữ số",
                          "invalid BIN: it must be exactly 6 digits")
    return bin_code


def check_account(account: str) -> str:
    if not isinstance(account, str) or not _ACCOUNT.fullmatch(account):
        raise VietQRError(f"Số tài khoản/thẻ không hợp lệ: {account!r}, chỉ gồm 1–19 chữ cái hoặc chữ số",
                          "invalid account or card number: 1–19 letters or digits")
    return account


def check_amount(amount: int) -> int:
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise VietQRError("Số tiền phải là số nguyên đồng (VND), không có phần thập phân",
                          "amount must be a whole number of dong (VND), no decimals")
    if amount <= 0:
        raise VietQRError("Số tiền phải lớn hơn 0", "amount must be positive")
    if len(str(amount)) > AMOUNT_DIGITS:
        raise VietQRError(f"Số tiền dài quá {AMOUNT_DIGITS} chữ số", f"amount longer than {AMOUNT_DIGITS} digits")
    return amount


def parse_amount(text: str) -> int:
    """Amount typed by a person: digits only, because '120.000' means 120 thousand in Vietnamese."""
    text = text.strip()
    if not _DIGITS.fullmatch(text):
        raise VietQRError(f"Số tiền {text!r} không hợp lệ: chỉ ghi chữ số, không dấu chấm, phẩy hay phần lẻ",
                          "invalid amount: digits only, no separators or decimals")
    return check_amount(int(text))


def ascii_text(text: str, label: tuple[str, str], limit: int) -> str:
    """Fold Vietnamese to ASCII ('ủng hộ' → 'ung ho') and refuse, never cut, what does not fit.

    Banks count lengths in characters and most apps show only ASCII, so a field must be printable
    ASCII after folding; a character with no ASCII form (emoji, Chinese) is an error, not dropped.
    """
    vi, en = label
    text = unicodedata.normalize("NFC", text)
    lost = sorted({ch for ch in text if not to_ascii(ch) and not ch.isspace()})
    if lost:
        raise VietQRError(f"{vi} có ký tự không chuyển được sang ASCII: {''.join(lost)}",
                          f"{en} has characters with no ASCII form")
    folded = " ".join(to_ascii(text).split())
    if not folded.isprintable():
        raise VietQRError(f"{vi} có ký tự điều khiển", f"{en} has control characters")
    if len(folded) > limit:
        raise VietQRError(f"{vi} dài {len(folded)} ký tự, tối đa {limit}: hãy rút gọn",
                          f"{en} is {len(folded)} characters long, at most {limit}: shorten it")
    return folded


def fit_purpose(dossier_code: str, prefix: str = DOSSIER_FEE_PREFIX) -> str:
    """Transfer note for a dossier fee: 'LPHS H15.50-261008-0975' (≤ 25 characters).

    Long codes ('H15.50.05.13-261008-0975', 24 characters) leave no room for the prefix and are
    written alone; a code longer than 25 characters cannot be a transfer note and is refused.
    """
    code = ascii_text(dossier_code, ("Mã hồ sơ", "dossier code"), NOTE_LIMIT)
    if not code:
        raise VietQRError("Thiếu mã hồ sơ", "dossier code missing")
    note = f"{prefix} {code}"
    return note if len(note) <= NOTE_LIMIT else code


# --- building -----------------------------------------------------------------------------------

def tlv(tag: str, value: str) -> str:
    """One field: ID, 2-digit length, value. Lengths above 99 cannot be written."""
    if len(value) > 99:
        raise VietQRError(f"Trường {tag} dài {len(value)} ký tự, tối đa 99",
                          f"field {tag} is {len(value)} characters long, at most 99")
    return f"{tag}{len(value):02d}{value}"


def build_payload(bin, account, amount=None, purpose="", bill=None, card=False, static=False,
                  merchant_name=None, city=None) -> str:
    """The VietQR string for a transfer to `account` (or card number when `card`) at bank `bin`.

    A static QR (QR tĩnh, reusable) carries no amount; a dynamic one (QR động, one payment) must
    (decision 0182). `purpose` is the transfer note (nội dung chuyển khoản), folded to ASCII.
    """
    if static and amount is not None:
        raise VietQRError("Mã QR tĩnh không ghi số tiền", "a static QR carries no amount")
    if not static and amount is None:
        raise VietQRError("Mã QR động phải có số tiền", "a dynamic QR needs an amount")
    beneficiary = tlv("00", check_bin(bin)) + tlv("01", check_account(account))
    merchant = tlv("00", GUID) + tlv("01", beneficiary) + tlv("02", TO_CARD if card else TO_ACCOUNT)
    fields = [("00", "01"), ("01", STATIC if static else DYNAMIC), ("38", merchant), ("53", CURRENCY_VND)]
    if not static:
        fields.append(("54", str(check_amount(amount))))
    fields.append(("58", COUNTRY))
    if merchant_name:
        fields.append(("59", ascii_text(merchant_name, ("Tên người nhận", "merchant name"), NAME_LIMIT)))
    if city:
        fields.append(("60", ascii_text(city, ("Thành phố", "city"), CITY_LIMIT)))
    additional = _additional_data(bill, purpose)
    if additional:
        fields.append(("62", additional))
    body = "".join(tlv(tag, value) for tag, value in fields) + CRC_TAG
    return body + crc16_ccitt_false(body)


def _additional_data(bill, purpose) -> str:
    bill = ascii_text(bill or "", ("Số hóa đơn", "bill number"), NOTE_LIMIT)
    purpose = ascii_text(purpose or "", ("Nội dung chuyển khoản", "transfer note"), NOTE_LIMIT)
    return (tlv("01", bill) if bill else "") + (tlv("08", purpose) if purpose else "")


# --- parsing ------------------------------------------------------------------------------------

def decode_tlv(text: str, parent: str = "") -> dict[str, str]:
    """Split one level of ID-length-value fields; any length that does not add up is an error."""
    fields: dict[str, str] = {}
    where = parent or "gốc/root"
    i = 0
    while i < len(text):
        head = text[i:i + 4]
        if not _TAG.fullmatch(head):
            raise VietQRError(f"Mã hỏng tại vị trí {i} của trường {where}: {head!r} không phải ID và độ dài",
                              f"broken payload at position {i} of field {where}: {head!r} is not an ID and length")
        tag, size = head[:2], int(head[2:])
        name = f"{parent}.{tag}" if parent else tag
        value = text[i + 4:i + 4 + size]
        if len(value) != size:
            raise VietQRError(f"Trường {name} ghi dài {size} ký tự nhưng chỉ còn {len(value)}",
                              f"field {name} declares {size} characters but only {len(value)} remain")
        if tag in fields:
            raise VietQRError(f"Trường {name} xuất hiện hai lần", f"field {name} appears twice")
        fields[tag] = value
        i += 4 + size
    return fields


def parse_payload(payload: str, *, verify: bool = True) -> dict:
    """Decode a VietQR string into its fields, nested 38 and 62 included, checking the CRC.

    Returns the meaning ("bin", "bank", "account", "card", "static", "amount", "purpose", "bill"...)
    and the raw tree under "fields". With verify=False a wrong CRC is not an error (for --decode).
    """
    payload = payload.strip()
    if not payload.isascii():
        raise VietQRError("Mã VietQR chỉ được chứa ký tự ASCII", "a VietQR payload is ASCII only")
    _require_crc_field(payload)
    if verify:
        verify_crc(payload)
    top = decode_tlv(payload)
    if top.get("00") != "01":
        raise VietQRError("Trường 00 phải là 01", "field 00 (payload format) must be 01")
    if top.get("01") not in (STATIC, DYNAMIC):
        raise VietQRError("Trường 01 phải là 11 (tĩnh) hoặc 12 (động)", "field 01 must be 11 (static) or 12 (dynamic)")
    if "38" not in top:
        raise VietQRError("Không phải mã VietQR: thiếu trường 38", "not a VietQR payload: field 38 missing")
    merchant = _merchant_account(top["38"])
    additional = decode_tlv(top.get("62", ""), "62")
    amount = top.get("54")
    if amount is not None and not _DIGITS.fullmatch(amount):
        raise VietQRError(f"Số tiền {amount!r} không phải số nguyên", "amount is not a whole number")
    fields = {**top, "38": merchant}
    if "62" in top:
        fields["62"] = additional
    return {
        "static": top["01"] == STATIC,
        "bin": merchant["01"]["00"],
        "bank": bank_name(merchant["01"]["00"]),
        "account": merchant["01"]["01"],
        "service": merchant.get("02"),
        "card": merchant.get("02") == TO_CARD,
        "currency": top.get("53"),
        "amount": int(amount) if amount is not None else None,
        "country": top.get("58"),
        "merchant_name": top.get("59"),
        "city": top.get("60"),
        "bill": additional.get("01"),
        "purpose": additional.get("08"),
        "crc": payload[-4:],
        "fields": fields,
    }


def _merchant_account(value: str) -> dict:
    """Field 38: GUID, beneficiary {00 BIN, 01 account} and service code, strictly nested."""
    merchant = decode_tlv(value, "38")
    if merchant.get("00") != GUID:
        raise VietQRError(f"Trường 38.00 phải là {GUID}", f"field 38.00 must be the NAPAS GUID {GUID}")
    beneficiary = decode_tlv(merchant.get("01", ""), "38.01")
    if set(beneficiary) != {"00", "01"}:
        found = ", ".join(sorted(beneficiary)) or "-"
        raise VietQRError(f"Trường 38.01 phải gồm đúng 00 (BIN) và 01 (số tài khoản), mã có: {found}",
                          f"field 38.01 must hold exactly 00 (BIN) and 01 (account), found: {found}")
    check_bin(beneficiary["00"])
    check_account(beneficiary["01"])
    return {**merchant, "01": beneficiary}


# --- drawing ------------------------------------------------------------------------------------

def _qr(payload: str) -> segno.QRCode:
    parse_payload(payload)  # never draw a payload a bank app would reject
    return segno.make_qr(payload, error="m", boost_error=False)


def png(payload: str, path_or_file, scale: int = 8) -> None:
    """Write the QR as PNG (error correction M, 4-module quiet zone) to a path or binary file."""
    _qr(payload).save(path_or_file, kind="png", scale=scale, border=4)


def svg_data_uri(payload: str, scale: int = 4) -> str:
    """The QR as an SVG data: URI, for an <img src> in pages and printed notices."""
    return _qr(payload).svg_data_uri(scale=scale, border=4)
