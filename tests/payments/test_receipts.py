"""Receipts: numbered 1, 2, 3… per unit and year without gaps (also under parallel payments on
PostgreSQL), printed as a PDF with Vietnamese text, and verifiable by dossier code + number."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, transaction
from django.urls import reverse

from motcua.payments import receipts, services
from motcua.payments.models import Receipt, ReceiptSequence
from tests.fixtures_dossiers import at

from .fees_world import (dossier, fee_procedure, notice, notice_for, pay_by_simulator, pdf_text,  # noqa: F401
                         received)


def _paid(world, applicant, now):
    d = received(world, applicant, now=now)
    notice = notice_for(d, world.reception, now=now)
    return services.record_cash(notice, world.reception, 50000, now=now)


@pytest.mark.django_db
def test_numbers_run_per_unit_and_year(world, applicant, fee_procedure):
    first = _paid(world, applicant, at(2026, 3, 2, 9))
    second = _paid(world, applicant, at(2026, 3, 2, 10))
    next_year = _paid(world, applicant, at(2027, 1, 4, 9))
    assert [p.receipt.number for p in (first, second, next_year)] == [1, 2, 1]
    assert [p.receipt.series for p in (first, second, next_year)] == ["H99.50-26", "H99.50-26", "H99.50-27"]
    assert ReceiptSequence.objects.get(unit=world.org.commune_a, year=2026).last == 2


@pytest.mark.django_db
def test_a_payment_that_rolls_back_gives_its_number_back(world, dossier, notice):
    with pytest.raises(RuntimeError), transaction.atomic():
        assert receipts.allocate(world.org.commune_a, 2026) == 1
        raise RuntimeError("booking failed later in the transaction")
    assert receipts.allocate(world.org.commune_a, 2026) == 1


@pytest.mark.django_db
def test_the_receipt_pdf_reads_in_vietnamese(client, world, dossier, notice, tmp_path):
    pay_by_simulator(client, notice)
    receipt = Receipt.objects.get()
    response = client.get(reverse("payments:receipt_pdf", args=[dossier.public_id, receipt.number]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="bien-lai-H99.50-26-0000001.pdf"'
    text = pdf_text(response.content, tmp_path)
    for words in ("BIÊN LAI THU PHÍ, LỆ PHÍ", "Ký hiệu: H99.50-26", "Số: 0000001", "Nguyễn Văn An", dossier.code,
                  "Lệ phí đăng ký trực tuyến", "50.000 đồng", "Năm mươi nghìn đồng", "Thanh toán trực tuyến",
                  "Phường An Bình"):
        assert words in text, words
    assert client.get(reverse("payments:receipt_pdf", args=[dossier.public_id, 2])).status_code == 404


@pytest.mark.django_db
def test_the_fee_notice_pdf_carries_the_qr_and_the_note(client, dossier, notice, tmp_path):
    response = client.get(reverse("payments:notice_pdf", args=[dossier.public_id]))
    assert response.status_code == 200
    text = pdf_text(response.content, tmp_path)
    for words in ("THÔNG BÁO NỘP PHÍ, LỆ PHÍ", f"LPHS {dossier.code}", "MOTCUADEMO01", "Năm mươi nghìn đồng"):
        assert words in text, words


@pytest.mark.django_db
def test_public_lookup_needs_the_code_and_number_that_belong_together(client, world, dossier, notice):
    pay_by_simulator(client, notice)
    url = reverse("payments:receipt_lookup")
    found = client.get(url, {"ma_ho_so": dossier.code.lower(), "so": "0000001"})
    assert found.status_code == 200
    page = found.content.decode()
    assert "Biên lai hợp lệ" in page and "Nguyễn V. A." in page and "Nguyễn Văn An" not in page
    assert "H99.50-26/0000001" in page and "50.000 đồng" in page
    wrong = client.get(url, {"ma_ho_so": dossier.code, "so": "2"})
    assert wrong.status_code == 404 and "Không tìm thấy biên lai" in wrong.content.decode()
    assert client.get(url).status_code == 200


N = 16


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres
def test_parallel_payments_get_gapless_receipt_numbers(world, applicant, fee_procedure):
    from django.test import Client

    notices = [notice_for(received(world, applicant, now=at(2026, 3, 2, 8, i)), world.reception) for i in range(N)]

    def pay(notice):
        try:
            return pay_by_simulator(Client(), notice)[0].status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(pay, notices))
    assert statuses == [200] * N
    assert sorted(Receipt.objects.values_list("number", flat=True)) == list(range(1, N + 1))


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres
def test_the_same_confirmation_delivered_in_parallel_is_booked_once(world, applicant, fee_procedure):
    from django.test import Client

    from motcua.payments.contrib.simulator.plugin import demo_bank
    from motcua.payments.models import GatewayTransaction, Payment

    from .fees_world import post_webhook, simulator_qr

    notice = notice_for(received(world, applicant), world.reception)
    bank = demo_bank()
    message = bank.webhook(bank.pay(simulator_qr(notice)))

    def deliver(_):
        try:
            return post_webhook(Client(), message).json()["result"]
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=6) as pool:
        results = sorted(pool.map(deliver, range(6)))
    assert results == ["duplicate"] * 5 + ["paid"]
    assert Payment.objects.count() == 1 and GatewayTransaction.objects.count() == 1
