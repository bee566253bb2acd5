"""Display labels of a dossier's coded fields (nhãn hiển thị), one dict per language.

``get_state_display()`` and its kin look the value up in the field's choices and force a lazy
translation on every call: 89 calls on one inbox page of 50 rows. The labels only change with the
language, so each language's dict is built once per process from the same choices.
"""

from functools import lru_cache

from django.utils.translation import get_language

from motcua.dossiers.models import Dossier

# The coded fields the back-office pages show by their label.
FIELDS = ("state", "channel", "submitted_via", "timeliness", "applicant_kind", "delivery")


@lru_cache(maxsize=None)
def _labels(field_name: str, language: str) -> dict[str, str]:
    field = Dossier._meta.get_field(field_name)
    return {value: str(label) for value, label in field.flatchoices}


def labels(field_name: str) -> dict[str, str]:
    """value → label of a Dossier field in the active language (what get_FOO_display shows)."""
    if field_name not in FIELDS:
        raise ValueError(f"no labels for {field_name}")
    return _labels(field_name, get_language() or "vi")


def label(field_name: str, value: str) -> str:
    """The label of one value; the value itself when it has none, as get_FOO_display does."""
    return labels(field_name).get(value, value)
