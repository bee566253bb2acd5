"""Return desk pages through the Django client: who gets in, what each list offers, bad input."""

import pytest
from django.urls import reverse

from motcua.delivery.models import Placement, Shipment
from motcua.dossiers.models import Dossier

from .conftest import finish


def test_desk_is_for_return_desk_staff(client, world):
    url = reverse("delivery:desk")
    assert client.get(url).status_code == 302  # sign in first
    for someone, status in [(world.specialist, 403), (world.citizen, 403), (world.reception, 200)]:
        client.force_login(someone)
        assert client.get(url).status_code == status


def test_desk_sorts_results_by_what_is_left_to_do(client, world, applicant, locker):
    counter = finish(world, applicant)
    by_post = finish(world, applicant, delivery="post")
    in_locker = finish(world, applicant, delivery="locker")
    client.force_login(world.reception)
    page = client.get(reverse("delivery:desk")).content.decode()
    sections = {key: page.split(f'id="b-{key}"')[1].split("</section>")[0]
                for key in ("counter", "to_ship", "to_place")}
    assert counter.code in sections["counter"] and by_post.code in sections["to_ship"]
    assert in_locker.code in sections["to_place"]
    client.force_login(world.other_reception)  # another commune's desk sees none of them
    assert counter.code not in client.get(reverse("delivery:desk")).content.decode()


def test_ship_page_books_and_redirects(client, world, applicant):
    dossier = finish(world, applicant, delivery="post")
    client.force_login(world.reception)
    url = reverse("delivery:ship", args=[dossier.public_id])
    form = client.get(url).content.decode()
    assert "Số 12 đường Lê Lợi" in form and "0912345678" in form  # from the dossier
    bad = client.post(url, {"recipient_name": "An", "recipient_phone": "abc", "address": "Số 12 đường Lê Lợi, An Bình"})
    assert bad.status_code == 400 and "Số điện thoại di động không hợp lệ" in bad.content.decode()
    assert not Shipment.objects.exists()
    ok = client.post(url, {"recipient_name": "An", "recipient_phone": "0912345678",
                           "address": "Số 12 đường Lê Lợi, An Bình"})
    assert ok.status_code == 302 and Shipment.objects.get().dossier == dossier


def test_simulated_report_from_the_desk(client, world, applicant):
    dossier = finish(world, applicant, delivery="post")
    client.force_login(world.reception)
    client.post(reverse("delivery:ship", args=[dossier.public_id]),
                {"recipient_name": "An", "recipient_phone": "0912345678", "address": "Số 12 đường Lê Lợi, An Bình"})
    shipment = Shipment.objects.get()
    client.post(reverse("delivery:simulate_post", args=[shipment.pk]), {"status": "delivered"})
    assert Dossier.objects.get(pk=dossier.pk).state == "returned"


def test_place_page_offers_free_slots_of_the_units_lockers(client, world, applicant, locker):
    dossier = finish(world, applicant, delivery="locker")
    client.force_login(world.reception)
    url = reverse("delivery:place", args=[dossier.public_id])
    assert "Tủ 24h An Bình — ô A01" in client.get(url).content.decode()
    response = client.post(url, {"slot": locker.slots[2].pk})
    assert response.status_code == 302 and Placement.objects.get().slot == locker.slots[2]
    placement = Placement.objects.get()
    assert client.post(reverse("delivery:reissue", args=[placement.pk])).status_code == 302
    client.post(reverse("delivery:recall", args=[placement.pk]))
    assert Placement.objects.get().status == "recalled"
    log = client.get(reverse("delivery:openings", args=[locker.box.code])).content.decode()
    assert log.count(f"<span class=\"bo-code\">{dossier.code}</span>") == 2 and "Cán bộ thu hồi về quầy" in log


@pytest.mark.parametrize("name", ["ship", "place"])
def test_other_units_dossiers_are_not_found(client, world, applicant, name):
    dossier = finish(world, applicant)
    client.force_login(world.other_reception)
    assert client.get(reverse(f"delivery:{name}", args=[dossier.public_id])).status_code == 404


def test_simulator_page_shows_slots(client, world, applicant, locker):
    from motcua.delivery import lockers

    dossier = finish(world, applicant, delivery="locker")
    lockers.place(dossier, locker.slots[1], world.reception)
    page = client.get(reverse("delivery:locker_simulator", args=[locker.box.code])).content.decode()
    assert page.count("is-occupied") == 1 and page.count("is-open") == 1 and "Cửa mở · có kết quả" in page
    client.post(reverse("delivery:simulator_close", args=[locker.box.code, 2]))
    page = client.get(reverse("delivery:locker_simulator", args=[locker.box.code])).content.decode()
    assert "is-open" not in page


def test_simulators_are_off_in_production(client, world, locker, settings):
    settings.MOTCUA_ENABLE_DEMO_PLUGINS = False
    assert client.get(reverse("delivery:locker_simulator", args=[locker.box.code])).status_code == 404
