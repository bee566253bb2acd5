"""The daily reconciliation with its own numbers, its Excel export, the indicator counts, and the
check of open notices that books a payment whose webhook was lost."""

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from motcua.dossiers.models import Dossier
from motcua.dossiers.workflow import State
from motcua.payments import reconciliation, services
from motcua.payments.contrib.simulator.plugin import demo_bank
from motcua.payments.models import FeeNotice
from tests.fixtures_dossiers import at

from .fees_world import fee_procedure, notice_for, post_webhook, received, simulator_qr  # noqa: F401

pytestmark = pytest.mark.django_db
DAY = date(2026, 3, 2)


@pytest.fixture
def day_of_fees(client, world, applicant, fee_procedure, settings):
    """On 2 March: notices of 50.000, 20.000 and 10.000 đồng; the first paid in cash, the second by
    transfer, the third still open; a 30.000 đồng transfer with a note naming no dossier, refunded."""
    now = at(2026, 3, 2, 8, 0)
    notices = [notice_for(received(world, applicant, now=now), world.reception, amount=amount, now=now)
               for amount in (50000, 20000, 10000)]
    services.record_cash(notices[0], world.reception, 50000, now=at(2026, 3, 2, 9, 0))
    bank = demo_bank()
    post_webhook(client, bank.webhook(bank.pay(simulator_qr(notices[1]))))
    post_webhook(client, bank.webhook(bank.pay(simulator_qr(notices[2]), amount=30000, content="ung ho")))
    return notices


def _move_to_day(*querysets):
    """Webhooks are booked at the real time; put them on the report's day."""
    for queryset, field in querysets:
        queryset.update(**{field: at(2026, 3, 2, 10, 0)})


def test_the_day_in_numbers(world, day_of_fees):
    from motcua.payments.models import GatewayTransaction, Payment, Refund

    _move_to_day((Payment.objects.filter(method="online"), "paid_at"), (GatewayTransaction.objects.all(), "received_at"),
                 (FeeNotice.objects.filter(payment__method="online"), "closed_at"))
    tx = GatewayTransaction.objects.get(status="unmatched")
    services.refund(tx, world.leader, 30000, "Không rõ nộp cho hồ sơ nào")
    Refund.objects.update(at=at(2026, 3, 2, 11, 0))

    report = reconciliation.daily_report(world.org.commune_a, DAY)
    assert report.expected_total == 80000 and len(report.issued) == 3
    assert report.confirmed_total == 70000
    assert report.by_channel() == [("Thanh toán trực tuyến (simulator)", 1, 20000), ("Tiền mặt tại quầy", 1, 50000)]
    assert report.outstanding_total == 10000
    assert [(t.amount, t.status) for t in report.unmatched] == [(30000, "refunded")]
    assert report.refunded_total == 30000
    assert reconciliation.daily_report(world.org.commune_b, DAY).confirmed_total == 0
    next_day = reconciliation.daily_report(world.org.commune_a, DAY + timedelta(days=1))
    assert next_day.expected_total == 0 and next_day.outstanding_total == 10000  # still open

    book = load_workbook(BytesIO(reconciliation.to_excel(report)))
    assert book.sheetnames == ["Tổng hợp", "Đã nộp", "Chờ nộp", "Giao dịch chưa khớp", "Hoàn tiền"]
    summary = {row[0]: row[1] for row in book["Tổng hợp"].iter_rows(values_only=True) if row and row[0]}
    assert summary["Số tiền thông báo trong ngày"] == 80000 and summary["Số tiền đã nộp trong ngày"] == 70000
    paid_rows = list(book["Đã nộp"].iter_rows(min_row=2, values_only=True))
    assert [(r[3], r[4]) for r in paid_rows] == [(50000, "H99.50-26/0000001"), (20000, "H99.50-26/0000002")]
    assert list(book["Giao dịch chưa khớp"].iter_rows(min_row=2, values_only=True))[0][2] == "ung ho"


def test_counts_for_the_online_payment_indicators(world, day_of_fees):
    counts = reconciliation.online_payment_counts(at(2026, 3, 1, 0, 0), at(2026, 4, 1, 0, 0))
    assert counts == {world.org.commune_a.pk: reconciliation.PaymentCounts(
        with_fee=3, paid=2, paid_online=1, national_platform=0, procedures_with_fee=1, procedures_paid_online=1)}
    assert reconciliation.online_payment_counts(at(2026, 4, 1, 0, 0), at(2026, 5, 1, 0, 0)) == {}
    assert reconciliation.online_payment_counts(at(2026, 3, 1, 0, 0), at(2026, 4, 1, 0, 0),
                                                unit_ids=[world.org.commune_b.pk]) == {}


def test_a_lost_webhook_is_caught_by_asking_the_bank(world, applicant, fee_procedure, settings, capsys):
    settings.MOTCUA_PAYMENT_QUERY_AFTER_MINUTES = 0
    notice = notice_for(received(world, applicant), world.reception, amount=20000, now=at(2026, 3, 2, 8, 0))
    demo_bank().pay(simulator_qr(notice))  # paid, but the bank's notification never arrives
    call_command("check_payments")
    assert "paid: 1" in capsys.readouterr().out
    assert FeeNotice.objects.get().status == "paid"
    assert Dossier.objects.get(pk=notice.dossier_id).state == State.PROCESSING
    call_command("check_payments")
    assert "không có gì để hỏi" in capsys.readouterr().out


def test_the_reconcile_command(world, day_of_fees, capsys, tmp_path):
    out = tmp_path / "doi-soat.xlsx"
    call_command("reconcile", "--unit", "h99.50", "--day", "2026-03-02", "--xlsx", str(out))
    printed = capsys.readouterr().out
    assert "Đã nộp / paid" in printed and "Tiền mặt tại quầy" in printed and "50.000 đồng" in printed
    assert load_workbook(out).sheetnames[0] == "Tổng hợp"


@pytest.mark.parametrize("args, message", [(["--unit", "H00.99"], "Không có đơn vị"),
                                           (["--unit", "H99.50", "--day", "02/03/2026"], "YYYY-MM-DD"),
                                           (["--unit", "H99.50", "--centre", "nowhere"], "không có trung tâm")])
def test_the_reconcile_command_refuses_bad_input_with_status_2(world, args, message):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match=message) as err:
        call_command("reconcile", *args)
    assert err.value.returncode == 2


def test_refunding_a_cash_payment_is_recorded_as_manual(world, day_of_fees):
    from motcua.core.errors import UserFacingError
    from motcua.payments.models import Payment

    payment = Payment.objects.get(method="cash")
    with pytest.raises(UserFacingError, match="Ghi lý do"):
        services.refund(payment, world.leader, 10000, " ")
    refund = services.refund(payment, world.leader, 20000, "Hồ sơ bị từ chối sau khi nộp phí")
    assert (refund.status, refund.payment, refund.unit) == ("manual", payment, world.org.commune_a)
    payment.refresh_from_db()
    assert payment.refunded == 20000
    with pytest.raises(UserFacingError, match="từ 1 đến 30.000 đồng"):
        services.refund(payment, world.leader, 30001, "Hoàn nốt")
