"""Messages in the reader's language: Vietnamese, or English when the page is in English."""

from django.utils.functional import lazy
from django.utils.translation import get_language


def is_english() -> bool:
    return (get_language() or "vi").startswith("en")


def pick(vi: str, en: str) -> str:
    return en if is_english() else vi


# For form labels and error messages defined at import time: chosen when rendered.
vi_en = lazy(pick, str)


def error_text(err) -> str:
    """The message of a UserFacingError or IllegalTransition in the current language."""
    return pick(err.message_vi, err.message_en)
