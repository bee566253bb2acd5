import unicodedata

from motcua.assistant.text import folded_syllables, normalise, syllables, terms
from motcua.assistant.vocabulary import Prepared


def test_tone_mark_placement_is_one_form():
    # old and new placement of the tone on "oa, oe, uy" at the end of a syllable become one spelling
    assert normalise("Hoà bình") == normalise("Hòa bình") == "hòa bình"
    assert normalise("thuỷ lợi") == normalise("thủy lợi")
    assert normalise("khoẻ") == normalise("khỏe")
    assert normalise("Huỷ tài khoản") == "hủy tài khoản"


def test_qu_keeps_its_mark_and_inner_syllables_are_untouched():
    assert normalise("quý khách") == "quý khách"  # the u of "qu" is a consonant
    assert normalise("hoàn thành") == "hoàn thành"  # tone on a, not at the end: nothing moves


def test_decomposed_input_is_composed():
    decomposed = unicodedata.normalize("NFD", "Đăng ký khai tử")
    assert syllables(decomposed) == ["đăng", "ký", "khai", "tử"]


def test_terms_are_unigrams_and_bigrams():
    assert terms(["khai", "tử"]) == ["khai", "tử", "khai_tử"]


def test_unaccented_questions_are_detected():
    assert Prepared.of("lam so do o dau").unaccented
    assert not Prepared.of("làm sổ đỏ ở đâu").unaccented
    assert not Prepared.of("123 456").unaccented  # no letters at all
    assert folded_syllables("Đăng ký") == ["dang", "ky"]
