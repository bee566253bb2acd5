"""Display labels of coded fields (nhãn hiển thị), one dict per field and language.

``get_state_display()`` and its kin look the value up in the field's choices and force a lazy
translation on every call: 89 calls on one inbox page of 50 rows. The labels only change with the
language, so each language's dict is built once per process from the same choices.
"""

from functools import lru_cache

from django.utils.translation import get_language

from motcua.dossiers.models import Dossier


@lru_cache(maxsize=None)
def _labels(model, field_name: str, language: str) -> dict[str, str]:
    return {value: str(label) for value, label in model._meta.get_field(field_name).flatchoices}


def labels(field_name: str, model=Dossier) -> dict[str, str]:
    """value → label of a coded field in the active language (what get_FOO_display shows)."""
    return _labels(model, field_name, get_language() or "vi")


def of(instance, *field_names: str) -> dict[str, str]:
    """field name → the label of ``instance``'s value, for a template; the value itself when it
    has no label, as get_FOO_display does."""
    found = {}
    for name in field_names:
        value = getattr(instance, name)
        found[name] = labels(name, type(instance)).get(value, value)
    return found
