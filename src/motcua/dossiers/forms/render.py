"""Forms to PDF: Django template → HTML (NFC) → WeasyPrint, with the DejaVu fonts."""

import functools
import unicodedata
from datetime import datetime

from django.template.loader import render_to_string
from django.utils import timezone, translation

from weasyprint import HTML

from .availability import require
from .context import BUILDERS, common


def in_vietnamese(function):
    """Official forms are Vietnamese whatever language the officer reads the site in: labels that
    follow the reader (states, channels, roles) are rendered in Vietnamese inside ``function``.
    A new ``override`` per call: one shared instance would mix up threads and nested calls."""

    @functools.wraps(function)
    def call(*args, **kwargs):
        with translation.override("vi"):
            return function(*args, **kwargs)

    return call


@in_vietnamese
def html_to_pdf(template: str, context: dict) -> bytes:
    """Render ``template`` and print it. Text from imports may be decomposed (NFD): composed here,
    once, so every diacritic is one glyph of the font and PDF text search finds it."""
    html = unicodedata.normalize("NFC", render_to_string(template, context))
    return HTML(string=html).write_pdf()


@in_vietnamese
def render_pdf(form_key: str, dossier, *, number: str = "", signer_name: str = "",
               now: datetime | None = None) -> bytes:
    """The PDF of form ``form_key`` (see registry.FORM_KEYS) for ``dossier``.

    ``number`` fills "Số: …" (left blank to write by hand otherwise), ``signer_name`` the name
    under the signature when it is not the person recorded in the event log, ``now`` the moment
    the control sheet is measured at. Raises FormNotAvailable saying why a form cannot be made.
    """
    spec = require(form_key, dossier)
    now = now or timezone.now()
    header, issued_at, specific = BUILDERS[form_key](dossier, signer_name.strip(), now)
    context = {**common(spec, dossier, header, issued_at, number.strip()), **specific}
    return html_to_pdf(f"dossiers/forms/{form_key}.html", context)
