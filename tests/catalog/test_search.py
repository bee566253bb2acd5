"""Search behaviour on a pure in-memory index (no database): folding, codes, ranking, filters."""

import pytest

from motcua.catalog.search import Entry, Filters, Index, Query, highlight, words

from .catalogue_samples import PROCEDURES

FIELD_IDS = {name: i for i, name in enumerate(sorted({p[2] for p in PROCEDURES}), start=1)}


def sample_index() -> Index:
    entries = [Entry(id=i, code=code, name=" ".join(words(name)), field_id=FIELD_IDS[field],
                     levels=frozenset(levels.split()), online_level=online)
               for i, (code, name, field, levels, online) in enumerate(PROCEDURES, start=1)]
    return Index(entries, {pk: words(name) for name, pk in FIELD_IDS.items()})


def codes(ids: list[int]) -> list[str]:
    return [PROCEDURES[i - 1][0] for i in ids]


@pytest.fixture(scope="module")
def index():
    return sample_index()


# -- diacritics and case -------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["dang ky ket hon", "DANG KY KET HON", "Đăng ký kết hôn", "đăng KÝ kêt hon",
                                  "  dang   ky, ket hon  "])
def test_query_without_diacritics_or_case_finds_marriage_registration_first(index, text):
    assert codes(index.search(text))[0] == "1.000894"


def test_d_with_stroke_folds_to_d(index):
    assert codes(index.search("Đường bộ")) == codes(index.search("duong bo")) == ["1.002804"]


# -- codes -----------------------------------------------------------------------------------------

def test_full_code_finds_exactly_its_procedure(index):
    assert codes(index.search("1.001193")) == ["1.001193"]


def test_code_prefix_lists_matching_codes_in_code_order(index):
    assert codes(index.search("1.00")) == ["1.000656", "1.000894", "1.001193", "1.002804", "1.004746"]
    assert codes(index.search("2.")) == ["2.000806", "2.000815", "2.002189"]


def test_number_after_the_dot_finds_the_code(index):
    assert codes(index.search("001193")) == ["1.001193"]


def test_code_respects_filters(index):
    assert codes(index.search("1.00", Filters(level="province"))) == ["1.002804"]


def test_number_that_is_no_code_searches_words():
    entries = [Entry(id=1, code="1.000001", name="cap giay phep nam 2025", field_id=None,
                     levels=frozenset(), online_level="none")]
    assert Index(entries, {}).search("2025") == [1]


# -- ranking ---------------------------------------------------------------------------------------

def test_all_words_present_rank_before_some(index):
    found = codes(index.search("dang ky ket hon"))
    all_four = {"1.000894", "1.004746", "2.000806"}
    assert set(found[:3]) == all_four
    assert "1.001193" in found[3:]  # đăng ký khai sinh: two of four words, still listed, below


def test_exact_phrase_beats_a_shorter_name_without_it(index):
    found = codes(index.search("dang ky ket hon"))
    # "đăng ký lại kết hôn" is shorter but splits the phrase; the foreign-element one keeps it
    assert found.index("2.000806") < found.index("1.004746")


def test_phrase_keeps_repeated_words():
    # "lại" (again) and "lái" (drive) both fold to "lai": the phrase must keep both
    names = ["cap lai giay phep xe tap lai", "cap lai giay phep lai xe quan su"]
    entries = [Entry(id=i, code=f"1.00000{i}", name=name, field_id=None, levels=frozenset(), online_level="none")
               for i, name in enumerate(names, start=1)]
    assert Query.parse("Cấp lại giấy phép lái xe").phrase == "cap lai giay phep lai xe"
    assert Index(entries, {}).search("cap lai giay phep lai xe")[0] == 2


def test_shorter_name_wins_among_equal_matches(index):
    found = codes(index.search("dang ky ket hon"))
    assert found.index("1.000894") < found.index("2.000806")


def test_name_matches_rank_above_field_matches(index):
    found = codes(index.search("ho tich"))
    assert found[0] == "2.002189"  # "Sổ hộ tịch" in the name; the rest only in the field Hộ tịch
    assert set(found[1:]) == {"1.000894", "1.004746", "2.000806", "1.001193", "1.000656"}


def test_words_in_the_name_beat_the_same_words_in_the_field():
    entries = [Entry(id=1, code="1.000001", name="dang ky ket hon", field_id=7, levels=frozenset(), online_level="none"),
               Entry(id=2, code="1.000002", name="ghi vao so ho tich viec ket hon", field_id=7, levels=frozenset(),
                     online_level="none")]
    # both hold all four words (1 through its field Hộ tịch), neither the phrase; 2 is longer yet first
    assert Index(entries, {7: ["ho", "tich"]}).search("ho tich ket hon") == [2, 1]


def test_field_words_find_procedures(index):
    assert set(codes(index.search("chung thuc"))) == {"2.000815"}
    assert set(codes(index.search("du lich"))) == {"3.000150"}


def test_long_queries_need_half_their_words(index):
    # four words: a name with only "hôn" (1 of 4) is left out, one with 2 of 4 stays
    found = codes(index.search("dang ky ket hon"))
    assert "1.000656" not in found
    assert Query.parse("dang ky ket hon").min_match == 2
    assert Query.parse("ket hon").min_match == 1
    assert Query.parse("cap lai giay phep lai xe").min_match == 3  # "lai" counted once: 5 words


def test_last_word_is_a_prefix_while_typing(index):
    assert codes(index.search("dang ky ket h"))[0] == "1.000894"
    assert codes(index.search("giay phep lai x"))[0] == "1.002804"


def test_only_the_last_word_is_a_prefix(index):
    # "ke" would prefix "ket", but it is not the last word, so only "sinh" counts: 1 of 2 words
    assert codes(index.search("ke sinh")) == ["1.001193"]


def test_a_single_letter_is_no_prefix():
    entries = [Entry(id=1, code="1.000001", name="dang ky xe", field_id=None, levels=frozenset(), online_level="none"),
               Entry(id=2, code="1.000002", name="cap phep d", field_id=None, levels=frozenset(), online_level="none")]
    assert Index(entries, {}).search("d") == [2]
    assert Index(entries, {}).search("da") == [1]
    assert [text for text, hit in highlight("Đăng ký xe", "d") if hit] == []
    assert Index(entries, {}).search("dang k") == [1]  # after other words a letter is a prefix again


def test_whole_word_beats_prefix(index):
    entries = [Entry(id=1, code="1.000001", name="cap phep xet", field_id=None, levels=frozenset(), online_level="none"),
               Entry(id=2, code="1.000002", name="cap phep xe", field_id=None, levels=frozenset(), online_level="none")]
    # same length would tie; the whole word "xe" wins over the prefix of "xet"
    assert Index(entries, {}).search("cap phep xe") == [2, 1]


def test_nothing_found(index):
    assert index.search("hoa tieu hang hai") == []


def test_empty_query_lists_everything_by_name(index):
    names = [PROCEDURES[i - 1][1] for i in index.search("")]
    assert len(names) == len(PROCEDURES)
    assert names[0] == "Cấp giấy phép kinh doanh dịch vụ lữ hành quốc tế"
    assert names[1] == "Cấp lại giấy phép lái xe"


# -- filters ---------------------------------------------------------------------------------------

def test_filter_by_field(index):
    assert set(codes(index.search("", Filters(field_id=FIELD_IDS["Hộ tịch"])))) == {
        "1.000894", "1.004746", "2.000806", "2.002189", "1.001193", "1.000656"}


def test_filter_by_level_uses_each_space_separated_level(index):
    assert set(codes(index.search("", Filters(level="province")))) == {"1.002804", "2.000815"}
    assert set(codes(index.search("", Filters(level="ministry")))) == {"3.000150"}


def test_filter_by_online_level(index):
    assert set(codes(index.search("", Filters(online_level="full")))) == {"1.001193", "1.000656", "3.000150"}


def test_filter_by_unit_procedures(index):
    assert codes(index.search("ket hon", Filters(procedure_ids=frozenset({1, 2})))) == ["1.000894", "1.004746"]


def test_filters_combine_with_text(index):
    assert codes(index.search("dang ky", Filters(online_level="full"))) == ["1.001193"]


# -- highlighting ----------------------------------------------------------------------------------

def test_highlight_marks_the_words_searched_for_keeping_diacritics():
    parts = highlight("Thủ tục đăng ký kết hôn", "dang ky ket h")
    assert [text for text, hit in parts if hit] == ["đăng", "ký", "kết", "hôn"]
    assert "".join(text for text, _ in parts) == "Thủ tục đăng ký kết hôn"


def test_highlight_without_query_keeps_the_name_whole():
    assert highlight("Cấp lại giấy phép lái xe", "") == [("Cấp lại giấy phép lái xe", False)]


def test_highlight_only_whole_words_before_the_last():
    parts = highlight("Đăng ký khai sinh", "kh dang")
    assert [text for text, hit in parts if hit] == ["Đăng"]
