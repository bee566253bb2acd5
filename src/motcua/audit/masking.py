"""Che dữ liệu cá nhân trong nhật ký ứng dụng (Decree 13/2023/NĐ-CP): ``mask(text)`` and the
logging filter that applies it to every record.

What is masked, keeping the last three digits so that support can still tell records apart:
- citizen ID numbers (CCCD): 12 digits starting with 0 (the first three are a province code 001–096);
- old ID card numbers (CMND): 9 digits starting with 0–3 (a province code 01–38), unless they end in
  000, which is how amounts of đồng look (150000000);
- Vietnamese phone numbers: 0 or +84/84, then 9 or 10 digits, bare or in three groups
  (0912 345 678, 024.3826.1234);
- e-mail addresses: the local part, except its first character.
Numbers glued to letters, hyphens or dots (dossier codes such as H99.01-261123-0001, UUIDs) are
left alone, as are dates, times and amounts.
"""

import logging
import pprint
import re

from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

_EDGE_BEFORE = r"(?<![0-9A-Za-z.+-])"
_EDGE_AFTER = r"(?![0-9A-Za-z])"
CCCD = re.compile(_EDGE_BEFORE + r"0\d{11}" + _EDGE_AFTER)
CMND = re.compile(_EDGE_BEFORE + r"(?!\d{6}000)[0-3]\d{8}" + _EDGE_AFTER)
PHONE = re.compile(_EDGE_BEFORE + r"(?:\+84[ .]?|84|0)[1-9](?:\d{8,9}|\d{1,2}[ .-]\d{3,4}[ .-]\d{3,4})" + _EDGE_AFTER)
EMAIL = re.compile(r"(?<![\w.+-])([\w.+-])[\w.+-]*@([\w-]+(?:\.[\w-]+)+)")

# Keys of structured extras (logger.info(..., extra={...})) and of dicts in arguments whose values
# are personal data as a whole.
PERSONAL_KEYS = frozenset({
    "applicant_name", "applicant_id_number", "applicant_phone", "applicant_email", "applicant_address",
    "personal_id", "id_number", "phone", "email", "address", "full_name", "name_of_applicant",
    "sender_name", "sender_phone", "sender_email", "received_by_name", "received_by_id_number",
    "birth_date", "date_of_birth", "cccd", "cmnd",
})
HIDDEN = "***"


def _keep_tail(match: re.Match) -> str:
    digits = re.sub(r"\D", "", match.group(0))
    return "*" * (len(digits) - 3) + digits[-3:]


def mask(text: str) -> str:
    """The text with ID numbers, phone numbers and e-mail addresses masked."""
    if not text:
        return text
    text = CCCD.sub(_keep_tail, text)
    text = PHONE.sub(_keep_tail, text)
    text = CMND.sub(_keep_tail, text)
    return EMAIL.sub(lambda m: f"{m.group(1)}***@{m.group(2)}", text)


def mask_value(value):
    """Mask strings inside ``value``; dict entries under a personal key are hidden entirely."""
    if isinstance(value, str):
        return mask(value)
    if isinstance(value, dict):
        return {k: HIDDEN if str(k).lower() in PERSONAL_KEYS else mask_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(mask_value(v) for v in value)
    return value


class MaskingFilter(logging.Filter):
    """Installed on the handlers in LOGGING: the message (with its arguments), the exception and
    stack text, and personal extras of every record are masked before anything is written."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:  # before formatting, so that a dict argument's personal keys are hidden whole
            record.args = mask_value(record.args)
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 — a bad format string is logging's problem to report, not ours
            message = f"{record.msg} {record.args!r}"
        record.msg, record.args = mask(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.exc_text = mask(record.exc_text) if record.exc_text else record.exc_text
        record.stack_info = mask(record.stack_info) if record.stack_info else record.stack_info
        for key in PERSONAL_KEYS & record.__dict__.keys():
            setattr(record, key, HIDDEN)
        return True


class MaskingReporterFilter(SafeExceptionReporterFilter):
    """Error reports (the 500 e-mail to admins, the debug page): POST values under a personal key
    are hidden whole (names, addresses: no pattern finds them); headers and frame variables masked."""

    def get_post_parameters(self, request):
        params = super().get_post_parameters(request)
        if not params:
            return params
        masked = params.copy()
        for key in masked:
            hidden = key.lower() in PERSONAL_KEYS
            masked.setlist(key, [HIDDEN if hidden else mask(str(v)) for v in masked.getlist(key)])
        return masked

    def get_safe_request_meta(self, request):
        return {key: mask_value(value) for key, value in super().get_safe_request_meta(request).items()}

    def get_traceback_frame_variables(self, request, tb_frame):
        return [(name, mask(pprint.pformat(value)))
                for name, value in super().get_traceback_frame_variables(request, tb_frame)]


class MaskingExceptionReporter(ExceptionReporter):
    """The whole report, text and HTML, goes through ``mask`` (the exception's own message and GET
    parameters included, which no reporter filter sees)."""

    def get_traceback_html(self):
        return mask(super().get_traceback_html())

    def get_traceback_text(self):
        return mask(super().get_traceback_text())
