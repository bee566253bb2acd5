"""The queue pages through Django's test client: who may open them, what they show, bad input."""

import itertools
import json
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from motcua.queueing import display, services
from motcua.queueing.models import Appointment, Ticket
from motcua.queueing.rules import State

pytestmark = pytest.mark.django_db
PASSWORD = "Mat-khau-2026!"


@pytest.fixture(autouse=True)
def _fresh_limits(db):
    cache.clear()


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_kiosk_flow_issues_a_ticket_and_shows_the_printable_ticket(client, q):
    home = client.get(reverse("queueing:kiosk", args=[q.centre.code]))
    assert "Hộ tịch, chứng thực" in home.content.decode() and "Tôi đã đặt lịch hẹn" in home.content.decode()
    page = client.get(reverse("queueing:kiosk-choose", args=[q.centre.code, q.civil.pk]))
    assert "Người cao tuổi" in page.content.decode()
    response = client.post(reverse("queueing:kiosk-take", args=[q.centre.code]),
                           {"group": q.civil.pk, "priority": q.elderly.pk})
    ticket = Ticket.objects.get()
    assert response.status_code == 302 and ticket.token in response["Location"]
    assert ticket.priority == q.elderly
    body = client.get(response["Location"]).content.decode()
    assert "1001" in body and "<svg" in body and "Người chờ trước" in body and "Ưu tiên" in body


def test_kiosk_refuses_a_paused_service_with_a_message(client, q):
    services.set_group_paused(q.civil, True)
    response = client.post(reverse("queueing:kiosk-take", args=[q.centre.code]), {"group": q.civil.pk})
    assert response.status_code == 400 and "tạm dừng cấp số" in response.content.decode()
    assert not Ticket.objects.exists()


def test_kiosk_rate_limit(client, q, settings):
    settings.MOTCUA_QUEUE_KIOSK_RATE = "2/600"
    url = reverse("queueing:kiosk-take", args=[q.centre.code])
    assert [client.post(url, {"group": q.civil.pk}).status_code for _ in range(3)] == [302, 302, 400]
    assert Ticket.objects.count() == 2


def test_kiosk_checkin_with_the_appointment_code(client, q):
    now = timezone.now()
    appointment = Appointment.objects.create(group=q.civil, citizen=q.citizen, starts_at=now + timedelta(minutes=10),
                                             day=services.rules.local_day(now), code="123456")
    url = reverse("queueing:kiosk-checkin", args=[q.centre.code])
    wrong = client.post(url, {"code": "999999"})
    assert wrong.status_code == 400 and "Không tìm thấy lịch hẹn" in wrong.content.decode()
    response = client.post(url, {"code": "123456"})
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CHECKED_IN and appointment.ticket.source == "appointment"


def test_display_state_etag_and_stream(client, q):
    services.issue_ticket(q.civil)
    called = services.call_next(q.counters[0], q.officers[0])
    url = reverse("queueing:display-state", args=[q.centre.code])
    first = client.get(url)
    state = first.json()
    assert state["calls"][0]["number"] == called.label and state["calls"][0]["counter"] == 1
    assert state["calls"][0]["speech"] == f"Mời số {called.label} đến quầy số 1"
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    services.act(called, "recall", q.counters[0], q.officers[0])
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200  # a recall is a change
    page = client.get(reverse("queueing:display", args=[q.centre.code]))
    assert page.status_code == 200 and "display-initial" in page.content.decode()


def test_stream_sends_the_state_again_on_a_change_and_pings_between(q, settings):
    settings.MOTCUA_QUEUE_HEARTBEAT_SECONDS = 1
    clock = itertools.count(0, 0.25)  # every reading of the clock moves it on by 0.25 s
    changes = iter([lambda: None, lambda: services.issue_ticket(q.civil)])

    def sleep(_):
        next(changes, lambda: None)()

    messages = list(display.stream(q.centre, seconds=3, clock=lambda: next(clock), sleep=sleep))
    assert messages[0] == "retry: 1000\n\n"
    assert messages.count(":\n\n") == 2  # between messages: a comment that tells the server if the screen left
    events = [line for m in messages[1:] for line in m.split("\n") if line.startswith("event:")]
    assert events == ["event: state", "event: state", "event: ping"]  # the new ticket at once, a ping after 1 s
    last_state = [m for m in messages if "event: state" in m][-1]
    data = json.loads(last_state.split("data: ", 1)[1])
    assert data["next"][0]["number"] == "1001"


def test_counter_console_requires_a_reception_role_there(client, q, world):
    url = reverse("queueing:console", args=[q.counters[0].pk])
    assert client.get(url).status_code == 302  # to login
    assert login(client, world.other_reception).get(url).status_code == 404  # another commune: as if unknown
    client.logout()
    assert login(client, q.citizen).get(url).status_code == 403
    client.logout()
    assert login(client, q.officers[0]).get(url).status_code == 200


def test_counter_console_actions(client, q):
    login(client, q.officers[0])
    c1 = q.counters[0]
    services.issue_ticket(q.civil)
    post = lambda action, **data: client.post(reverse("queueing:console-action", args=[c1.pk, action]), data)  # noqa: E731
    assert post("call").status_code == 302
    ticket = Ticket.objects.get()
    assert ticket.state == State.CALLED and ticket.officer == q.officers[0]
    post("start", ticket=ticket.pk)
    page = client.get(reverse("queueing:console", args=[c1.pk])).content.decode()
    assert f"/nghiep-vu/tiep-nhan/?ticket={ticket.pk}" in page
    post("transfer", ticket=ticket.pk, target=f"group:{q.land.pk}")
    ticket.refresh_from_db()
    assert ticket.state == State.WAITING and ticket.group == q.land
    response = client.post(reverse("queueing:console-action", args=[c1.pk, "finish"]), {"ticket": ticket.pk},
                           follow=True)
    assert "Không thể hoàn thành" in response.content.decode()  # stale action: told, nothing changed


def test_counter_console_htmx_returns_the_panel(client, q):
    login(client, q.officers[0])
    services.issue_ticket(q.civil)
    response = client.post(reverse("queueing:console-action", args=[q.counters[0].pk, "call"]),
                           HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="console"') and "1001" in body


def test_counter_actions_tell_the_server_time(client, q):
    """Server-Timing: the service's own time within the view's (decision 0542)."""
    login(client, q.officers[0])
    services.issue_ticket(q.civil)
    response = client.post(reverse("queueing:console-action", args=[q.counters[0].pk, "call"]))
    timing = dict(part.strip().split(";dur=") for part in response["Server-Timing"].split(","))
    assert set(timing) == {"action", "view"}
    assert 0 < float(timing["action"]) <= float(timing["view"])


def test_manager_board_and_switches(client, q):
    url = reverse("queueing:board", args=[q.centre.code])
    login(client, q.officers[0])
    assert client.get(url).status_code == 404  # reception staff do not run the centre: as if unknown
    client.logout()
    login(client, q.manager)
    services.issue_ticket(q.civil)
    assert 'data-testid="waiting-1">1<' in client.get(url).content.decode()
    action = lambda name, **data: client.post(reverse("queueing:board-action", args=[q.centre.code, name]), data)  # noqa: E731
    action("close", counter=q.counters[1].pk)
    action("pause", group=q.land.pk)
    action("services", counter=q.counters[2].pk, groups=[q.civil.pk, q.land.pk])
    q.counters[1].refresh_from_db(), q.land.refresh_from_db()
    assert not q.counters[1].is_open and q.land.is_paused
    assert set(q.counters[2].service_groups.values_list("code", flat=True)) == {"1", "2"}


def test_follow_page_and_leaving(client, q):
    tickets = [services.issue_ticket(q.civil) for _ in range(3)]
    url = reverse("queueing:follow", args=[tickets[2].token])
    assert 'data-testid="ahead">2<' in client.get(url).content.decode()
    client.post(reverse("queueing:leave", args=[tickets[2].token]))
    tickets[2].refresh_from_db()
    assert tickets[2].state == State.CANCELLED
    called = services.call_next(q.counters[1], q.officers[1])
    assert "đến quầy số 2" in client.get(reverse("queueing:follow", args=[called.token])).content.decode()
    assert client.get(reverse("queueing:follow", args=["nope"])).status_code == 404


def test_remote_number_needs_login_and_respects_the_limit(client, q):
    url = reverse("queueing:remote", args=[q.centre.code])
    assert client.get(url).status_code == 302
    login(client, q.citizen)
    for _ in range(2):
        assert client.post(url, {"group": q.civil.pk, "phone": "0912345678"}).status_code == 302
    third = client.post(url, {"group": q.civil.pk})
    assert third.status_code == 400 and "2 số trực tuyến" in third.content.decode()
    assert Ticket.objects.filter(source="remote").count() == 2


def test_booking_page(client, q):
    login(client, q.citizen)
    url = reverse("queueing:book", args=[q.centre.code])
    tomorrow_or_later = client.get(url).context["days"][1]  # today may have no slot left at this hour
    page = client.get(url, {"group": q.civil.pk, "day": tomorrow_or_later.isoformat()})
    slot = page.context["slots"][0]
    response = client.post(url, {"group": q.civil.pk, "day": page.context["day"].isoformat(),
                                 "slot": slot.starts_at.isoformat(), "phone": "0912345678"}, follow=True)
    appointment = Appointment.objects.get()
    assert appointment.code in response.content.decode()
    bad = client.post(url, {"group": q.civil.pk, "slot": "not a time"})
    assert bad.status_code == 400 and "khung giờ" in bad.content.decode()


def test_forged_ids_are_not_found_not_errors(client, q):
    take = reverse("queueing:kiosk-take", args=[q.centre.code])
    assert client.post(take, {"group": "1 OR 1=1"}).status_code == 404
    assert client.post(take, {"group": q.civil.pk, "priority": "x"}).status_code == 404
    login(client, q.officers[0])
    action = reverse("queueing:console-action", args=[q.counters[0].pk, "start"])
    assert client.post(action, {"ticket": "abc"}).status_code == 404
    transfer = reverse("queueing:console-action", args=[q.counters[0].pk, "transfer"])
    services.issue_ticket(q.civil)
    ticket = services.call_next(q.counters[0], q.officers[0])
    assert client.post(transfer, {"ticket": ticket.pk, "target": "group:x"}).status_code == 404
    assert not Ticket.objects.exclude(pk=ticket.pk).exists()
