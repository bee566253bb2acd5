"""Vietnamese text normalisation shared by search, codes and the assistant."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower case, no diacritics, đ → d, single spaces: 'Đăng ký  kết hôn' → 'dang ky ket hon'."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d").replace("Đ", "d"))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", stripped).strip()


def to_ascii(text: str) -> str:
    """ASCII transliteration keeping case, for bank transfer notes and file names."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if ord(ch) < 128)
