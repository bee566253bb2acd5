"""How the public pages word money, time limits and documents (pure functions, no database)."""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from motcua.catalog.presentation import (
    channel_rows, copies_text, documents_by_case, fee_line, format_duration, format_fee, format_vnd, level_labels,
    online_badge, time_and_fees,
)


@pytest.mark.parametrize("amount, text", [
    (8000, "8.000 đồng"),            # birth registration late fee, as the national data writes it
    (135000, "135.000 đồng"),        # driving licence fee hidden behind "Miễn phí" in the source
    (1500000, "1.500.000 đồng"),
    (500, "500 đồng"),
    (0, "Miễn phí"),
    (None, "xem chi tiết"),          # unknown is never shown as 0
])
def test_format_vnd(amount, text):
    assert format_vnd(amount) == text


def test_fee_set_in_foreign_money_keeps_its_currency():
    assert format_fee(None, "USD", Decimal("50.00")) == "50 USD"
    assert format_fee(None, "USD", Decimal("1500.50")) == "1.500,5 USD"
    assert format_fee(8000) == "8.000 đồng"
    assert format_fee(None, "USD", None) == "xem chi tiết"


@pytest.mark.parametrize("value, unit, text", [
    (Decimal("5.00"), "working-days", "5 ngày làm việc"),
    (Decimal("0.50"), "working-days", "0,5 ngày làm việc"),
    (Decimal("4"), "working-hours", "4 giờ làm việc"),
    (Decimal("1.25"), "months", "1,25 tháng"),
    (Decimal("30"), "days", "30 ngày"),
    (Decimal("1500"), "days", "1.500 ngày"),
    (Decimal("1"), "", "1 (chưa rõ đơn vị)"),  # the source often gives a bare number
    (None, "working-days", "xem chi tiết"),
])
def test_format_duration(value, unit, text):
    assert format_duration(value, unit) == text


def test_level_labels_follow_the_space_separated_levels():
    assert level_labels("province commune") == ["Cấp tỉnh", "Cấp xã"]
    assert level_labels("ministry planet") == ["Cấp bộ"]
    assert level_labels("") == []


def test_online_badge_allows_submission_only_when_online():
    assert online_badge("full").can_submit_online and online_badge("partial").can_submit_online
    assert not online_badge("none").can_submit_online
    assert online_badge("full").label == "Dịch vụ công trực tuyến toàn trình"


def channel(kind, duration="5", unit="working-days", description=""):
    return SimpleNamespace(channel=kind, duration=Decimal(duration), duration_unit=unit, description=description)


def fee(kind, name, amount, conditions="", currency="VND", foreign_amount=None):
    return SimpleNamespace(channel=kind, name=name, amount=amount, conditions=conditions, currency=currency,
                           foreign_amount=foreign_amount)


def test_each_channel_shows_its_own_fees_and_the_common_ones():
    rows, others = channel_rows(
        [channel("direct", "5"), channel("online", "3")],
        [fee("direct", "Lệ phí", 8000), fee("", "Phí thẩm định", None, "Theo quy định"), fee("online", "Lệ phí", 0)])
    assert [(r.label, r.duration) for r in rows] == [("Trực tiếp", "5 ngày làm việc"), ("Trực tuyến", "3 ngày làm việc")]
    assert [(f.name, f.amount) for f in rows[0].fees] == [("Lệ phí", "8.000 đồng"), ("Phí thẩm định", "xem chi tiết")]
    assert [(f.name, f.amount) for f in rows[1].fees] == [("Phí thẩm định", "xem chi tiết"), ("Lệ phí", "Miễn phí")]
    assert rows[0].fees[1].conditions == "Theo quy định" and not rows[0].fees[1].is_known
    assert others == []


def test_fees_no_row_shows_are_listed_apart():
    rows, others = channel_rows([channel("direct")], [fee("postal", "Cước bưu chính", 25000),
                                                      fee("", "Lệ phí cấp thị thực", None, currency="USD",
                                                          foreign_amount=Decimal("25"))])
    assert [(f.amount, f.is_known) for f in rows[0].fees] == [("25 USD", True)]
    assert [(f.name, f.amount) for f in others] == [("Cước bưu chính", "25.000 đồng")]
    rows, others = channel_rows([], [fee("", "Lệ phí", 50000)])
    assert rows == [] and [f.amount for f in others] == ["50.000 đồng"]


def test_fees_common_to_every_channel_are_listed_once():
    note = "Miễn lệ phí. Phí cấp bản sao Trích lục kết hôn theo Thông tư 281/2016/TT-BTC"
    table = time_and_fees([channel("online", "1"), channel("postal", "1"), channel("direct", "1")],
                          [fee("", "Miễn phí", 0, note)])
    assert not table.fees_by_channel and all(row.fees == [] for row in table.rows)
    assert [(f.amount, f.conditions) for f in table.fees_apart] == [("Miễn phí", note)]


def test_fees_that_differ_by_channel_stay_in_their_rows():
    table = time_and_fees([channel("direct"), channel("online")], [fee("direct", "Lệ phí", 8000), fee("", "Phí", 0)])
    assert table.fees_by_channel
    assert [[f.amount for f in row.fees] for row in table.rows] == [["8.000 đồng", "Miễn phí"], ["Miễn phí"]]
    assert table.fees_apart == []


def test_fee_name_that_only_repeats_the_amount_is_not_shown():
    assert not fee_line(fee("", "Miễn phí", 0)).name_adds_something
    assert fee_line(fee("", "Lệ phí cấp giấy phép lái xe", 135000)).name_adds_something


def test_copies_text():
    assert copies_text(1, 0) == "1 bản chính"
    assert copies_text(1, 2) == "1 bản chính, 2 bản sao"
    assert copies_text(0, 1) == "1 bản sao"
    assert copies_text(0, 0) == "xem chi tiết"


def test_documents_grouped_by_case_in_listed_order():
    docs = [SimpleNamespace(name=n, originals=1, copies=0, form_template="", is_required=True, case=c)
            for n, c in [("Tờ khai", ""), ("Giấy chứng sinh", ""), ("Văn bản ủy quyền", "Trường hợp ủy quyền")]]
    groups = documents_by_case(docs)
    assert [(case, [d.name for d in lines]) for case, lines in groups] == [
        ("", ["Tờ khai", "Giấy chứng sinh"]), ("Trường hợp ủy quyền", ["Văn bản ủy quyền"])]
    assert groups[0][1][0].quantity == "1 bản chính"
