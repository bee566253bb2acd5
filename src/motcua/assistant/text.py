"""Vietnamese text as the assistant reads it: NFC, one tone-mark placement, syllables, bigrams.

Diacritics are kept (they separate "khai tử" from "khai tu"), so two spellings of one word must
become one: Unicode composes differently (NFC/NFD) and the tone mark of "oa, oe, uy" at the end of
a syllable sits on either vowel ("hoà"/"hòa", "thuỷ"/"thủy"). ``normalise`` picks the first vowel.
A question typed without any diacritics is matched on folded text instead (``vocabulary.Prepared``).
"""

import re
import unicodedata

from motcua.core.text import fold

_SYLLABLE = re.compile(r"\w+")
# Tone marks (combining characters after NFD) and the two glides whose mark may move.
_TONES = "\u0300\u0301\u0303\u0309\u0323"
_MOVABLE = re.compile(rf"(?<![qQ])([oO]|[uU])([{_TONES}])?([aAeEyY])([{_TONES}])$")


def _move_tone(syllable: str) -> str:
    """'hoà' → 'hòa', 'thuỷ' → 'thủy'; 'quý' keeps its mark (the u of 'qu' is a consonant)."""
    decomposed = unicodedata.normalize("NFD", syllable)
    moved = _MOVABLE.sub(lambda m: m[1] + m[4] + m[3], decomposed)
    return unicodedata.normalize("NFC", moved)


def normalise(text: str) -> str:
    """Lower case, NFC, one tone placement, single spaces; keeps diacritics and punctuation."""
    text = unicodedata.normalize("NFC", text or "").lower()
    return " ".join(_SYLLABLE.sub(lambda m: _move_tone(m[0]), word) for word in text.split())


def syllables(text: str) -> list[str]:
    """Normalised syllables (tiếng): 'Đăng ký (kết hôn)' → ['đăng', 'ký', 'kết', 'hôn']."""
    return _SYLLABLE.findall(normalise(text))


def folded_syllables(text: str) -> list[str]:
    """Syllables without diacritics, for questions typed without them."""
    return _SYLLABLE.findall(fold(text))


def terms(words: list[str]) -> list[str]:
    """Unigrams and bigrams: bigrams carry Vietnamese compounds ("khai sinh", "sổ đỏ")."""
    return words + [f"{a}_{b}" for a, b in zip(words, words[1:])]

