"""The official forms of a dossier as PDF, and the tracking register as PDF and Excel.

Forms (biểu mẫu) of TT 01/2018/TT-VPCP or TT 03/2025/TT-VPCP, chosen by the dossier's receipt
date. See docs/developers/official-forms.md.
"""

from .availability import FormNotAvailable, available_forms
from .register import register_pdf, register_rows, register_xlsx
from .registry import FORM_KEYS, FormSpec, form_set_for
from .render import render_pdf

__all__ = ["FORM_KEYS", "FormNotAvailable", "FormSpec", "available_forms", "form_set_for", "register_pdf",
           "register_rows", "register_xlsx", "render_pdf"]
