from motcua.assistant import vocabulary
from motcua.assistant.vocabulary import Prepared


def test_colloquial_terms_map_to_official_wording():
    assert vocabulary.expand(Prepared.of("Mất sổ đỏ rồi"))[0] == "giấy chứng nhận quyền sử dụng đất"
    assert "đăng ký thường trú" in vocabulary.expand(Prepared.of("nhập hộ khẩu cho con"))
    assert "giấy phép lái xe" in vocabulary.expand(Prepared.of("đổi bằng lái"))
    assert "đăng ký khai tử" in vocabulary.expand(Prepared.of("Bố tôi vừa mất, làm giấy báo tử thế nào?"))


def test_questions_without_diacritics_match_folded_phrases():
    assert "giấy chứng nhận quyền sử dụng đất" in vocabulary.expand(Prepared.of("lam so do o dau"))


def test_folded_phrases_are_not_used_when_the_question_has_diacritics():
    # "sơ đồ" (a diagram) folds to "so do" like "sổ đỏ"; a question with diacritics is read as typed
    assert vocabulary.expand(Prepared.of("xin bản sơ đồ thửa đất")) == []


def test_phrases_match_whole_words_only():
    assert vocabulary.expand(Prepared.of("chếtt")) == []
    assert vocabulary.expand(Prepared.of("sổ đỏm")) == []


def test_levels_named_in_a_question():
    assert vocabulary.levels_asked(Prepared.of("làm ở xã được không")) == {"commune"}
    assert vocabulary.levels_asked(Prepared.of("nộp ở công an tỉnh")) == {"province"}
    assert vocabulary.levels_asked(Prepared.of("đăng ký khai sinh")) == set()


def test_qualifiers_of_names_and_of_questions():
    foreign = next(i for i, q in enumerate(vocabulary.QUALIFIERS) if "yếu tố nước ngoài" in q.in_name)
    assert foreign in vocabulary.qualifiers_in("Thủ tục đăng ký khai tử có yếu tố nước ngoài")
    assert foreign not in vocabulary.qualifiers_in("Thủ tục đăng ký khai tử")
    assert foreign in vocabulary.qualifiers_asked(Prepared.of("chồng tôi là người Hàn Quốc"))
    assert foreign not in vocabulary.qualifiers_asked(Prepared.of("bố tôi vừa mất"))
