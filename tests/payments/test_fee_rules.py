"""The pure rules: fee lines, notice totals, matching a confirmation, amounts in words, receipts."""

from types import SimpleNamespace

import pytest

from motcua.core.errors import UserFacingError
from motcua.payments import fees, receipts
from motcua.payments.fees import FeeLine, Outcome, classify
from motcua.payments.forms import legal_basis_for
from motcua.payments.words import amount_in_words


@pytest.mark.parametrize("amount, words", [
    (0, "Không đồng"),
    (5, "Năm đồng"),
    (10, "Mười đồng"),
    (11, "Mười một đồng"),
    (14, "Mười bốn đồng"),
    (15, "Mười lăm đồng"),
    (21, "Hai mươi mốt đồng"),
    (24, "Hai mươi tư đồng"),
    (25, "Hai mươi lăm đồng"),
    (8000, "Tám nghìn đồng"),
    (15000, "Mười lăm nghìn đồng"),
    (50000, "Năm mươi nghìn đồng"),
    (105000, "Một trăm linh năm nghìn đồng"),
    (110000, "Một trăm mười nghìn đồng"),
    (1000000, "Một triệu đồng"),
    (1005000, "Một triệu không trăm linh năm nghìn đồng"),
    (1000005, "Một triệu không trăm linh năm đồng"),
    (1234567, "Một triệu hai trăm ba mươi tư nghìn năm trăm sáu mươi bảy đồng"),
    (2000000000, "Hai tỷ đồng"),
    (2000000005, "Hai tỷ không trăm linh năm đồng"),
    (1500000000000, "Một nghìn năm trăm tỷ đồng"),
])
def test_amount_in_words(amount, words):
    assert amount_in_words(amount) == words


@pytest.mark.parametrize("bad", [-1, 1.5, "50000", True])
def test_amount_in_words_refuses_what_is_not_whole_dong(bad):
    with pytest.raises(ValueError, match="Số tiền"):
        amount_in_words(bad)


def test_a_line_is_amount_times_quantity_and_nothing_when_exempt():
    copies = FeeLine("Phí cấp bản sao trích lục", 8000, quantity=3, catalogue_amount=8000)
    assert fees.check_line(copies).amount == 24000
    exempt = fees.check_line(FeeLine("Lệ phí đăng ký", 20000, exempt=True, reason="Trẻ em hộ nghèo",
                                     catalogue_amount=20000))
    assert exempt.amount == 0 and exempt.exempt


@pytest.mark.parametrize("line, field, words", [
    (FeeLine("Lệ phí", 20000, exempt=True, catalogue_amount=20000), "reason", "miễn phí, lệ phí cần ghi lý do"),
    (FeeLine("Lệ phí", 15000, catalogue_amount=20000), "reason", "khác mức thu trong danh mục"),
    (FeeLine("Phí thẩm định", None), "unit_amount", "danh mục chưa ghi mức thu"),
    (FeeLine("Lệ phí", -1), "unit_amount", "không được âm"),
    (FeeLine("Lệ phí", 8000, quantity=0), "quantity", "số lượng phải từ 1 đến 999"),
    (FeeLine("Lệ phí", 8000, quantity=1000), "quantity", "số lượng phải từ 1 đến 999"),
    (FeeLine("  ", 8000), "name", "Thiếu tên"),
])
def test_bad_lines_are_explained_on_their_field(line, field, words):
    with pytest.raises(UserFacingError, match=words) as err:
        fees.check_line(line, "2-")
    assert err.value.field == f"2-{field}"


def test_an_adjusted_amount_with_its_reason_is_kept():
    line = fees.check_line(FeeLine("Lệ phí", 15000, catalogue_amount=20000, reason="Giảm 25% theo NQ HĐND"))
    assert line.adjusted and line.amount == 15000


def test_a_notice_must_ask_for_money():
    lines, total = fees.check_notice([FeeLine("Bản sao", 8000, quantity=2), FeeLine("Lệ phí", 10000)])
    assert total == 26000 and len(lines) == 2
    with pytest.raises(UserFacingError, match="Tổng số tiền bằng 0"):
        fees.check_notice([FeeLine("Lệ phí", 20000, exempt=True, reason="Người có công")])
    with pytest.raises(UserFacingError, match="ít nhất một"):
        fees.check_notice([])
    with pytest.raises(UserFacingError, match="quá lớn"):
        fees.check_notice([FeeLine("Lệ phí", 10 ** 12, quantity=10)])


def test_catalogue_fees_apply_to_their_channel_or_every_channel():
    rows = [SimpleNamespace(name=n, channel=c) for n, c in (("all", ""), ("direct", "direct"), ("online", "online"))]
    assert [f.name for f in fees.applicable(rows, "online")] == ["all", "online"]
    assert [f.name for f in fees.applicable(rows, "postal")] == ["all"]


@pytest.mark.parametrize("paid, amount, total, waiting, outcome, reason", [
    (True, 50000, 50000, True, Outcome.PAID, "exact"),
    (True, 40000, 50000, True, Outcome.MISMATCH, "short_payment"),
    (True, 60000, 50000, True, Outcome.MISMATCH, "overpayment"),
    (True, 50000, None, False, Outcome.UNMATCHED, "no_open_notice"),
    (True, 50000, 50000, False, Outcome.UNMATCHED, "dossier_not_waiting"),
    (False, 50000, 50000, True, Outcome.NOT_PAID, "gateway_not_paid"),
])
def test_classify_a_confirmation(paid, amount, total, waiting, outcome, reason):
    assert classify(paid=paid, amount=amount, notice_total=total, dossier_waiting=waiting) == (outcome, reason)


def test_the_legal_basis_shown_is_the_fee_law_when_there_is_one():
    procedure = SimpleNamespace(legal_basis=[{"number": "60/2014/QH13", "title": "Luật Hộ tịch"},
                                             {"number": "281/2016/TT-BTC", "title": "Thông tư quy định mức thu lệ phí, "
                                                                                    "phí hộ tịch"}])
    assert legal_basis_for(procedure) == "281/2016/TT-BTC Thông tư quy định mức thu lệ phí, phí hộ tịch"
    procedure.legal_basis = procedure.legal_basis[:1]
    assert legal_basis_for(procedure) == "60/2014/QH13 Luật Hộ tịch"


@pytest.mark.parametrize("text, number", [("12", 12), ("0000012", 12), ("H99.50-26/0000012", 12), (" 7 ", 7),
                                          ("", None), ("abc", None), ("0", None), ("1234567890", None)])
def test_receipt_numbers_as_people_type_them(text, number):
    assert receipts.parse_number(text) == number


def test_masked_payer_name():
    assert receipts.masked_name("Nguyễn Văn An") == "Nguyễn V. A."
    assert receipts.masked_name("An") == "An"
