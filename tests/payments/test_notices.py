"""Fee notices move the dossier to national status 6 (clock paused); cash at the counter moves it on."""

from datetime import timedelta

import pytest

from motcua.core.errors import UserFacingError
from motcua.dossiers import services as dossier_services
from motcua.dossiers.models import Dossier
from motcua.dossiers.workflow import IllegalTransition, State
from motcua.payments import services
from motcua.payments.fees import FeeLine
from motcua.payments.models import FeeNotice, Payment, PaymentEvent, Receipt
from tests.fixtures_dossiers import at

from .fees_world import dossier, fee_procedure, notice, notice_for  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def test_a_notice_requests_the_fee_and_pauses_the_clock(world, dossier):
    lines = [FeeLine("Phí cấp bản sao trích lục", 8000, quantity=2, catalogue_amount=8000, legal_basis="281/2016/TT-BTC"),
             FeeLine("Lệ phí đăng ký trực tuyến", 10000, exempt=True, reason="Trẻ em hộ nghèo", catalogue_amount=10000)]
    notice = services.issue_notice(dossier, world.reception, lines, note="Nộp trước ngày 05/03", now=at(2026, 3, 2, 9, 0))
    d = Dossier.objects.get(pk=dossier.pk)
    assert (d.state, d.national_status, d.paused_at) == (State.FEE_REQUESTED, 6, at(2026, 3, 2, 9, 0))
    assert notice.total == 16000 and notice.status == FeeNotice.Status.ISSUED
    assert [(li.name, li.quantity, li.amount, li.exempt) for li in notice.lines.all()] == [
        ("Phí cấp bản sao trích lục", 2, 16000, False), ("Lệ phí đăng ký trực tuyến", 1, 0, True)]
    event = d.events.order_by("-seq").first()
    assert event.action == "request_fee" and event.comment == "Thông báo nộp phí, lệ phí: 16.000 đồng"
    assert event.data == {"fee_notice": notice.pk, "total": 16000}
    assert PaymentEvent.objects.get(kind="notice_issued").notice == notice


def test_a_notice_of_nothing_saves_nothing(world, dossier):
    with pytest.raises(UserFacingError, match="Tổng số tiền bằng 0"):
        services.issue_notice(dossier, world.reception, [FeeLine("Lệ phí", 20000, exempt=True, reason="Người có công")])
    assert Dossier.objects.get(pk=dossier.pk).state == State.RECEIVED
    assert not FeeNotice.objects.exists()


def test_only_the_dossiers_officers_issue_notices(world, dossier):
    for outsider in (world.other_reception, world.citizen):
        with pytest.raises(IllegalTransition):
            notice_for(dossier, outsider)
    assert not FeeNotice.objects.exists() and not PaymentEvent.objects.exists()
    assert Dossier.objects.get(pk=dossier.pk).state == State.RECEIVED


def test_a_corrected_notice_replaces_the_open_one(world, dossier, notice):
    version = Dossier.objects.get(pk=dossier.pk).version
    corrected = notice_for(dossier, world.specialist, amount=30000)
    notice.refresh_from_db()
    assert notice.status == FeeNotice.Status.CANCELLED and corrected.status == FeeNotice.Status.ISSUED
    assert services.open_notice(dossier) == corrected
    d = Dossier.objects.get(pk=dossier.pk)
    assert d.state == State.FEE_REQUESTED and d.version == version  # the dossier did not move
    with pytest.raises(IllegalTransition):
        notice_for(dossier, world.other_reception, amount=1000)


def test_withdrawing_cancels_the_open_notice(world, dossier, notice):
    dossier_services.perform(Dossier.objects.get(pk=dossier.pk), "withdraw", world.citizen)
    notice.refresh_from_db()
    assert notice.status == FeeNotice.Status.CANCELLED and notice.closed_at


def test_an_obligation_met_elsewhere_closes_the_notice(world, dossier, notice):
    """An officer records a tax paid at the tax office with the plain fee_paid action."""
    dossier_services.perform(Dossier.objects.get(pk=dossier.pk), "fee_paid", world.specialist)
    notice.refresh_from_db()
    assert notice.status == FeeNotice.Status.SETTLED_ELSEWHERE
    assert not Payment.objects.exists()


def test_cash_at_the_counter_issues_a_receipt_and_moves_the_dossier_on(world, dossier):
    paused = at(2026, 3, 2, 9, 0)
    notice = services.issue_notice(dossier, world.reception, [FeeLine("Lệ phí", 50000, catalogue_amount=50000)],
                                   now=paused)
    due_before = Dossier.objects.get(pk=dossier.pk).due_at
    with pytest.raises(UserFacingError, match="đúng bằng số tiền thông báo: 50.000 đồng"):
        services.record_cash(notice, world.reception, 40000, now=paused + timedelta(days=1))
    assert not Payment.objects.exists()

    payment = services.record_cash(notice, world.reception, 50000, now=at(2026, 3, 3, 9, 0))
    d = Dossier.objects.get(pk=dossier.pk)
    assert d.state == State.PROCESSING and d.national_status == 4 and d.paused_at is None
    assert d.due_at == due_before + timedelta(days=1)  # one working day paused, given back
    assert (payment.method, payment.paid_online, payment.platform_flag) == ("cash", False, 0)
    assert payment.recorded_by == world.reception
    receipt = Receipt.objects.get(payment=payment)
    assert (receipt.series, receipt.number, receipt.payer_name) == ("H99.50-26", 1, "Nguyễn Văn An")
    assert str(receipt) == "H99.50-26 số 0000001"
    notice.refresh_from_db()
    assert notice.status == FeeNotice.Status.PAID
    paid = d.events.order_by("-seq").first()
    assert (paid.action, paid.comment) == ("fee_paid", "Đã nộp 50.000 đồng, biên lai H99.50-26 số 0000001")
    assert paid.data == {"payment": payment.pk, "receipt": 1}
    with pytest.raises(UserFacingError, match="không còn chờ nộp"):
        services.record_cash(notice, world.reception, 50000)


def test_cash_needs_a_role_in_the_dossiers_unit(world, dossier, notice):
    with pytest.raises(IllegalTransition):
        services.record_cash(notice, world.other_reception, 50000)
    assert not Payment.objects.exists() and not Receipt.objects.exists()
    assert services.open_notice(dossier) == notice
