"""The other queue pages in a browser: appointment check-in on the kiosk keypad, follow my number,
remote number and booking from the portal, and the centre manager's live board."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from motcua.queueing import services
from motcua.queueing.models import Appointment, Ticket
from motcua.queueing.rules import local_day
from tests.queueing.world import make_queue, readers_never_block  # noqa: F401 (fixture)


@pytest.fixture
def q(org, readers_never_block):
    cache.clear()
    return make_queue(org)


def sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])


def test_kiosk_appointment_checkin_with_the_keypad(live_server, page, q):
    now = timezone.now()
    Appointment.objects.create(group=q.land, citizen=q.citizen, starts_at=now + timedelta(minutes=5),
                               day=local_day(now), code="204817")
    services.issue_ticket(q.land)  # a walk-in already waiting: the appointment goes before it
    page.set_viewport_size({"width": 1080, "height": 1920})
    page.goto(f"{live_server.url}/xep-hang/kiosk/{q.centre.code}/")
    page.get_by_role("link", name="Tôi đã đặt lịch hẹn").click()
    for digit in "204811":
        page.get_by_role("button", name=digit, exact=True).click()
    page.get_by_role("button", name="Xóa một số").click()
    page.get_by_role("button", name="7", exact=True).click()
    expect(page.locator("#code")).to_have_value("204817")
    page.screenshot(path="test-artifacts/queue-kiosk-checkin.png")
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.locator(".ticket-number")).to_have_text("2002")
    expect(page.get_by_text("Có lịch hẹn")).to_be_visible()
    expect(page.get_by_test_id("ahead")).to_have_text("0")


def test_kiosk_checkin_wrong_code_is_explained(live_server, page, q):
    page.goto(f"{live_server.url}/xep-hang/kiosk/{q.centre.code}/lich-hen/")
    for digit in "111111":
        page.get_by_role("button", name=digit, exact=True).click()
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.get_by_role("alert")).to_have_text("Không tìm thấy lịch hẹn hôm nay với mã này")


def test_follow_my_number_updates_by_itself(live_server, page, q):
    first, mine = services.issue_ticket(q.civil), services.issue_ticket(q.civil)
    page.goto(f"{live_server.url}/xep-hang/theo-doi/{mine.token}/")
    expect(page.get_by_test_id("ahead")).to_have_text("1")
    page.screenshot(path="test-artifacts/queue-follow.png", full_page=True)
    services.act(services.call_next(q.counters[0], q.officers[0]), "no_show", q.counters[0], q.officers[0])
    services.call_next(q.counters[1], q.officers[1])
    expect(page.get_by_test_id("called")).to_have_text("Mời ông/bà đến quầy số 2", timeout=8000)
    page.screenshot(path="test-artifacts/queue-follow-called.png", full_page=True)
    assert Ticket.objects.get(pk=first.pk).state == "no_show"


def test_remote_number_from_the_portal(live_server, page, q):
    sign_in(page, live_server, q.citizen)
    page.goto(f"{live_server.url}/xep-hang/truc-tuyen/{q.centre.code}/")
    page.get_by_label("Đất đai, xây dựng").check()
    page.screenshot(path="test-artifacts/queue-remote.png", full_page=True)
    page.get_by_role("button", name="Lấy số").click()
    expect(page.locator(".ticket-number")).to_have_text("2001")
    page.get_by_role("link", name="Theo dõi lượt của tôi").click()
    expect(page.locator(".follow-number")).to_have_text("2001")
    assert Ticket.objects.get().phone == "0912345678"


def test_booking_an_appointment(live_server, page, q):
    sign_in(page, live_server, q.citizen)
    page.goto(f"{live_server.url}/xep-hang/dat-lich/{q.centre.code}/")
    page.get_by_label("Ngày").select_option(index=1)  # not today: at any hour it still has free slots
    page.get_by_role("button", name="Xem khung giờ").click()
    first_free = page.locator(".slots input:not([disabled])").first
    first_free.check()
    page.screenshot(path="test-artifacts/queue-book.png", full_page=True)
    page.get_by_role("button", name="Đặt lịch").click()
    appointment = Appointment.objects.get()
    expect(page.get_by_test_id("appointment-code")).to_have_text(appointment.code)
    expect(page.get_by_role("status")).to_contain_text(f"Mã lịch hẹn: {appointment.code}")


def test_manager_board_switches(live_server, page, q):
    for _ in range(3):
        services.issue_ticket(q.civil)
    services.call_next(q.counters[0], q.officers[0])
    sign_in(page, live_server, q.manager)
    page.goto(f"{live_server.url}/xep-hang/quan-ly/{q.centre.code}/")
    expect(page.get_by_test_id("waiting-1")).to_have_text("2")
    services.issue_ticket(q.civil)
    expect(page.get_by_test_id("waiting-1")).to_have_text("3", timeout=6000)  # the board refreshes itself
    page.locator("[data-group='2']").get_by_role("button", name="Tạm dừng cấp số").click()
    expect(page.locator("[data-group='2'] .badge-red")).to_have_text("Tạm dừng")
    page.locator("[data-counter='2']").get_by_role("button", name="Đóng quầy").click()
    expect(page.locator("[data-counter='2'] .badge-grey")).to_have_text("Đóng")
    page.screenshot(path="test-artifacts/queue-board.png", full_page=True)
    q.land.refresh_from_db(), q.counters[1].refresh_from_db()
    assert q.land.is_paused and not q.counters[1].is_open
