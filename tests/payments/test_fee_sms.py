"""The fee request's SMS carries the link to the dossier's payment page, which shows the amount."""

import pytest

from motcua.notifications.models import OutboxMessage
from motcua.payments import services
from motcua.payments.fees import FeeLine
from tests.fixtures_dossiers import at

from .fees_world import dossier, fee_procedure  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def test_the_fee_sms_links_to_the_payment_page(client, settings, world, dossier):
    settings.MOTCUA_PUBLIC_URL = "https://dichvucong.senvang.gov.vn/"
    services.issue_notice(dossier, world.reception, [FeeLine("Lệ phí đăng ký", 8000, catalogue_amount=8000)],
                          now=at(2026, 3, 2, 9, 0))
    sms = [m.payload["text"] for m in OutboxMessage.objects.filter(channel="sms") if "nop phi" in m.payload["text"]]
    link = f"https://dichvucong.senvang.gov.vn/thanh-toan/{dossier.public_id}/"
    assert len(sms) == 1 and sms[0].endswith(f"Xem so tien va nop tai: {link}")
    page = client.get(link.removeprefix("https://dichvucong.senvang.gov.vn"))
    assert page.status_code == 200 and "8.000" in page.content.decode()
