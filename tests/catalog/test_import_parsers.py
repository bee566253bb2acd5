"""Pure parsers of the catalogue importer, on snippets copied from the national data (no database)."""

from decimal import Decimal

import pytest

from motcua.catalog.importer.cells import amounts_in, fee_from_parts, parse_duration, parse_vnd, unwrap
from motcua.catalog.importer.formats import detect_format, from_national, from_structured, online_level
from motcua.catalog.importer.records import ChannelData, RecordError
from motcua.catalog.importer.tables import (CHANNEL_HEADER, DOCUMENT_HEADER, LAW_HEADER, clean_result,
                                            parse_channel_table, parse_document_table, parse_legal_table,
                                            parse_levels, split_template)

# 3.000347 Đổi giấy phép lái xe: the fee cell says "Miễn phí", the fee is in the note.
DRIVING_LICENCE = (
    CHANNEL_HEADER + "Trực tuyến5 Ngày làm việcMiễn phí(- Lệ phí cấp giấy phép lái xe: 135.000 đồng/lần.  - "
    "Trường hợp tổ chức, cá nhân nộp hồ sơ theo hình thức trực tuyến: Kể từ ngày 01/12/2023 đến hết ngày "
    "31/12/2025, áp dụng mức thu lệ phí là 115.000 đồng/lần cấp.)Trực tiếp5 Ngày làm việcMiễn phí(- Lệ phí cấp "
    "giấy phép lái xe: 135.000 đồng/lần.  - Trường hợp tổ chức, cá nhân nộp hồ sơ theo hình thức trực tuyến: Kể "
    "từ ngày 01/12/2023 đến hết ngày 31/12/2025, áp dụng mức thu lệ phí là 115.000 đồng/lần cấp.)"
)
# 1.001193 Thủ tục đăng ký khai sinh: free, and the time limit has no unit.
BIRTH = CHANNEL_HEADER + "Trực tuyến1Miễn phíDịch vụ bưu chính1Miễn phíTrực tiếp1Miễn phí"
# 1.000014: the time and the fee ran together ("1" + "20 VNĐ", the note says 20.000 đồng).
TAX_FORM = CHANNEL_HEADER + "Trực tuyến120 VNĐ(20.000 vnđ /tờ khai)Trực tiếp120 VNĐ(20.000 vnđ /tờ khai)"


class TestDuration:
    @pytest.mark.parametrize("text, number, unit", [
        ("5 Ngày làm việcMiễn phí", Decimal(5), "working-days"),
        ("15 NgàyMiễn phí", Decimal(15), "days"),
        ("8 GiờMiễn phí", Decimal(8), "working-hours"),
        ("6 ThángKhông có thông tin", Decimal(6), "months"),
        ("0.5 Giờ", Decimal("0.5"), "working-hours"),
    ])
    def test_units_of_the_national_portal(self, text, number, unit):
        duration, found_unit, _, issue = parse_duration(text)
        assert (duration, found_unit, issue) == (number, unit, "")

    def test_a_number_without_unit_is_kept_and_reported(self):
        duration, unit, rest, issue = parse_duration("1Miễn phí")
        assert (duration, unit, rest) == (Decimal(1), "", "Miễn phí")
        assert "thiếu đơn vị" in issue and "without unit" in issue

    def test_not_regulated_is_no_time_and_no_problem(self):
        assert parse_duration("Không quy địnhMiễn phí") == (None, "", "Miễn phí", "")

    def test_free_text_is_unreadable(self):
        duration, _, _, issue = parse_duration("Chậm nhất là ngay trước khi tàu rời cảng")
        assert duration is None and "unreadable time limit" in issue


class TestMoney:
    @pytest.mark.parametrize("text, amount", [
        ("8.000", 8000), ("135.000", 135000), ("2,000,000", 2_000_000), ("20000", 20000), ("0", 0),
        ("1.350.000", 1_350_000),
    ])
    def test_thousands_separators(self, text, amount):
        assert parse_vnd(text) == amount

    @pytest.mark.parametrize("text", ["1.5", "12.34", "o", ""])
    def test_ambiguous_amounts_are_none(self, text):
        assert parse_vnd(text) is None

    def test_amounts_named_by_the_words_before_them(self):
        fees = amounts_in("- Lệ phí cấp giấy phép lái xe: 135.000 đồng/lần.")
        assert [(f.name, f.amount) for f in fees] == [("Lệ phí cấp giấy phép lái xe", 135000)]

    def test_amount_per_unit_without_currency(self):
        fees = amounts_in("Cho một loại hình sản phẩm hoặc dịch vụ: 8.000.000/lần; thêm một loại hình: 2.000.000/lần.")
        assert [f.amount for f in fees] == [8_000_000, 2_000_000]

    def test_dates_and_document_numbers_are_not_money(self):
        assert amounts_in("Thông tư số 64/2025/TT-BTC ngày 30/6/2025 của Bộ Tài chính") == []

    def test_doubled_brackets(self):
        assert unwrap("((Miễn lệ phí.))") == "Miễn lệ phí."
        assert unwrap("(a) và (b)") == "(a) và (b)"


class TestFees:
    def test_free_alone_is_zero(self):
        fees, issues = fee_from_parts("Miễn phí", "", "", "")
        assert [(f.name, f.amount) for f in fees] == [("Miễn phí", 0)] and issues == []

    def test_readme_example_eight_thousand(self):
        fees, issues = fee_from_parts("Lệ phí", "8.000", "Đồng", "")
        assert [(f.name, f.amount) for f in fees] == [("Lệ phí", 8000)] and issues == []

    def test_free_whose_note_says_free(self):
        fees, _ = fee_from_parts("Miễn phí", "", "", "Miễn lệ phí. Phí cấp bản sao Trích lục kết hôn (nếu có yêu cầu)")
        assert fees[0].amount == 0

    def test_fee_set_by_another_document_stays_unknown_and_is_reported(self):
        fees, issues = fee_from_parts("Miễn phí", "", "", "do Ủy ban nhân dân cấp tỉnh quy định.")
        assert fees[0].amount is None
        assert issues and "fee set elsewhere" in issues[0]

    def test_implausible_cell_amount_takes_the_single_amount_of_its_note(self):
        fees, issues = fee_from_parts("Phí, lệ phí", "150", "VNĐ", "150.000 đồng/lần/thẻ.")
        assert fees[0].amount == 150000 and issues == []

    def test_implausible_cell_amount_without_a_note_amount_is_reported(self):
        fees, issues = fee_from_parts("Phí, lệ phí", "180", "VNĐ", "Phí thẩm định và chứng nhận mậu dịch tự do (FSC)")
        assert fees[0].amount is None and "unreadable fee amount: «180 VNĐ (Phí thẩm định" in issues[0]

    def test_foreign_currency_keeps_its_amount_not_a_vnd_guess(self):
        fees, issues = fee_from_parts("Phí, lệ phí", "10", "USD", "/lần")
        assert (fees[0].amount, fees[0].currency, fees[0].foreign_amount) == (None, "USD", Decimal(10))
        assert issues == []


class TestChannelTable:
    def test_driving_licence_fee_hidden_in_the_description(self):
        channels, fees, issues = parse_channel_table(DRIVING_LICENCE)
        assert [(c.channel, c.duration, c.duration_unit) for c in channels] == [
            ("online", Decimal(5), "working-days"), ("direct", Decimal(5), "working-days")]
        assert [(f.name, f.amount, f.channel) for f in fees] == [
            ("Lệ phí cấp giấy phép lái xe", 135000, ""),
            ("Trường hợp tổ chức, cá nhân nộp hồ sơ theo hình thức trực tuyến", 115000, "")]
        assert issues == []

    def test_birth_registration_free_on_three_channels(self):
        channels, fees, issues = parse_channel_table(BIRTH)
        assert [c.channel for c in channels] == ["online", "postal", "direct"]
        assert [(f.name, f.amount, f.channel) for f in fees] == [("Miễn phí", 0, "")]
        assert len(issues) == 3 and all("«1»" in issue for issue in issues)

    def test_time_and_fee_run_together(self):
        channels, fees, issues = parse_channel_table(TAX_FORM)
        assert [c.duration for c in channels] == [None, None]
        assert fees[0].amount == 20000
        assert "time and fee run together" in issues[0]

    def test_fees_that_differ_by_channel_keep_their_channel(self):
        text = (CHANNEL_HEADER + "Trực tuyến7 Ngày làm việc25,000 Việt Nam ĐồngTrực tiếp7 Ngày làm việc"
                "50,000 Việt Nam Đồng")
        _, fees, _ = parse_channel_table(text)
        assert [(f.channel, f.amount) for f in fees] == [("online", 25000), ("direct", 50000)]

    def test_description_after_the_fee(self):
        text = (CHANNEL_HEADER + "Trực tuyến60 Ngày10,000,000 Việt Nam Đồngkể từ ngày nhận đầy đủ hồ sơ hợp lệ."
                "Trực tiếp60 Ngày10,000,000 Việt Nam Đồngkể từ ngày nhận đầy đủ hồ sơ hợp lệ.")
        channels, fees, _ = parse_channel_table(text)
        assert channels[1].description == "kể từ ngày nhận đầy đủ hồ sơ hợp lệ."
        assert fees[0].amount == 10_000_000

    def test_channel_names_inside_a_description_do_not_start_a_row(self):
        text = (CHANNEL_HEADER + "Trực tiếpKhông có thông tinKhông có thông tinnộp hồ sơ trực tiếp tại trụ sở Cục."
                "Trực tuyếnKhông có thông tinKhông có thông tinTrực tuyến: nộp hồ sơ qua Cổng dịch vụ công.")
        channels, fees, issues = parse_channel_table(text)
        assert [c.channel for c in channels] == ["direct", "online"]
        assert channels[1].description == "Trực tuyến: nộp hồ sơ qua Cổng dịch vụ công."
        assert fees == [] and issues == []

    def test_a_time_cell_without_a_number_is_kept_in_the_description(self):
        # 1.007689 (tax) and 1.009824: statements and sentences where the time limit would be.
        text = (CHANNEL_HEADER + "Trực tuyếnKhông phải trả kết quả cho người nộp thuếMiễn phíBằng phương thức điện "
                "tử.Trực tiếpHệ thống giải quyết thủ tục hành chính ngành Thuế thực hiện phản hồi tự động.Không có "
                "thông tinTại Trung tâm phục vụ hành chính công cấp tỉnh, xã")
        channels, _, issues = parse_channel_table(text)
        assert [c.description for c in channels] == [
            "Không phải trả kết quả cho người nộp thuế\nBằng phương thức điện tử.",
            "Hệ thống giải quyết thủ tục hành chính ngành Thuế thực hiện phản hồi tự động.\n"
            "Tại Trung tâm phục vụ hành chính công cấp tỉnh, xã"]
        assert len(issues) == 1 and issues[0].startswith("Trực tiếp: không đọc được thời hạn")

    def test_not_a_table(self):
        _, _, issues = parse_channel_table(": Thông tư 269/2016/TT-BTC ngày 14/11/2016")
        assert "not a table" in issues[0]


class TestDocuments:
    def test_counts_and_form_templates(self):
        text = ("--" + DOCUMENT_HEADER + "Đơn đề nghị chuyển đổi Giấy phép theo Mẫu số 08 quy định tại Phụ lục II ban "
                "hành kèm theo Nghị định số 121/2021/NĐ-CP ngày 27/12/2021;Mus08.docx1 bản chínhẢnh chụp hiện trạng "
                "cây xanh đô thị cần chặt hạ, dịch chuyển0 bản chính,1 bản sao")
        documents, issues = parse_document_table(text)
        assert [(d.originals, d.copies, d.form_template) for d in documents] == [(1, 0, "Mus08.docx"), (0, 1, "")]
        assert documents[0].name.endswith("ngày 27/12/2021;")
        assert issues == []

    def test_text_before_a_header_names_the_case(self):
        text = ("Hồ sơ hải quan đối với xăng dầu tái xuất:" + DOCUMENT_HEADER + "Hóa đơn thương mại: 01 bản chụp;"
                "0 bản chính,1 bản saoBao gồm" + DOCUMENT_HEADER + "Xuất trình giấy tờ hợp lệ1 bản chính")
        documents, _ = parse_document_table(text)
        assert [(d.name, d.case) for d in documents] == [
            ("Hóa đơn thương mại: 01 bản chụp;", "Hồ sơ hải quan đối với xăng dầu tái xuất:"),
            ("Xuất trình giấy tờ hợp lệ", "Bao gồm")]

    def test_a_year_glued_to_the_count(self):
        documents, _ = parse_document_table(DOCUMENT_HEADER + "Báo cáo năm 20261 bản chính,1 bản sao")
        assert (documents[0].name, documents[0].originals, documents[0].copies) == ("Báo cáo năm 2026", 1, 1)

    def test_a_count_inside_a_name_is_not_a_row_end(self):
        documents, _ = parse_document_table(DOCUMENT_HEADER + "Tờ khai (nộp 01 bản chính hoặc bản sao)1 bản chính")
        assert documents[0].name == "Tờ khai (nộp 01 bản chính hoặc bản sao)"

    @pytest.mark.parametrize("text, name, template", [
        ("Tờ khai theo Thông tư số 22/2023/TT-BCA của Bộ Công an.NA5.doc", "Tờ khai theo Thông tư số 22/2023/"
         "TT-BCA của Bộ Công an.", "NA5.doc"),
        ("Bản khai cá nhân (Mẫu số 03).Mẫu 03.TT41.doc", "Bản khai cá nhân (Mẫu số 03).", "Mẫu 03.TT41.doc"),
        ("Phiếu đề nghị (Mẫu DC02 ban hành kèm theo Thông tư số 17/2024/TT-BCA)Mẫu DC02 Phiếu đề nghị.doc",
         "Phiếu đề nghị (Mẫu DC02 ban hành kèm theo Thông tư số 17/2024/TT-BCA)", "Mẫu DC02 Phiếu đề nghị.doc"),
        ("Đơn đề nghị theo Mẫu số 01 Phụ lục I của Nghị định số 258/2025/NĐ-CPMẫu số 01.docx",
         "Đơn đề nghị theo Mẫu số 01 Phụ lục I của Nghị định số 258/2025/NĐ-CP", "Mẫu số 01.docx"),
        ("Giấy đề nghị đăng ký hoạt động theo mẫu thống nhấtMẫu TP-LS-02-sđ.docx",
         "Giấy đề nghị đăng ký hoạt động theo mẫu thống nhất", "Mẫu TP-LS-02-sđ.docx"),
    ])
    def test_split_template(self, text, name, template):
        assert split_template(text) == (name, template)

    def test_unseparable_template_is_reported(self):
        text = (DOCUMENT_HEADER + "Đề nghị theo quy định của pháp luật về giao thông đường bộvăn bản đề nghị.docx"
                "1 bản chính")
        documents, issues = parse_document_table(text)
        assert documents[0].form_template == "" and "not separable" in issues[0]


class TestLegalBasis:
    def test_titles_glued_to_numbers(self):
        text = (LAW_HEADER + "Hướng dẫn xử lý khiếu nại, kiến nghị, phản ánh trong công an nhân dân68/2013/TT-BCA"
                "Luật Khiếu nại  năm 201102/2011/QH13Nghị định 05/2012/NĐ-CP05/2012/NĐ-CP")
        rows, issues = parse_legal_table(text)
        assert [(r["number"], r["title"]) for r in rows] == [
            ("68/2013/TT-BCA", "Hướng dẫn xử lý khiếu nại, kiến nghị, phản ánh trong công an nhân dân"),
            ("02/2011/QH13", "Luật Khiếu nại  năm 2011"),
            ("05/2012/NĐ-CP", "Nghị định 05/2012/NĐ-CP")]
        assert issues == []

    def test_national_assembly_number_before_the_next_number(self):
        rows, _ = parse_legal_table(LAW_HEADER + "Luật 54/2014/QH1354/2014/QH13Thông tư 93/2018/TT-BTC93/2018/TT-BTC")
        assert [r["number"] for r in rows] == ["54/2014/QH13", "93/2018/TT-BTC"]

    def test_capitalised_title_after_a_known_issuer(self):
        rows, _ = parse_legal_table(LAW_HEADER + "Thông tư số 22/2023/TT-BCA22/2023/TT-BCAQUY ĐỊNH MỨC THU PHÍ"
                                    "25/2021/TT-BTC")
        assert [r["number"] for r in rows] == ["22/2023/TT-BCA", "25/2021/TT-BTC"]
        assert rows[1]["title"] == "QUY ĐỊNH MỨC THU PHÍ"

    def test_issue_date_from_the_title(self):
        rows, _ = parse_legal_table(LAW_HEADER + "Thông tư số 08/2025/TT-BTP ngày 12/6/2025 của Bộ trưởng Bộ Tư pháp"
                                    "08/2025/TT-BTP")
        assert rows == [{"number": "08/2025/TT-BTP", "title": "Thông tư số 08/2025/TT-BTP ngày 12/6/2025 của Bộ "
                         "trưởng Bộ Tư pháp", "issued": "2025-06-12", "issuer": ""}]

    def test_trailing_text_without_a_number_is_reported(self):
        _, issues = parse_legal_table(LAW_HEADER + "Luật Đất đai31/2024/QH15Quyết định về chế độ của Thủ tướng")
        assert "row without a number" in issues[0]


def test_results_without_codes_and_widgets():
    text = ("Gia hạn tạm trú (không quá 06 tháng)Mã: KQ.G01.000074Từ khóaKhông có thông tinMô tảKhông có thông tin"
            "Chọn cơ quan thực hiệnTỉnh/ Thành phố")
    assert clean_result(text) == "Gia hạn tạm trú (không quá 06 tháng)"
    two = "Công văn từ chối (NB9)Mã: KQ.G01.000020Công văn trả lời (NB8)Mã: KQ.G01.000021Từ khóaKhông có thông tin"
    assert clean_result(two) == "Công văn từ chối (NB9)\nCông văn trả lời (NB8)"


def test_levels():
    assert parse_levels("Cấp bộ, Cấp tỉnh, Cấp xã, Cơ quan khác") == (["ministry", "province", "commune", "other"], [])
    assert parse_levels("Cấp Bộ") == (["ministry"], [])
    levels, issues = parse_levels("Cấp huyện")
    assert levels == [] and "unknown level" in issues[0]


class TestOnlineLevel:
    def test_full_online_named_in_the_title(self):
        name = "Đăng ký xe tạm thời thực hiện bằng dịch vụ công  trực  tuyến toàn trình"
        assert online_level(name, []) == "full"

    def test_an_online_channel_is_partial(self):
        assert online_level("Đổi giấy phép lái xe", [ChannelData("online"), ChannelData("direct")]) == "partial"

    def test_no_online_channel_is_none(self):
        assert online_level("Giải quyết khiếu nại", [ChannelData("postal"), ChannelData("direct")]) == "none"


NATIONAL = {
    "source_group": "bo-tu-phap", "ma_thu_tuc": "1.001193", "detail_url": "https://dichvucong.gov.vn/x",
    "formality_id": "", "ten_thu_tuc": "Thủ tục đăng ký khai sinh", "so_quyet_dinh": "QĐ/0001-BTP",
    "cap_thuc_hien": "Cấp xã", "loai_thu_tuc": "TTHC được giao luật quy định chi tiết", "linh_vuc": "Hộ tịch",
    "doi_tuong_thuc_hien": "Công dân Việt Nam", "co_quan_co_tham_quyen": "Ủy ban nhân dân cấp xã",
    "dia_chi_tiep_nhan": "", "co_quan_duoc_uy_quyen": "", "co_quan_phoi_hop": "",
    "thu_tuc_lien_quan": "Không có thông tin", "trinh_tu_thuc_hien": "Bước 1: Nộp hồ sơ",
    "cach_thuc_thuc_hien": BIRTH, "thanh_phan_ho_so": "--" + DOCUMENT_HEADER + "Tờ khai đăng ký khai sinh1 bản chính",
    "can_cu_phap_ly": LAW_HEADER + "Luật Hộ tịch60/2014/QH13", "co_quan_thuc_hien": "Không có thông tin",
    "yeu_cau_dieu_kien": "Không có thông tin", "ket_qua_xu_ly": "Giấy khai sinhMã: KQ.G15.000001Từ khóa",
}


class TestRecords:
    def test_national_record_with_the_agency_from_the_list(self):
        data = from_national(NATIONAL, {"1.001193": {"co_quan_thuc_hien": "Ủy ban nhân dân cấp xã"}})
        assert (data.code, data.levels, data.field_name, data.online_level) == (
            "1.001193", ["commune"], "Hộ tịch", "partial")
        assert data.implementing_agency == "Ủy ban nhân dân cấp xã"
        assert (data.related_codes, data.conditions, data.result_text) == ("", "", "Giấy khai sinh")
        assert data.legal_basis[0]["number"] == "60/2014/QH13"
        assert len(data.issues) == 3  # the three channels give "1" without a unit

    def test_record_agency_wins_over_the_list(self):
        lists = {"1.001193": {"co_quan_thuc_hien": "X"}}
        data = from_national({**NATIONAL, "co_quan_thuc_hien": "Thanh tra Bộ"}, lists)
        assert data.implementing_agency == "Thanh tra Bộ"

    def test_structured_record(self):
        record = {
            "thu_tuc_id": "1.013124",
            "metadata": {"mã_thủ_tục": "1.013124", "tên_thủ_tục": "Thủ tục thẩm định kế hoạch ứng phó sự cố tràn dầu",
                         "số_quyết_định": "Quyết định số 6225/QĐ-BQP", "cấp_thực_hiện": "Cấp Bộ",
                         "loại_thủ_tục": "TTHC được luật giao quy định chi tiết", "lĩnh_vực": "Ứng phó sự cố tràn dầu"},
            "content": {"cơ_quan_thực_hiện": "Văn phòng Ủy ban Quốc gia", "cơ_quan_phối_hợp": "Không có thông tin"},
            "tables": {
                "hinh_thuc_nop": [
                    {"hinh_thuc": "Trực tiếp", "thoi_han_giai_quyet": "30 Ngày làm việc", "phi_le_phi": "Phí : 0 Đồng",
                     "mo_ta": ""},
                    {"hinh_thuc": "Trực tuyến", "thoi_han_giai_quyet": "30 Ngày làm việc",
                     "phi_le_phi": "Phí : 2.000.000 Đồng (Thẩm định cấp phép)\nPhí : 3.500.000 Đồng (Thăm dò)",
                     "mo_ta": "hoặc bằng các hình thức phù hợp khác"}],
                "thanh_phan_ho_so": [{"ten_giay_to": "Kế hoạch ứng phó sự cố tràn dầu", "so_luong": "5-PHLCII.doc",
                                      "ghi_chu": "Bản chính: 1\nBản sao: 0"}],
                "can_cu_phap_ly": [{"so_ky_hieu": "12/2021/QĐ-TTg", "trich_yeu": "Quy chế ứng phó sự cố tràn dầu",
                                    "ngay_ban_hanh": "24-03-2021", "co_quan_ban_hanh": "Thủ tướng Chính phủ"}]},
        }
        data = from_structured(record)
        assert (data.levels, data.online_level, data.coordinating_agency) == (["ministry"], "partial", "")
        assert [(f.channel, f.amount, f.conditions) for f in data.fees] == [
            ("direct", 0, ""), ("online", 2_000_000, "Thẩm định cấp phép"), ("online", 3_500_000, "Thăm dò")]
        assert (data.documents[0].originals, data.documents[0].form_template) == (1, "5-PHLCII.doc")
        assert data.legal_basis == [{"number": "12/2021/QĐ-TTg", "title": "Quy chế ứng phó sự cố tràn dầu",
                                     "issued": "2021-03-24", "issuer": "Thủ tướng Chính phủ"}]
        assert data.issues == []

    def test_detect_format(self):
        assert detect_format(NATIONAL) == "national"
        assert detect_format({"metadata": {}, "tables": {}}) == "structured"
        assert detect_format({"code": "1.001193", "channels": []}) == "motcua"
        with pytest.raises(RecordError, match="unknown record format"):
            detect_format({"foo": 1})
        with pytest.raises(RecordError, match="not a JSON object"):
            detect_format([1, 2])

    @pytest.mark.parametrize("change, message", [
        ({"ma_thu_tuc": ""}, "invalid procedure code"),
        ({"ma_thu_tuc": "1.001193; DROP"}, "invalid procedure code"),
        ({"ten_thu_tuc": "  "}, "missing procedure name"),
    ])
    def test_unusable_records_are_refused(self, change, message):
        with pytest.raises(RecordError, match=message):
            from_national({**NATIONAL, **change})
