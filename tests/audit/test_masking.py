"""Masking personal data in application logs (Decree 13/2023): the pure function, the logging
filter as configured in LOGGING, and Django's own 500 logging and error report."""

import io
import logging

import pytest
from django.test import Client, override_settings
from django.urls import path
from django.views.debug import get_exception_reporter_class

from motcua.audit.masking import MaskingFilter, MaskingReporterFilter, mask, mask_value

CCCD, CMND, PHONE = "001098012345", "012345678", "0912345678"


@pytest.mark.parametrize(("text", "expected"), [
    (f"CCCD {CCCD} đã xác thực", "CCCD *********345 đã xác thực"),
    (f"cccd={CCCD},", "cccd=*********345,"),
    (f"so_cccd_{CCCD}", "so_cccd_*********345"),
    (f"CMND: {CMND}", "CMND: ******678"),
    (f"gọi {PHONE} hoặc 0912 345 678", "gọi *******678 hoặc *******678"),
    ("+84 912 345 678; 84912345678; 0912.345.678", "********678; ********678; *******678"),
    ("máy bàn 024 3826 1234", "máy bàn ********234"),
    ("gửi nguyen.van.a@gmail.com", "gửi n***@gmail.com"),
    ("Nguyễn Văn A <a.b+c@so-tu-phap.hanoi.gov.vn>", "Nguyễn Văn A <a***@so-tu-phap.hanoi.gov.vn>"),
])
def test_personal_data_is_masked(text, expected):
    assert mask(text) == expected


@pytest.mark.parametrize("text", [
    "H99.01-261123-0001",                          # dossier code (format of domain-vn.md)
    "000.00.12.H99-261123-0001",                   # national portal code
    "lệ phí 150000000 đồng; 1.500.000 đ; 50,000 VND; 100000000000",  # amounts, 9 and 12 digits
    "2026-11-23 05:01:21,123 INFO; 23/11/2026; 01-12-2026 10:30",     # dates and times
    "epoch 1732338081 và 1732338081123; 20261123050112",             # timestamps
    "public id 550e8400-e29b-41d4-a716-012345678901",                # UUID with an all-digit group
    "thủ tục 1.001193; đơn vị H99.50; quầy 3",
])
def test_codes_amounts_dates_and_timestamps_are_kept(text):
    assert mask(text) == text


def test_nested_arguments_hide_personal_keys_and_mask_strings():
    value = {"applicant_name": "Nguyễn Văn A", "note": f"sđt {PHONE}", "items": [CCCD, 5],
             "code": "H99.01-261123-0001"}
    assert mask_value(value) == {"applicant_name": "***", "note": "sđt *******678",
                                 "items": ["*********345", 5], "code": "H99.01-261123-0001"}


def _record(msg, args=(), exc_info=None, **extra):
    record = logging.LogRecord("motcua.test", logging.ERROR, __file__, 1, msg, args, exc_info)
    record.__dict__.update(extra)
    return record


def test_filter_masks_message_arguments_exception_and_extras():
    try:
        raise ValueError(f"số định danh sai: {CCCD}")
    except ValueError:
        import sys

        record = _record("hồ sơ %s của %s", ("H99.01-261123-0001", CCCD), exc_info=sys.exc_info(),
                         phone=PHONE, applicant_name="Nguyễn Văn A", unit="H99.50")
    assert MaskingFilter().filter(record) is True
    output = logging.Formatter("%(message)s %(phone)s %(applicant_name)s %(unit)s").format(record)
    assert CCCD not in output and PHONE not in output and "Nguyễn Văn A" not in output
    assert "hồ sơ H99.01-261123-0001 của *********345" in output and "H99.50" in output
    assert "ValueError: số định danh sai: *********345" in output


def test_filter_hides_personal_keys_of_a_mapping_argument():
    record = _record("hồ sơ %(code)s của %(applicant_name)s, %(address)s",
                     ({"code": "H99.01-261123-0001", "applicant_name": "Nguyễn Văn A",
                       "address": "12 Lý Thái Tổ"},))
    MaskingFilter().filter(record)
    assert record.getMessage() == "hồ sơ H99.01-261123-0001 của ***, ***"


def test_logging_configuration_installs_the_filter_on_every_handler():
    handlers = logging.getLogger().handlers
    configured = [h for h in handlers if any(isinstance(f, MaskingFilter) for f in h.filters)]
    assert configured, "LOGGING must put motcua.audit.masking.MaskingFilter on its handlers"


def _boom(request):
    raise RuntimeError(f"không xử lý được hồ sơ của {request.POST.get('id_number')}")


urlpatterns = [path("boom/", _boom)]


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_django_request_500_log_does_not_print_id_numbers():
    """A 500 with a CCCD in the POST body and in the exception: the line written by the configured
    console handler (django.request propagates to it) shows neither."""
    handler = next(h for h in logging.getLogger().handlers if any(isinstance(f, MaskingFilter) for f in h.filters))
    stream = io.StringIO()
    old = handler.setStream(stream)
    try:
        response = Client(raise_request_exception=False).post("/boom/", {"id_number": CCCD, "phone": PHONE})
    finally:
        handler.setStream(old)
    assert response.status_code == 500
    output = stream.getvalue()
    assert "Internal Server Error: /boom/" in output and "RuntimeError" in output
    assert CCCD not in output and "*********345" in output


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_error_report_masks_post_body_and_frame_variables(rf):
    request = rf.post("/boom/?cccd=" + CCCD, {"id_number": CCCD, "applicant_name": "Nguyễn Văn A",
                                             "note": f"gọi {PHONE}"})
    try:
        _boom(request)
    except RuntimeError:
        import sys

        reporter = get_exception_reporter_class(request)(request, *sys.exc_info())
    assert isinstance(reporter.filter, MaskingReporterFilter)
    for report in (reporter.get_traceback_text(), reporter.get_traceback_html()):
        assert CCCD not in report and PHONE not in report and "Nguyễn Văn A" not in report
        assert "*******678" in report and "*********345" in report
