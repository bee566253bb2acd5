"""Results by post: booking a shipment, the post's signed reports, and the way back to the counter."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from motcua.core.errors import UserFacingError
from motcua.delivery import desk, post
from motcua.delivery.contrib.simulator.post import PostSimulator
from motcua.delivery.models import Shipment, ShipmentEvent
from motcua.delivery.rules import Bucket
from motcua.dossiers.models import Dossier
from motcua.dossiers.workflow import State

from .conftest import finish, sms_texts

ADDRESS = dict(recipient_name="Nguyễn Văn An", recipient_phone="0912 345 678",
               address="Số 12 đường Lê Lợi, phường An Bình, tỉnh Thử Nghiệm")


@pytest.fixture
def shipped(world, applicant):
    dossier = finish(world, applicant, delivery="post")
    return post.ship(dossier, world.reception, **ADDRESS)


def report(shipment, status, *, at=None, event_id="", receiver_name="Nguyễn Văn An", note=""):
    at = at or timezone.now()
    message = PostSimulator.from_settings().report(shipment.tracking_number, status, at, event_id=event_id,
                                                   receiver_name=receiver_name, note=note)
    return message.headers, message.body


def test_booking_records_the_tracking_number_and_tells_the_applicant(shipped):
    assert shipped.status == Shipment.Status.SENT and shipped.plugin == "post-simulator"
    assert shipped.tracking_number.startswith("EB") and shipped.tracking_number.endswith("VN")
    assert shipped.recipient_phone == "0912345678"
    assert f"da gui qua buu chinh, so hieu {shipped.tracking_number}" in sms_texts()[-1]
    assert Dossier.objects.get(pk=shipped.dossier_id).state == State.COMPLETED


@pytest.mark.parametrize("field, value, message", [
    ("recipient_name", " ", "họ tên người nhận"), ("recipient_phone", "12345", "Số điện thoại"),
    ("address", "Xã A", "địa chỉ nhận")])
def test_bad_address_is_refused_and_nothing_booked(world, applicant, field, value, message):
    dossier = finish(world, applicant, delivery="post")
    with pytest.raises(UserFacingError, match=message) as err:
        post.ship(dossier, world.reception, **{**ADDRESS, field: value})
    assert err.value.field == field and not Shipment.objects.exists()


def test_delivered_report_returns_the_result_as_the_system(shipped):
    answer = post.receive_update(*report(shipped, "delivered", receiver_name="Trần Thị Bình"))
    assert answer.http_status == 200
    dossier = Dossier.objects.get(pk=shipped.dossier_id)
    assert (dossier.state, dossier.received_by_name) == (State.RETURNED, "Trần Thị Bình")
    event = dossier.events.order_by("-seq").first()
    assert (event.action, event.actor_role, event.actor) == ("return_result", "system", None)
    assert event.data == {"receiver": "post", "tracking_number": shipped.tracking_number, "plugin": "post-simulator"}
    assert Shipment.objects.get().status == Shipment.Status.DELIVERED


def test_the_same_report_twice_is_applied_once(shipped):
    headers, body = report(shipped, "delivered", event_id="evt-1")
    assert post.receive_update(headers, body).http_status == 200
    again = post.receive_update(headers, body)
    assert (again.http_status, again.message) == (200, "Đã nhận trước đó / already processed")
    assert ShipmentEvent.objects.count() == 1
    assert Dossier.objects.get(pk=shipped.dossier_id).events.filter(action="return_result").count() == 1


def test_failed_delivery_goes_back_to_the_counter_queue(shipped, world):
    post.receive_update(*report(shipped, "failed", note="Không liên lạc được người nhận"))
    shipment = Shipment.objects.get()
    assert (shipment.status, shipment.status_note) == ("failed", "Không liên lạc được người nhận")
    assert "Buu chinh chua phat duoc ket qua" in sms_texts()[-1]
    [row] = desk.rows_for(world.reception)
    assert (row.bucket, row.shipment) == (Bucket.COUNTER, shipment)
    post.receive_update(*report(shipped, "returned"))  # the parcel travels back: recorded, no second SMS
    assert Shipment.objects.get().status == "returned"
    assert sum("chua phat duoc" in t for t in sms_texts()) == 1
    late = post.receive_update(*report(shipped, "delivered"))  # after the end: recorded only
    assert late.http_status == 200 and not ShipmentEvent.objects.order_by("-pk").first().applied
    assert Dossier.objects.get(pk=shipped.dossier_id).state == State.COMPLETED
    again = post.ship(shipment.dossier, world.reception, **ADDRESS)  # a second try by post
    assert again.status == "sent" and desk.rows_for(world.reception)[0].bucket == Bucket.IN_TRANSIT


def test_a_second_parcel_while_one_travels_is_refused(shipped, world):
    with pytest.raises(UserFacingError, match="đang được bưu chính phát"):
        post.ship(shipped.dossier, world.reception, **ADDRESS)


@pytest.mark.parametrize("tamper, status", [
    (lambda h, b: (h, b.replace(b"delivered", b"returned")), 400),                 # body changed after signing
    (lambda h, b: ({**h, "X-Signature": "0" * 64}, b), 400),                       # forged signature
    (lambda h, b: ({k: v for k, v in h.items() if k != "X-Signature"}, b), 400),   # unsigned
])
def test_reports_not_signed_by_the_post_are_refused(shipped, tamper, status):
    answer = post.receive_update(*tamper(*report(shipped, "delivered")))
    assert answer.http_status == status
    assert Dossier.objects.get(pk=shipped.dossier_id).state == State.COMPLETED and not ShipmentEvent.objects.exists()


def test_an_old_report_is_refused(shipped):
    sent = timezone.now() - timedelta(minutes=6)
    answer = post.receive_update(*report(shipped, "delivered", at=sent))
    assert answer.http_status == 400 and "ngoài khung" in answer.message


def test_webhook_endpoint(shipped, client):
    headers, body = report(shipped, "delivered")
    url = reverse("delivery:post_webhook")
    extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()}
    response = client.post(url, body, content_type="application/json", **extra)
    assert response.status_code == 200 and response.json()["ok"] is True
    unknown = PostSimulator.from_settings().report("EB000000000VN", "delivered", timezone.now())
    extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in unknown.headers.items()}
    response = client.post(url, unknown.body, content_type="application/json", **extra)
    assert response.status_code == 404 and "EB000000000VN" in json.loads(response.content)["message"]


def test_no_postal_service_configured(world, applicant, settings):
    settings.MOTCUA_ENABLE_DEMO_PLUGINS = False
    dossier = finish(world, applicant, delivery="post")
    with pytest.raises(UserFacingError, match="Chưa cấu hình dịch vụ bưu chính"):
        post.ship(dossier, world.reception, **ADDRESS)
