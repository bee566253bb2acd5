"""Fixtures for the fee tests: a procedure with catalogue fees, a received dossier, notices, and
the bank simulator paying through the real webhook endpoint. Import the fixtures by name."""

import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from motcua.catalog.models import Fee
from motcua.dossiers import services as dossier_services
from motcua.payments import services
from motcua.payments.contrib.simulator.plugin import demo_bank
from motcua.payments.fees import FeeLine
from tests.fixtures_dossiers import at

ARTIFACTS = Path("test-artifacts")
FEE_LAW = {"number": "281/2016/TT-BTC", "title": "Thông tư quy định mức thu, chế độ thu, nộp lệ phí hộ tịch",
           "issued": "2016-11-14", "issuer": "Bộ Tài chính"}


@pytest.fixture
def fee_procedure(world):
    """Khai sinh with four catalogue fees: per copy for every channel, one for each channel, one
    whose amount the catalogue does not know."""
    procedure = world.procedure
    procedure.legal_basis = [{"number": "60/2014/QH13", "title": "Luật Hộ tịch"}, FEE_LAW]
    procedure.save()
    Fee.objects.create(procedure=procedure, position=0, name="Phí cấp bản sao trích lục", amount=8000,
                       conditions="8.000 đồng/bản sao")
    Fee.objects.create(procedure=procedure, position=1, name="Lệ phí đăng ký", amount=20000, channel="direct")
    Fee.objects.create(procedure=procedure, position=2, name="Lệ phí đăng ký trực tuyến", amount=10000, channel="online")
    Fee.objects.create(procedure=procedure, position=3, name="Phí thẩm định", amount=None,
                       conditions="Theo nghị quyết của Hội đồng nhân dân tỉnh")
    return procedure


def received(world, applicant, now=None):
    """An online dossier of commune A, received (has its code; the fee may now be requested)."""
    now = now or at(2026, 3, 2, 8, 0)
    dossier = dossier_services.create(procedure=world.procedure, unit=world.org.commune_a, channel="online",
                                      applicant=applicant, owner=world.citizen, submit=True, now=now)
    return dossier_services.perform(dossier, "accept", world.reception, now=now)


@pytest.fixture
def dossier(world, applicant, fee_procedure):
    return received(world, applicant)


def notice_for(dossier, officer, amount=50000, name="Lệ phí đăng ký trực tuyến", now=None):
    return services.issue_notice(dossier, officer, [FeeLine(name=name, unit_amount=amount, catalogue_amount=amount)],
                                 now=now)


@pytest.fixture
def notice(dossier, world):
    return notice_for(dossier, world.reception)


def simulator_qr(notice):
    return next(o.qr_payload for o in services.payment_options(notice) if o.plugin_id == "simulator")


def post_webhook(client, message, plugin_id="simulator"):
    return client.post(reverse("payments:webhook", args=[plugin_id]), data=message.body,
                       content_type="application/json", headers=message.headers)


def pay_by_simulator(client, notice, **overrides):
    """The citizen's bank pays the notice's QR; the bank's signed webhook reaches the endpoint."""
    bank = demo_bank()
    transfer = bank.pay(simulator_qr(notice), **overrides)
    message = bank.webhook(transfer)
    return post_webhook(client, message), bank, transfer, message


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True).stdout
