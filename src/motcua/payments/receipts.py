"""Electronic receipts (biên lai điện tử thu phí, lệ phí): numbering, PDF and public lookup.

Numbers run 1, 2, 3… per collecting unit and calendar year, without gaps. As for dossier codes
(dossiers/codes.py), one ``INSERT … ON CONFLICT … DO UPDATE … RETURNING`` takes the next number
and holds the unit's row lock until the payment's transaction ends: parallel payments at one unit
queue on that row, and a payment that rolls back gives its number back.
"""

import logging
import unicodedata

import segno
from django.db import connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from motcua.core.text import to_ascii

from .models import Payment, Receipt
from .words import amount_in_words

# WeasyPrint logs every step at INFO, already on import: keep its progress quiet.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
from weasyprint import HTML  # noqa: E402

_NEXT_SQL = (
    "INSERT INTO payments_receiptsequence (unit_id, year, last) VALUES (%s, %s, 1) "
    "ON CONFLICT (unit_id, year) DO UPDATE SET last = payments_receiptsequence.last + 1 "
    "RETURNING last"
)


def allocate(unit, year: int) -> int:
    """Take the next receipt number of ``unit`` for ``year``. Call inside the payment's transaction."""
    with connection.cursor() as cursor:
        cursor.execute(_NEXT_SQL, [unit.pk, year])
        (number,) = cursor.fetchone()
    return number


def issue(payment: Payment) -> Receipt:
    """The receipt of ``payment``, numbered in the year of payment (local time)."""
    year = timezone.localtime(payment.paid_at).year
    dossier = payment.dossier
    return Receipt.objects.create(payment=payment, unit=payment.unit, year=year, number=allocate(payment.unit, year),
                                  issued_at=payment.paid_at, payer_name=dossier.applicant_name,
                                  payer_address=dossier.applicant_address)


def parse_number(text: str) -> int | None:
    """A receipt number as people type it: '12', '0000012', or with its series 'H99.50-26/0000012'."""
    digits = (text or "").strip().rsplit("/", 1)[-1].strip()
    if not (digits.isascii() and digits.isdigit() and len(digits) <= 9):
        return None
    return int(digits) or None


def find(dossier_code: str, number_text: str) -> Receipt | None:
    """The receipt numbered ``number_text`` of the dossier ``dossier_code``; None when they do not
    belong together, so a wrong pair tells nothing about either half."""
    number = parse_number(number_text)
    if number is None or not dossier_code:
        return None
    return (Receipt.objects.select_related("unit", "payment__dossier__procedure", "payment__notice")
            .filter(number=number, payment__dossier__code=dossier_code.strip().upper()).first())


def masked_name(name: str) -> str:
    """'Nguyễn Văn An' → 'Nguyễn V. A.': enough to recognise a receipt, not to learn a name."""
    first, *rest = name.split() or [""]
    return " ".join([first, *(f"{part[0]}." for part in rest)])


def lookup_url(request, receipt: Receipt) -> str:
    query = f"?ma_ho_so={receipt.payment.dossier.code}&so={receipt.number}"
    return request.build_absolute_uri(reverse("payments:receipt_lookup") + query)


def html_to_pdf(template: str, context: dict) -> bytes:
    """Template → HTML composed to NFC (one glyph per diacritic, searchable text) → WeasyPrint."""
    return HTML(string=unicodedata.normalize("NFC", render_to_string(template, context))).write_pdf()


def render_pdf(receipt: Receipt, lookup_link: str) -> bytes:
    """The receipt as a PDF (A5), with a QR of the public lookup that verifies it."""
    payment = receipt.payment
    return html_to_pdf("payments/receipt_pdf.html", {
        "receipt": receipt, "payment": payment, "dossier": payment.dossier,
        "lines": list(payment.notice.lines.all()), "lookup_link": lookup_link,
        "lookup_qr": segno.make_qr(lookup_link, error="m").svg_data_uri(scale=3, border=2),
        "words": amount_in_words(payment.amount)})


def notice_pdf(fee_context: dict) -> bytes:
    """The fee notice to hand over or print (thông báo nộp phí), with its VietQR codes."""
    return html_to_pdf("payments/notice_pdf.html", {**fee_context, "words": amount_in_words(fee_context["notice"].total)})


def pdf_filename(receipt: Receipt) -> str:
    """ASCII file name: bien-lai-H99.50-26-0000012.pdf."""
    return to_ascii(f"bien-lai-{receipt.series}-{receipt.number:07d}.pdf").replace(" ", "-")
