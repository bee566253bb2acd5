"""VietQR payloads against every published vector of domain-vn.md §4.2 and its known-bad ones."""

import io

import pytest
import segno
from PIL import Image

from motcua.payments import vietqr
from motcua.payments.vietqr import VietQRError, build_payload, parse_payload

# (build arguments, payload) — domain-vn.md §4.2, vectors 1 to 4
PUBLISHED = [
    pytest.param(dict(bin="970415", account="0011001932418", amount=120000, purpose="ủng hộ lũ lụt"),
                 "00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA5303704"
                 "54061200005802VN62170813ung ho lu lut6304C15C", id="1-reference-C15C"),
    pytest.param(dict(bin="970403", account="0011012345678", amount=180000, bill="NPS6869",
                      purpose="thanh toan don hang"),
                 "00020101021238570010A00000072701270006970403011300110123456780208QRIBFTTA5303704"
                 "54061800005802VN62340107NPS68690819thanh toan don hang63042E2E", id="2-napas-6.1.3-2E2E"),
    pytest.param(dict(bin="970403", account="9704031101234567", amount=180000, bill="NPS6869",
                      purpose="thanh toan don hang", card=True),
                 "00020101021238600010A00000072701300006970403011697040311012345670208QRIBFTTC5303704"
                 "54061800005802VN62340107NPS68690819thanh toan don hang6304A203", id="2-to-card-A203"),
    pytest.param(dict(bin="970403", account="9704031101234567", card=True, static=True),
                 "00020101021138600010A00000072701300006970403011697040311012345670208QRIBFTTC5303704"
                 "5802VN63044F52", id="2-static-to-card-4F52"),
    pytest.param(dict(bin="970423", account="0099999999", static=True),
                 "00020101021138540010A00000072701240006970423011000999999990208QRIBFTTA53037045802VN"
                 "6304CBB4", id="3-static-tpbank-CBB4"),
    pytest.param(dict(bin="970415", account="0011001932418", amount=50000,
                      purpose=vietqr.fit_purpose("H56.22-250101-0001")),
                 "00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA5303704"
                 "5405500005802VN62270823LPHS H56.22-250101-000163040678", id="4-domain-0678"),
    # subiz/vietqr vietqr_test.go, beyond the domain document: folding counts characters, not bytes
    pytest.param(dict(bin="970422", account="0023457923442", amount=40123, purpose="chuyển khoản"),
                 "00020101021238570010A00000072701270006970422011300234579234420208QRIBFTTA5303704"
                 "5405401235802VN62160812chuyen khoan6304722F", id="subiz-722F"),
]

KNOWN_BAD = [
    # binhnguyenduc/vietqr-ts NAPAS_EXAMPLE_1..3: service code inside 38.01, CRCs that do not verify
    pytest.param("00020101021138560010A0000007270138000697042201120123456789020208QRIBFTTA53037045802VN"
                 "6304B682", "4EB3", id="vietqr-ts-1-B682"),
    pytest.param("00020101021238560010A0000007270138000697042201120123456789020208QRIBFTTA5303704540510000"
                 "5802VN62140810Thanh toan6304E6A9", "7230", id="vietqr-ts-2-E6A9"),
    pytest.param("00020101021238560010A0000007270138000697042201120123456789020208QRIBFTTA5303704540550000"
                 "5802VN5204581162350805INV20240511HD123456708116304C7F8", "B728", id="vietqr-ts-3-C7F8"),
]
# CRC matches the bytes as printed, but a length is wrong
BAD_LENGTH = [
    pytest.param("00020101021138570010A00000072701270006970403011200110123456780208QRIBFTTA53037045802VN"
                 "6304F4E5", "38.01", id="napas-6.1.1-account-length"),
    pytest.param("00020101021238500010A0000007270120000697041601065454460208QRIBFTTA53037045406180000"
                 "5802VN62270823thanh toan don hang63044302", "43", id="php-inner-length"),
]


def test_crc_check_value():
    assert vietqr.crc16_ccitt_false(b"123456789") == "29B1"


@pytest.mark.parametrize("kwargs, payload", PUBLISHED)
def test_build_reproduces_published_vector(kwargs, payload):
    assert build_payload(**kwargs) == payload


@pytest.mark.parametrize("kwargs, payload", PUBLISHED)
def test_parse_reads_published_vector(kwargs, payload):
    parsed = parse_payload(payload)
    assert parsed["bin"] == kwargs["bin"]
    assert parsed["account"] == kwargs["account"]
    assert parsed["amount"] == kwargs.get("amount")
    assert parsed["static"] is kwargs.get("static", False)
    assert parsed["card"] is kwargs.get("card", False)
    assert parsed["bill"] == kwargs.get("bill")
    assert parsed["crc"] == payload[-4:]


def test_parse_decodes_nested_fields_of_reference_vector():
    parsed = parse_payload(PUBLISHED[0].values[1])
    assert parsed["fields"] == {
        "00": "01", "01": "12",
        "38": {"00": "A000000727", "01": {"00": "970415", "01": "0011001932418"}, "02": "QRIBFTTA"},
        "53": "704", "54": "120000", "58": "VN", "62": {"08": "ung ho lu lut"}, "63": "C15C",
    }
    assert parsed["bank"] == "VietinBank"
    assert parsed["purpose"] == "ung ho lu lut"


@pytest.mark.parametrize("payload, expected", KNOWN_BAD)
def test_known_bad_vectors_fail_crc_naming_both_values(payload, expected):
    with pytest.raises(VietQRError, match=f"expected {expected}, found {payload[-4:]}"):
        parse_payload(payload)
    with pytest.raises(VietQRError):  # and they are not VietQR-shaped either
        parse_payload(payload, verify=False)


@pytest.mark.parametrize("payload, field", BAD_LENGTH)
def test_known_bad_lengths_fail_even_with_matching_crc(payload, field):
    vietqr.verify_crc(payload)  # the CRC itself is right...
    with pytest.raises(VietQRError, match=rf"field {field}\b"):
        parse_payload(payload)


def test_any_single_character_change_is_caught():
    payload = PUBLISHED[0].values[1]
    for i in range(len(payload) - 4):
        changed = payload[:i] + ("1" if payload[i] != "1" else "2") + payload[i + 1:]
        with pytest.raises(VietQRError):
            parse_payload(changed)


@pytest.mark.parametrize("kwargs", [
    dict(bin="970436", account="1234567890123456789", amount=9_999_999_999_999, purpose="x" * 25,
         bill="B" * 25, merchant_name="Ủy ban nhân dân phường", city="Buôn Ma Thuột"),
    dict(bin="999999", account="ABC123", static=True, purpose="Lệ phí   hộ tịch"),
    dict(bin="970415", account="1", amount=1, card=True),
])
def test_round_trip(kwargs):
    parsed = parse_payload(build_payload(**kwargs))
    assert (parsed["bin"], parsed["account"], parsed["amount"]) == (kwargs["bin"], kwargs["account"], kwargs.get("amount"))
    assert parsed["card"] is kwargs.get("card", False)
    assert parsed["static"] is kwargs.get("static", False)
    if "merchant_name" in kwargs:
        assert (parsed["merchant_name"], parsed["city"], parsed["bill"]) == (
            "Uy ban nhan dan phuong", "Buon Ma Thuot", "B" * 25)
    if kwargs.get("static"):
        assert parsed["purpose"] == "Le phi ho tich"


BASE = dict(bin="970415", account="0011001932418", amount=120000)


@pytest.mark.parametrize("change, message", [
    (dict(bin="97041"), "Mã BIN không hợp lệ"),
    (dict(bin="9704151"), "Mã BIN không hợp lệ"),
    (dict(bin="97041a"), "Mã BIN không hợp lệ"),
    (dict(bin=970415), "Mã BIN không hợp lệ"),
    (dict(account=""), "Số tài khoản/thẻ không hợp lệ"),
    (dict(account="1" * 20), "Số tài khoản/thẻ không hợp lệ"),
    (dict(account="0011-0019"), "Số tài khoản/thẻ không hợp lệ"),
    (dict(amount=0), "Số tiền phải lớn hơn 0"),
    (dict(amount=-5), "Số tiền phải lớn hơn 0"),
    (dict(amount=120000.0), "không có phần thập phân"),
    (dict(amount="120000"), "không có phần thập phân"),
    (dict(amount=True), "không có phần thập phân"),
    (dict(amount=10 ** 13), "quá 13 chữ số"),
    (dict(amount=None), "Mã QR động phải có số tiền"),
    (dict(static=True), "Mã QR tĩnh không ghi số tiền"),
    (dict(purpose="x" * 26), "dài 26 ký tự, tối đa 25"),
    (dict(purpose="Lệ phí cấp bản sao trích lục hộ tịch"), "tối đa 25"),
    (dict(purpose="phí 💰"), "không chuyển được sang ASCII: 💰"),
    (dict(purpose="lệ phí 户籍"), "không chuyển được sang ASCII"),
    (dict(purpose="a\x00b"), "ký tự điều khiển"),
    (dict(bill="B" * 26), "Số hóa đơn dài 26"),
    (dict(merchant_name="N" * 26), "Tên người nhận dài 26"),
    (dict(city="C" * 16), "Thành phố dài 16"),
])
def test_validation_errors_are_bilingual(change, message):
    with pytest.raises(VietQRError, match=message) as error:
        build_payload(**{**BASE, **change})
    assert " / " in str(error.value)  # Vietnamese first, then English
    assert isinstance(error.value, ValueError)


def test_purpose_is_refused_not_truncated():
    with pytest.raises(VietQRError):
        build_payload(**BASE, purpose="LPHS H15.50.05.13-261008-0975")


@pytest.mark.parametrize("code, note", [
    ("H15.50-261008-0975", "LPHS H15.50-261008-0975"),
    ("H56.22-250101-0001", "LPHS H56.22-250101-0001"),
    ("H15.50.05.13-261008-0975", "H15.50.05.13-261008-0975"),  # 24 chars: no room for the prefix
    ("000.17.22.H56-210531-0001", "000.17.22.H56-210531-0001"),  # exactly 25
])
def test_fit_purpose(code, note):
    assert vietqr.fit_purpose(code) == note
    assert len(note) <= 25


@pytest.mark.parametrize("code", ["", "   ", "H15.50.05.13-261008-0975123"])
def test_fit_purpose_refuses_what_cannot_fit(code):
    with pytest.raises(VietQRError):
        vietqr.fit_purpose(code)


def test_subfield_longer_than_99_is_refused():
    with pytest.raises(VietQRError, match="at most 99"):
        vietqr.tlv("62", "x" * 100)
    assert vietqr.tlv("62", "x" * 99).startswith("6299")


@pytest.mark.parametrize("text, amount", [("120000", 120000), (" 50000 ", 50000)])
def test_parse_amount(text, amount):
    assert vietqr.parse_amount(text) == amount


@pytest.mark.parametrize("text", ["120.000", "120,000", "1e5", "", "-1", "0", "١٢٠"])
def test_parse_amount_refuses(text):
    with pytest.raises(VietQRError):
        vietqr.parse_amount(text)


@pytest.mark.parametrize("payload, message", [
    ("", "6304"),
    ("0002010102126304ABCD", "CRC mismatch"),
    ("0002020102115802VN6304", "field 00"),
    ("0002010102135802VN6304", "field 01"),
    ("0002010102115802VN6304", "field 38 missing"),
    ("00020101021138140010A000000728" "6304", "38.00"),
    ("00020101021138180010A00000072701006304", "38.01 must hold exactly"),
    ("0002010102115802VN5802VN6304", "appears twice"),
    ("0002010102ủ11", "ASCII"),
])
def test_parse_errors(payload, message):
    if payload.endswith("6304"):
        payload += vietqr.crc16_ccitt_false(payload)
    with pytest.raises(VietQRError, match=message):
        parse_payload(payload)


def test_parse_rejects_decimal_amount():
    body = "00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA530370454061200.05802VN6304"
    with pytest.raises(VietQRError, match="not a whole number"):
        parse_payload(body + vietqr.crc16_ccitt_false(body))


def test_unknown_bin_is_accepted_without_a_bank_name():
    parsed = parse_payload(build_payload("123456", "42", 1000))
    assert parsed["bin"] == "123456" and parsed["bank"] is None
    assert vietqr.bank_name("970436") == "Vietcombank"


def test_png_scans_back_to_the_payload(tmp_path):
    zxingcpp = pytest.importorskip("zxingcpp")
    payload = PUBLISHED[5].values[1]
    path = tmp_path / "fee.png"
    vietqr.png(payload, path, scale=6)
    results = zxingcpp.read_barcodes(Image.open(path))
    assert [r.text for r in results] == [payload]
    assert results[0].ec_level == "M"


def test_png_pixels_are_the_qr_matrix_at_error_level_m():
    payload = PUBLISHED[0].values[1]
    out = io.BytesIO()
    vietqr.png(payload, out, scale=3)
    image = Image.open(io.BytesIO(out.getvalue())).convert("1")
    qr = segno.make_qr(payload, error="m", boost_error=False)
    assert qr.error == "M"
    matrix = list(qr.matrix_iter(scale=3, border=4))
    assert image.size == (len(matrix[0]), len(matrix))
    assert all(bool(dark) == (image.getpixel((x, y)) == 0)
               for y, row in enumerate(matrix) for x, dark in enumerate(row))


def test_svg_data_uri():
    uri = vietqr.svg_data_uri(PUBLISHED[0].values[1])
    assert uri.startswith("data:image/svg+xml")


def test_drawing_refuses_a_broken_payload(tmp_path):
    with pytest.raises(VietQRError):
        vietqr.png(KNOWN_BAD[0].values[0], tmp_path / "x.png")
    with pytest.raises(VietQRError):
        vietqr.svg_data_uri("not a payload")
