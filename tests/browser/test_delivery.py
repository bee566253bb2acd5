"""Issue 6 "done when", results: each way back to the applicant driven in a real browser — at the
counter from the return desk, by post with a failed then a successful delivery, from the 24-hour
locker with the code from the SMS (and a wrong one first), and as an electronic result download."""

import re
from pathlib import Path

import pytest
from django.test import Client
from playwright.sync_api import expect

from motcua.delivery.models import Locker, LockerSlot, Placement, Shipment, StoredResult
from motcua.dossiers.workflow import State
from tests.backoffice.pages import do, log_in
from tests.delivery.conftest import code_from_sms, finish

ART = Path("test-artifacts")


def sign_in_by_session(page, live_server, user):
    """A signed-in browser for ``user`` without going through the sign-in form (citizens use VNeID)."""
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])


@pytest.fixture(autouse=True)
def _artifacts():
    ART.mkdir(exist_ok=True)


@pytest.fixture
def locker(world):
    box = Locker.objects.create(centre=world.org.centre, code="an-binh-1", name="Tủ 24h An Bình", location="Sảnh")
    for n in range(1, 7):
        LockerSlot.objects.create(locker=box, number=n, label=f"A{n:02d}")
    return box


def row(page, dossier):
    return page.locator(f'[id="row-{dossier.code}"]')


def test_counter_hand_over_from_the_return_desk(live_server, page, world, applicant):
    dossier = finish(world, applicant)
    log_in(page, live_server, world.reception, "/ket-qua/quay-tra/")
    expect(page.locator("#b-counter")).to_contain_text(dossier.code)
    page.screenshot(path=str(ART / "delivery-desk.png"), full_page=True)
    row(page, dossier).get_by_role("link", name="Trả tại quầy").click()
    expect(page.locator("h1 .bo-code")).to_have_text(dossier.code)
    do(page, "return_result", "Trả kết quả", **{"Số định danh (CCCD) người nhận": "001098012345"})
    dossier.refresh_from_db()
    assert (dossier.state, dossier.national_status, dossier.received_by_name) == (State.RETURNED, 10, "Nguyễn Văn An")
    page.goto(f"{live_server.url}/ket-qua/quay-tra/")
    expect(page.locator("#b-counter")).to_contain_text("Không có hồ sơ nào")


def test_post_fails_comes_back_to_the_counter_then_is_delivered(live_server, page, world, applicant):
    dossier = finish(world, applicant, delivery="post")
    log_in(page, live_server, world.reception, "/ket-qua/quay-tra/")
    row(page, dossier).get_by_role("link", name="Gửi bưu chính").click()
    address = "Số 12 đường Lê Lợi, phường An Bình, tỉnh Thử Nghiệm"  # from the dossier
    expect(page.get_by_label("Địa chỉ nhận kết quả")).to_have_value(address)
    page.get_by_label("Điện thoại người nhận").fill("0912")
    page.get_by_role("button", name="Tạo bưu gửi").click()
    expect(page.get_by_role("alert")).to_contain_text("Số điện thoại di động không hợp lệ")
    page.get_by_label("Điện thoại người nhận").fill("0912 345 678")
    page.screenshot(path=str(ART / "delivery-ship-form.png"), full_page=True)
    page.get_by_role("button", name="Tạo bưu gửi").click()
    shipment = Shipment.objects.get()
    expect(page.locator(".messages")).to_contain_text(shipment.tracking_number)
    expect(page.locator("#b-in_transit")).to_contain_text(shipment.tracking_number)

    row(page, dossier).get_by_role("button", name="Phát không thành công").click()
    expect(page.locator("#b-counter")).to_contain_text("Phát không thành công")
    expect(page.locator("#b-counter")).to_contain_text("Không liên lạc được người nhận")
    page.screenshot(path=str(ART / "delivery-post-failed.png"), full_page=True)

    row(page, dossier).get_by_role("link", name="Gửi lại qua bưu chính").click()
    page.get_by_role("button", name="Tạo bưu gửi").click()
    second = Shipment.objects.order_by("-pk").first()
    expect(page.locator("#b-in_transit")).to_contain_text(second.tracking_number)
    row(page, dossier).get_by_role("button", name="Đã phát").click()
    expect(page.locator(".messages")).to_contain_text("Đã cập nhật")
    dossier.refresh_from_db()
    assert (dossier.state, dossier.received_by_name) == (State.RETURNED, "Nguyễn Văn An")
    assert dossier.events.order_by("-seq").first().actor_role == "system"


def test_locker_placed_wrong_code_then_the_sms_code_opens_the_slot(live_server, page, world, applicant, locker):
    dossier = finish(world, applicant, delivery="locker")
    log_in(page, live_server, world.reception, "/ket-qua/quay-tra/")
    row(page, dossier).get_by_role("link", name="Đặt vào tủ 24 giờ").click()
    page.get_by_label("Ô tủ").select_option(label="Tủ 24h An Bình — ô A03")
    page.get_by_role("button", name="Mở ô tủ và đặt kết quả").click()
    expect(page.locator(".messages")).to_contain_text("Ô A03 của Tủ 24h An Bình đã mở")
    expect(page.locator("#b-in_locker")).to_contain_text("ô A03")

    simulator = page.context.new_page()  # the front of the locker (demo)
    simulator.goto(f"{live_server.url}/ket-qua/tu/an-binh-1/mo-phong/")
    door = simulator.locator('[data-slot="3"]')
    expect(door).to_have_class(re.compile("is-open"))
    door.get_by_role("button", name="Đóng cửa").click()
    expect(door).not_to_have_class(re.compile("is-open"))
    expect(door).to_have_class(re.compile("is-occupied"))

    screen = page.context.browser.new_page(locale="vi-VN")  # the locker's own screen: its own browser, no one signed in
    screen.goto(f"{live_server.url}/ket-qua/tu/an-binh-1/")
    screen.get_by_label("Mã hồ sơ").fill(dossier.code.lower())
    screen.get_by_label("Mã mở tủ (6 số, trong tin nhắn)").fill("000000" if code_from_sms() != "000000" else "111111")
    screen.get_by_role("button", name="Mở tủ").click()
    expect(screen.get_by_role("alert")).to_contain_text("Mã hồ sơ hoặc mã mở tủ không đúng")
    screen.screenshot(path=str(ART / "delivery-locker-wrong.png"), full_page=True)
    screen.get_by_label("Mã hồ sơ").fill(dossier.code)
    screen.get_by_label("Mã mở tủ (6 số, trong tin nhắn)").fill(code_from_sms())
    screen.get_by_role("button", name="Mở tủ").click()
    expect(screen.get_by_role("status")).to_contain_text("Ô số A03 đã mở")
    screen.screenshot(path=str(ART / "delivery-locker-open.png"), full_page=True)

    expect(door).to_have_class(re.compile("is-open"))  # the simulator page follows by itself
    expect(door).not_to_have_class(re.compile("is-occupied"))
    simulator.screenshot(path=str(ART / "delivery-locker-simulator.png"), full_page=True)
    dossier.refresh_from_db()
    assert (dossier.state, dossier.received_by_name) == (State.RETURNED, "Tủ 24h: Tủ 24h An Bình, ô A03")
    assert Placement.objects.get().failed_attempts == 1

    page.goto(f"{live_server.url}/ket-qua/tu/an-binh-1/nhat-ky/")
    expect(page.locator("tbody tr")).to_have_count(2)
    expect(page.locator("tbody")).to_contain_text("Công dân lấy kết quả")


def test_electronic_result_downloaded_by_its_owner(live_server, page, world, applicant, tmp_path):
    dossier = finish(world, applicant, delivery="electronic", owner=world.citizen)
    sign_in_by_session(page, live_server, world.citizen)
    page.goto(f"{live_server.url}/ket-qua/cua-toi/")
    expect(page.get_by_role("heading", name="Giấy khai sinh")).to_be_visible()
    page.screenshot(path=str(ART / "delivery-my-results.png"), full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Tải kết quả")).click()
    assert download.value.suggested_filename == "giay-khai-sinh.pdf"
    download.value.save_as(tmp_path / "kq.pdf")
    assert (tmp_path / "kq.pdf").read_bytes().startswith(b"%PDF")
    dossier.refresh_from_db()
    assert dossier.state == State.RETURNED and StoredResult.objects.get().dossier == dossier

    from tests.factories import make_user

    stranger = make_user("nguoikhac", province=world.org.province, kind="citizen")
    sign_in_by_session(page, live_server, stranger)
    response = page.request.get(f"{live_server.url}/ket-qua/cua-toi/{StoredResult.objects.get().public_id}/tai/")
    assert response.status == 404
