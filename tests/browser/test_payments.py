"""Fees in a real browser: the citizen pays by the simulated bank and downloads the receipt; the
page notices a transfer made from a phone by itself; the officer issues a notice and takes cash;
the reconciliation page and the public receipt lookup."""

import re
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect

from motcua.dossiers.models import Dossier
from motcua.dossiers.workflow import State
from motcua.payments.contrib.national.plugin import http_post
from motcua.payments.contrib.simulator.plugin import demo_bank
from motcua.payments.models import Payment
from tests.payments.fees_world import fee_procedure, notice_for, received, simulator_qr  # noqa: F401

ARTIFACTS = Path("test-artifacts")
PASSWORD = "Mat-khau-2026!"  # tests/factories.py


@pytest.fixture
def paying(transactional_db, world, applicant, fee_procedure):
    ARTIFACTS.mkdir(exist_ok=True)
    dossier = received(world, applicant)
    return notice_for(dossier, world.reception, amount=24000, name="Phí cấp bản sao trích lục")


def _sign_in(page, live_server, username):
    page.goto(live_server.url + "/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(re.compile(r".*/nghiep-vu/$"))


def test_citizen_pays_by_the_simulated_bank_and_downloads_the_receipt(live_server, page, paying, tmp_path):
    dossier = paying.dossier
    page.goto(f"{live_server.url}/thanh-toan/{dossier.public_id}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng ký khai sinh")
    expect(page.locator(".fee-total")).to_have_text("24.000 đồng")
    expect(page.get_by_role("img", name=re.compile("Mã VietQR"))).to_be_visible()
    expect(page.locator(".transfer-note")).to_have_text(f"LPHS {dossier.code}")
    page.screenshot(path=str(ARTIFACTS / "payments-pay.png"), full_page=True)

    page.get_by_role("button", name="Mô phỏng chuyển khoản (demo)").click()
    expect(page.get_by_role("heading", name="Đã nộp 24.000 đồng")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Đã ghi nhận thanh toán")
    page.screenshot(path=str(ARTIFACTS / "payments-paid.png"), full_page=True)
    assert Dossier.objects.get(pk=dossier.pk).state == State.PROCESSING

    with page.expect_download() as download:
        page.get_by_role("link", name="Tải biên lai (PDF)").click()
    assert download.value.suggested_filename == "bien-lai-H99.50-26-0000001.pdf"
    path = tmp_path / "receipt.pdf"
    download.value.save_as(path)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "BIÊN LAI THU PHÍ, LỆ PHÍ" in text and "Hai mươi tư nghìn đồng" in text
    subprocess.run(["pdftoppm", "-png", "-r", "90", "-singlefile", str(path), str(ARTIFACTS / "payments-receipt")],
                   check=True)


def test_the_page_sees_a_transfer_made_from_a_phone(live_server, page, paying):
    dossier = paying.dossier
    page.goto(f"{live_server.url}/thanh-toan/{dossier.public_id}/")
    expect(page.locator("#pay-status")).to_contain_text("Đang chờ ngân hàng báo tiền về")
    bank = demo_bank()
    message = bank.webhook(bank.pay(simulator_qr(paying)))  # the citizen's banking app, elsewhere
    status, _headers, _body = http_post(f"{live_server.url}/thanh-toan/webhook/simulator/", message.headers,
                                        message.body, 10)
    assert status == 200
    expect(page.get_by_role("heading", name="Đã nộp 24.000 đồng")).to_be_visible(timeout=10000)


def test_officer_issues_a_notice_and_takes_cash(live_server, page, transactional_db, world, applicant, fee_procedure):
    ARTIFACTS.mkdir(exist_ok=True)
    dossier = received(world, applicant)
    _sign_in(page, live_server, "tiepnhan")
    page.goto(f"{live_server.url}/thanh-toan/nghiep-vu/ho-so/{dossier.public_id}/")
    copies = page.locator("fieldset", has_text="Phí cấp bản sao trích lục")
    copies.get_by_label("Thu khoản này").check()
    copies.get_by_label("Số lượng").fill("2")
    page.locator("fieldset", has_text="Lệ phí đăng ký trực tuyến").get_by_label("Thu khoản này").uncheck()
    page.screenshot(path=str(ARTIFACTS / "payments-notice-form.png"), full_page=True)
    page.get_by_role("button", name="Gửi thông báo nộp phí").click()
    expect(page.get_by_role("heading", name="Thông báo đang chờ nộp: 16.000 đồng")).to_be_visible()
    assert Dossier.objects.get(pk=dossier.pk).national_status == 6
    expect(page.get_by_role("img", name="Mã VietQR để công dân quét tại quầy")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "payments-notice-open.png"), full_page=True)

    page.get_by_role("button", name="Xác nhận đã thu tiền mặt").click()
    expect(page.get_by_role("status")).to_contain_text("Đã thu tiền mặt, biên lai số 0000001")
    page.screenshot(path=str(ARTIFACTS / "payments-cash.png"), full_page=True)
    assert Payment.objects.get().method == "cash"

    page.get_by_role("link", name="Đối soát thu phí").click()
    expect(page.get_by_role("heading", name="Đối soát thu phí, lệ phí")).to_be_visible()
    expect(page.locator(".recon-totals")).to_contain_text("16.000 đồng")
    page.screenshot(path=str(ARTIFACTS / "payments-reconciliation.png"), full_page=True)
    with page.expect_download() as download:
        page.get_by_role("button", name="Xuất Excel").click()
    assert download.value.suggested_filename.startswith("doi-soat-H99.50-")

    page.get_by_role("link", name="Tra cứu biên lai").click()
    page.get_by_label("Mã hồ sơ").fill(dossier.code)
    page.get_by_label("Số biên lai").fill("1")
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.get_by_role("heading", name="Biên lai hợp lệ")).to_be_visible()
    expect(page.locator(".paid")).to_contain_text("Nguyễn V. A.")
    page.screenshot(path=str(ARTIFACTS / "payments-lookup.png"), full_page=True)
