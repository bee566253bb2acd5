"""Kiosk → display → counter → dossier reception, in a real browser: the display is open in one
tab and the counter console in another; the call appears on the display without a reload."""

import time

import pytest
from django.test import Client
from playwright.sync_api import expect

from motcua.queueing import services
from motcua.queueing.models import ServiceGroup, Ticket
from motcua.queueing.rules import State
from tests.queueing.world import make_queue, readers_never_block  # noqa: F401 (fixture)

PORTRAIT = {"width": 1080, "height": 1920}
TV = {"width": 1920, "height": 1080}


@pytest.fixture
def q(org, readers_never_block):
    world = make_queue(org)
    for position, (code, name, icon) in enumerate([("3", "Hộ kinh doanh", "briefcase"), ("4", "Cư trú", "idcard"),
                                                   ("5", "Bảo trợ xã hội", "heart")], start=3):
        group = ServiceGroup.objects.create(centre=org.centre, code=code, name=name, icon=icon, position=position,
                                            is_paused=code == "5")
        group.counters.add(org.counters[1])
    return world


def signed_in(context, live_server, user):
    client = Client()
    client.force_login(user)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])


def test_kiosk_display_counter_reception(live_server, browser, q):
    code = q.centre.code
    kiosk = browser.new_page(viewport=PORTRAIT, locale="vi-VN")
    kiosk.goto(f"{live_server.url}/xep-hang/kiosk/{code}/")
    expect(kiosk.get_by_role("heading", name="Ông/bà cần làm thủ tục gì?")).to_be_visible()
    kiosk.screenshot(path="test-artifacts/queue-kiosk-home.png")
    kiosk.get_by_role("link", name="Hộ tịch, chứng thực").click()
    kiosk.screenshot(path="test-artifacts/queue-kiosk-priority.png")
    kiosk.get_by_role("button", name="Không — lấy số thường").click()
    expect(kiosk.locator(".ticket-number")).to_have_text("1001")
    expect(kiosk.get_by_test_id("ahead")).to_have_text("0")
    kiosk.screenshot(path="test-artifacts/queue-kiosk-ticket.png")
    kiosk.emulate_media(media="print")
    kiosk.screenshot(path="test-artifacts/queue-ticket-print.png")
    follow_url = kiosk.locator(".ticket").evaluate("() => document.querySelector('.ticket svg') !== null")
    assert follow_url

    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    signed_in(context, live_server, q.officers[0])
    screen = context.new_page()
    screen.set_viewport_size(TV)
    screen.goto(f"{live_server.url}/xep-hang/man-hinh/{code}/?voice=0")
    expect(screen.locator("[data-link]")).to_have_class("link-state up")
    expect(screen.locator(".upcoming li").first).to_contain_text("1001")

    console = context.new_page()
    console.goto(f"{live_server.url}/xep-hang/quay/{q.counters[0].pk}/")
    rendered = screen.locator("[data-display]").get_attribute("data-rendered")
    console.get_by_role("button", name="Gọi số tiếp theo").click()
    clicked = time.monotonic()
    expect(console.get_by_test_id("current-number")).to_have_text("1001")
    expect(screen.locator(".call.latest .number")).to_have_text("1001", timeout=3000)
    seen = time.monotonic() - clicked
    assert screen.locator("[data-display]").get_attribute("data-rendered") != rendered  # re-rendered in place
    expect(screen.locator(".call.latest .to")).to_have_text("Quầy 1")
    assert screen.locator("[data-display]").get_attribute("data-last-speech") == "Mời số 1001 đến quầy số 1"
    assert seen < 1.5, f"the call took {seen:.2f} s to reach the display"
    for n, group in enumerate([q.civil, q.land, q.civil, q.civil]):  # others arrive meanwhile
        services.issue_ticket(group, priority=q.elderly if n == 2 else None)
    services.act(services.call_next(q.counters[2], q.officers[2]), "start", q.counters[2], q.officers[2])
    expect(screen.locator(".call.latest .number")).to_have_text("2001")
    expect(screen.locator(".call").nth(1)).to_contain_text("1001")
    expect(screen.locator(".upcoming li").first).to_contain_text("1003")  # the priority person is next
    screen.screenshot(path="test-artifacts/queue-display.png")

    console.get_by_role("button", name="Bắt đầu phục vụ").click()
    ticket = Ticket.objects.get(label="1001")
    expect(console.get_by_test_id("reception-link")).to_have_attribute(
        "href", f"/nghiep-vu/tiep-nhan/?ticket={ticket.pk}")
    console.screenshot(path="test-artifacts/queue-console.png", full_page=True)
    console.get_by_test_id("reception-link").click()
    console.wait_for_url(f"**/nghiep-vu/tiep-nhan/?ticket={ticket.pk}")
    assert console.locator("h1").count() == 1  # the reception form opened for this ticket
    assert Ticket.objects.get(pk=ticket.pk).state == State.SERVING
    context.close()
    kiosk.close()
    time.sleep(0.5)  # the display's stream notices within one poll that its screen left
