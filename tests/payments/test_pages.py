"""The pages: the citizen's payment page and status poll, the officer's fee notice and cash forms,
the panels other apps include, the reconciliation page and the accountant's actions."""

import pytest
from django.template import Context, Template
from django.urls import reverse

from motcua.dossiers.models import Dossier
from motcua.dossiers.workflow import State
from motcua.payments import services
from motcua.payments.models import FeeNotice, GatewayTransaction, Payment, Refund

from .fees_world import dossier, fee_procedure, notice, pay_by_simulator  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_payment_page_shows_what_why_and_how(client, dossier, notice):
    page = client.get(reverse("payments:pay", args=[dossier.public_id]))
    assert page.status_code == 200
    html = page.content.decode()
    for words in (dossier.code, "Lệ phí đăng ký trực tuyến", "50.000 đồng", f"LPHS {dossier.code}", "MOTCUADEMO01",
                  "data:image/svg+xml", "Mô phỏng chuyển khoản (demo)", "Chờ nộp phí, lệ phí"):
        assert words in html, words
    assert "Nguyễn Văn An" not in html  # reached without signing in: no personal data
    assert client.get(reverse("payments:pay", args=["00000000-0000-0000-0000-000000000000"])).status_code == 404


def test_the_page_without_any_notice_is_not_found(client, dossier):
    assert client.get(reverse("payments:pay", args=[dossier.public_id])).status_code == 404


def test_the_status_poll_reloads_the_page_once_paid(client, dossier, notice):
    url = reverse("payments:status", args=[dossier.public_id]) + "?waiting=1"
    waiting = client.get(url)
    assert "HX-Refresh" not in waiting and "Đang chờ ngân hàng" in waiting.content.decode()
    pay_by_simulator(client, notice)
    paid = client.get(url)
    assert paid["HX-Refresh"] == "true"
    page = client.get(reverse("payments:pay", args=[dossier.public_id])).content.decode()
    assert "Đã nộp 50.000 đồng" in page and "H99.50-26/0000001" in page and "Mô phỏng" not in page


def test_the_officer_confirms_catalogue_fees(client, world, dossier):
    client.force_login(world.reception)
    url = reverse("payments:notice_form", args=[dossier.public_id])
    form = client.get(url)
    html = form.content.decode()
    assert "Phí cấp bản sao trích lục" in html and "Lệ phí đăng ký trực tuyến" in html
    assert "Lệ phí đăng ký</legend>" not in html  # the direct-channel fee does not apply online
    assert "281/2016/TT-BTC" in html  # the fee law prefilled as the legal basis
    # catalogue rows: 0 copies (8.000/bản), 1 online fee (10.000), 2 unknown appraisal fee; x the free row
    data = {"0-include": "on", "0-unit_amount": "8000", "0-quantity": "3", "0-legal_basis": "281/2016/TT-BTC",
            "1-include": "on", "1-unit_amount": "5000", "1-quantity": "1", "1-reason": "",
            "2-quantity": "1", "x-quantity": "1", "note": ""}
    refused = client.post(url, data)
    assert refused.status_code == 400 and "cần ghi lý do điều chỉnh" in refused.content.decode()
    assert not FeeNotice.objects.exists()
    data["1-reason"] = "Giảm 50% theo Nghị quyết HĐND tỉnh"
    data.update({"x-include": "on", "x-name": "Phí thẩm định hồ sơ", "x-unit_amount": "15000"})
    assert client.post(url, data).status_code == 302
    notice = FeeNotice.objects.get()
    assert notice.total == 3 * 8000 + 5000 + 15000
    assert [(li.name, li.amount, li.fee_id is not None) for li in notice.lines.all()] == [
        ("Phí cấp bản sao trích lục", 24000, True), ("Lệ phí đăng ký trực tuyến", 5000, True),
        ("Phí thẩm định hồ sơ", 15000, False)]
    assert Dossier.objects.get(pk=dossier.pk).state == State.FEE_REQUESTED


def test_an_unknown_catalogue_amount_must_be_entered(client, world, dossier):
    client.force_login(world.reception)
    url = reverse("payments:notice_form", args=[dossier.public_id])
    response = client.post(url, {"2-include": "on", "2-quantity": "1", "0-quantity": "1", "1-quantity": "1",
                                 "x-quantity": "1"})
    assert response.status_code == 400 and "danh mục chưa ghi mức thu" in response.content.decode()


def test_cash_through_the_officer_page(client, world, dossier, notice):
    client.force_login(world.reception)
    page = client.get(reverse("payments:notice_form", args=[dossier.public_id])).content.decode()
    assert "Mã VietQR để công dân quét tại quầy" in page and f"LPHS {dossier.code}" in page  # QR at the counter
    response = client.post(reverse("payments:cash", args=[dossier.public_id]), {"amount": "50000"}, follow=True)
    assert "Đã thu tiền mặt, biên lai số 0000001" in response.content.decode()
    assert Payment.objects.get().method == "cash"


def test_officer_pages_are_for_the_dossiers_staff_only(client, world, dossier, notice):
    url = reverse("payments:notice_form", args=[dossier.public_id])
    assert client.get(url).status_code == 302  # to the sign-in page
    client.force_login(world.citizen)
    assert client.get(url).status_code == 403
    client.force_login(world.other_reception)
    assert client.get(url).status_code == 404  # another commune's dossier does not exist for them
    assert client.post(reverse("payments:cash", args=[dossier.public_id]), {"amount": "50000"}).status_code == 404
    assert not Payment.objects.exists()


def test_the_panels_for_the_portal_and_the_back_office(client, dossier, notice):
    template = Template("{% load payments %}{% citizen_fee_panel d %}|{% officer_fee_panel d %}")
    citizen, officer = template.render(Context({"d": dossier})).split("|")
    assert "Hồ sơ cần nộp <b>50.000 đồng</b>" in citizen and f"/thanh-toan/{dossier.public_id}/" in citizen
    assert "Chờ nộp" in officer and "Thu tiền mặt, sửa thông báo phí" in officer
    pay_by_simulator(client, notice)
    citizen, officer = template.render(Context({"d": Dossier.objects.get(pk=dossier.pk)})).split("|")
    assert "biên lai số H99.50-26/0000001" in citizen and ".pdf" in citizen
    assert "Đã nộp" in officer and "Thanh toán trực tuyến" in officer


def test_reconciliation_page_and_excel(client, world, dossier, notice):
    pay_by_simulator(client, notice, amount=40000)  # kept as a mismatch
    client.force_login(world.reception)
    url = reverse("payments:reconciliation")
    page = client.get(url, {"ngay": notice.issued_at.astimezone().date().isoformat()})
    html = page.content.decode()
    assert page.status_code == 200 and "Sai số tiền" in html and "40.000 đồng" in html
    assert "Gán cho mã hồ sơ" not in html  # reception reconciles but does not refund
    export = client.get(url, {"xuat": "xlsx"})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    client.force_login(world.citizen)
    assert client.get(url).status_code == 403


def test_the_leader_refunds_a_mismatched_transfer(client, world, dossier, notice):
    pay_by_simulator(client, notice, amount=40000)
    tx = GatewayTransaction.objects.get()
    client.force_login(world.reception)
    url = reverse("payments:transaction", args=[tx.pk])
    refused = client.post(url, {"action": "refund", "amount": "40000", "reason": "Sai số tiền"})
    assert refused.status_code == 404  # refused as an unknown transaction (decision 0534)
    client.force_login(world.leader)
    response = client.post(url, {"action": "refund", "amount": "40000", "reason": "Chuyển thiếu, hoàn lại"}, follow=True)
    assert "Hoàn tiền 40.000 đồng: Đã hoàn tiền" in response.content.decode()
    refund = Refund.objects.get()
    assert (refund.status, refund.transaction, refund.by) == ("done", tx, world.leader)
    tx.refresh_from_db()
    assert tx.status == "refunded"


def test_a_transfer_with_a_wrong_note_is_assigned_by_hand(client, world, dossier, notice):
    pay_by_simulator(client, notice, content="nop phi khai sinh")
    tx = GatewayTransaction.objects.get()
    client.force_login(world.leader)
    response = client.post(reverse("payments:transaction", args=[tx.pk]),
                           {"action": "assign", "dossier_code": dossier.code.lower()}, follow=True)
    assert f"Đã gán cho hồ sơ {dossier.code}" in response.content.decode()
    payment = Payment.objects.get()
    assert (payment.recorded_by, payment.paid_online, payment.receipt.number) == (world.leader, True, 1)
    assert Dossier.objects.get(pk=dossier.pk).state == State.PROCESSING
    with pytest.raises(services.UserFacingError, match="đã được xử lý"):
        services.assign_transaction(tx, world.leader, dossier.code)


def test_receiving_accounts_are_checked_in_the_admin(client, admin_client, world, dossier, notice):
    from django.core.exceptions import ValidationError

    from motcua.payments.models import ReceivingAccount

    account = ReceivingAccount(unit=world.org.commune_a, bank_bin="97041", account_number="0011-0019",
                               account_name="UBND phường An Bình")
    with pytest.raises(ValidationError) as err:
        account.full_clean()
    assert set(err.value.message_dict) == {"bank_bin", "account_number"}
    assert "Mã BIN không hợp lệ" in err.value.message_dict["bank_bin"][0]
    account.bank_bin, account.account_number = "970415", "0011001932418"
    account.full_clean()
    assert account.account_name == "UBND PHUONG AN BINH"  # as the bank shows it in QR field 59

    pay_by_simulator(client, notice)
    for model in ("receivingaccount", "feenotice", "payment", "receipt", "gatewaytransaction", "refund", "paymentevent"):
        assert admin_client.get(f"/quan-tri/payments/{model}/").status_code == 200, model
    page = admin_client.get(f"/quan-tri/payments/feenotice/{notice.pk}/change/").content.decode()
    assert "Lệ phí đăng ký trực tuyến" in page
