"""Uploads are judged by their bytes: disguised files are refused with a clear message."""

import pytest

from motcua.core.errors import UserFacingError
from motcua.dossiers import uploads

PDF = b"%PDF-1.7\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>>\n3 0 obj <</Type /Page>> endobj\n%%EOF"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def test_real_types_are_accepted_and_named_by_their_real_type():
    assert uploads.check(PDF, "Tờ khai.pdf").content_type == "application/pdf"
    assert uploads.check(PNG, "anh.PNG").name == "anh.png"
    checked = uploads.check(JPEG, "CCCD mặt trước.png")  # wrong extension: the bytes decide
    assert (checked.content_type, checked.name) == ("image/jpeg", "CCCD-mat-truoc.jpg")


@pytest.mark.parametrize("content,name", [
    (b"<html><script>alert(1)</script></html>", "giay-to.pdf"),
    (b"MZ\x90\x00\x03\x00\x00\x00", "scan.pdf"),
    (b"\x7fELF\x02\x01\x01", "anh.jpg"),
    (b"PK\x03\x04", "hoso.docx"),
])
def test_disguised_files_are_refused(content, name):
    with pytest.raises(UserFacingError) as err:
        uploads.check(content, name)
    assert err.value.code == "bad_type"
    assert "không phải PDF, JPEG hoặc PNG" in err.value.message_vi


def test_pdf_with_javascript_is_refused():
    with pytest.raises(UserFacingError) as err:
        uploads.check(PDF.replace(b"/Type /Catalog", b"/Type /Catalog /OpenAction <</S /JavaScript /JS (x)>>"), "a.pdf")
    assert err.value.code == "active_pdf"


def test_size_and_page_limits(settings):
    settings.MOTCUA_MAX_ATTACHMENT_BYTES = 100
    with pytest.raises(UserFacingError) as err:
        uploads.check(PNG + b"\x00" * 100, "big.png")
    assert err.value.code == "too_large"
    settings.MOTCUA_MAX_ATTACHMENT_BYTES = 10_000
    settings.MOTCUA_MAX_PDF_PAGES = 2
    three_pages = PDF + b"<</Type /Page>><</Type /Page>>"
    with pytest.raises(UserFacingError) as err:
        uploads.check(three_pages, "many.pdf")
    assert err.value.code == "too_many_pages"


def test_names_are_sanitised():
    assert uploads.safe_name("../../etc/passwd", "pdf") == "passwd.pdf"
    assert uploads.safe_name("C:\\Users\\x\\Đơn đề nghị (1).pdf", "pdf") == "Don-de-nghi-1.pdf"
    assert uploads.safe_name("....", "png") == "tep.png"
