"""The citizen's dossier page shows the open fee notice with its way to pay."""

import pytest

from motcua.dossiers import services
from motcua.payments import services as payments
from motcua.payments.fees import FeeLine

pytestmark = pytest.mark.django_db


def test_my_dossier_page_shows_the_fee_to_pay(world, applicant, client):
    d = services.create(procedure=world.procedure, unit=world.org.commune_a, channel="online", applicant=applicant,
                        owner=world.citizen, submit=True)
    d = services.perform(d, "accept", world.reception)
    client.force_login(world.citizen)
    url = f"/ho-so/cua-toi/{d.public_id}/"
    assert f"/thanh-toan/{d.public_id}/" not in client.get(url).content.decode()
    payments.issue_notice(d, world.reception, [FeeLine(name="Lệ phí đăng ký khai sinh", unit_amount=8000)])
    page = client.get(url).content.decode()
    assert f"/thanh-toan/{d.public_id}/" in page
    assert "8.000" in page
