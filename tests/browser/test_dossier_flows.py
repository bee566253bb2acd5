"""Issue 3 "done when", in a real browser: a walk-in dossier received at the counter and an online
dossier, both reviewed by the specialist and signed by the leader; one is late and gets the apology
with a new date, the other gets a supplement request and is received back; both end returned.
Every step is done through the back-office pages by the officer whose step it is."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from motcua.catalog.models import RequiredDocument
from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.dossiers.workflow import State
from tests.backoffice.pages import do, log_in, open_from_inbox

SCAN = {"name": "giay-to.pdf", "mimeType": "application/pdf",
        "buffer": b"%PDF-1.4\n1 0 obj << /Type /Page >> endobj\n%%EOF\n"}


@pytest.fixture
def documents(world):
    return [RequiredDocument.objects.create(procedure=world.procedure, name=name, position=i, copies=1)
            for i, name in enumerate(["Tờ khai đăng ký khai sinh", "Giấy chứng sinh"])]


def state(dossier):
    return Dossier.objects.get(pk=dossier.pk).state


def test_walk_in_dossier_received_late_with_apology_and_returned(live_server, page, world, documents):
    # 1. Reception officer: a paper dossier taken in three weeks ago during an outage is back-filled.
    log_in(page, live_server, world.reception, "/nghiep-vu/tiep-nhan/")
    page.get_by_label("Thủ tục (mã hoặc tên, gõ không dấu cũng được)").fill("khai sinh")
    page.get_by_role("link", name="1.001193 Đăng ký khai sinh").click()
    page.get_by_label("Họ tên / tên tổ chức").fill("Phạm Thị Hoa")
    page.get_by_label("Số định danh cá nhân / mã số thuế").fill("001198012345")
    page.get_by_label("Điện thoại di động").fill("0987654321")
    for document in documents:
        page.get_by_label(document.name, exact=True).check()
    page.get_by_label("Bản quét: Tờ khai đăng ký khai sinh").set_input_files(SCAN)
    page.get_by_text("Nhập bù hồ sơ giấy đã nhận trước đó").click()
    received = timezone.localtime(timezone.now() - timedelta(days=21)).replace(hour=9, minute=0)
    page.get_by_label("Nhập bù: thời điểm đã nhận hồ sơ giấy").fill(received.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Lý do nhập bù").fill("Mất kết nối mạng")
    page.screenshot(path="test-artifacts/backoffice-reception-form.png", full_page=True)
    page.get_by_role("button", name="Tiếp nhận hồ sơ").click()
    dossier = Dossier.objects.get()
    expect(page.locator(".messages")).to_contain_text(f"Đã tiếp nhận hồ sơ {dossier.code}")
    expect(page.locator(".bo-chips .due")).to_have_class("due due-badly_overdue")
    receipt = page.get_by_role("link", name="Mẫu số 01 — Giấy tiếp nhận hồ sơ và hẹn trả kết quả")
    slip = page.request.get(live_server.url + receipt.get_attribute("href"))
    assert slip.ok and slip.headers["content-type"] == "application/pdf" and slip.body().startswith(b"%PDF")
    do(page, "forward", "Chuyển bước tiếp theo")

    # 2. Specialist: finds it among the overdue ones, apologises with a new date, passes it on.
    log_in(page, live_server, world.specialist)
    page.locator(".bo-tabs").get_by_role("link", name="Quá hạn").click()
    expect(page.locator(".bo-table")).to_contain_text(dossier.code)
    page.screenshot(path="test-artifacts/backoffice-inbox-overdue.png", full_page=True)
    open_from_inbox(page, dossier.code, tab="Quá hạn")
    suggested = page.locator("#act-apologize").get_by_label("Ngày hẹn trả mới").input_value()
    do(page, "apologize", "Xin lỗi và hẹn lại ngày trả (Mẫu 04)", **{"Lý do chậm trễ": "Hồ sơ giấy nhập bù muộn"})
    dossier.refresh_from_db()
    assert timezone.localtime(dossier.due_at).strftime("%Y-%m-%dT%H:%M") == suggested
    assert dossier.extension_count == 1 and dossier.counts_as_late
    do(page, "forward", "Chuyển bước tiếp theo")

    # 3. Leader: signs, with the result file.
    log_in(page, live_server, world.leader)
    open_from_inbox(page, dossier.code)
    page.locator("#act-complete").get_by_label("Tệp kết quả (PDF, JPEG, PNG)").set_input_files(
        {**SCAN, "name": "giay-khai-sinh.pdf"})
    do(page, "complete", "Hoàn thành, có kết quả", **{"Kết quả giải quyết": "Giấy khai sinh số 25/2026"})

    # 4. Reception officer: hands the result to the applicant after checking her ID.
    log_in(page, live_server, world.reception)
    open_from_inbox(page, dossier.code)
    do(page, "return_result", "Trả kết quả", **{"Số định danh (CCCD) người nhận": "001198012345"})
    expect(page.locator(".bo-chips")).to_contain_text("Đã trả kết quả")
    page.screenshot(path="test-artifacts/backoffice-dossier-returned.png", full_page=True)
    dossier.refresh_from_db()
    assert (dossier.state, dossier.timeliness, dossier.received_by_name) == (State.RETURNED, "late", "Phạm Thị Hoa")
    assert list(dossier.attachments.values_list("kind", flat=True).order_by("kind")) == ["result", "submission"]


def test_online_dossier_with_supplement_request_and_returned(live_server, page, world, applicant):
    dossier = services.create(procedure=world.procedure, unit=world.org.commune_a, channel="online",
                              applicant=applicant, actor=world.citizen, owner=world.citizen, submit=True)

    # 1. Reception officer: receives it from the waiting list, then forwards it with the bulk action.
    log_in(page, live_server, world.reception)
    page.locator(".bo-tabs").get_by_role("link", name="Chờ tiếp nhận").click()
    page.get_by_role("link", name="(chưa có mã)").click()
    do(page, "accept", "Tiếp nhận")
    dossier.refresh_from_db()
    page.goto(f"{live_server.url}/nghiep-vu/ho-so/")
    page.get_by_label(f"Chọn {dossier.code}").check()
    page.get_by_role("button", name="Chuyển bước tiếp theo cho các hồ sơ đã chọn").click()
    expect(page.locator(".messages")).to_contain_text(f"Đã chuyển bước 1 hồ sơ: {dossier.code}")

    # 2. Specialist: asks the citizen for a missing document (the clock stops).
    log_in(page, live_server, world.specialist)
    page.screenshot(path="test-artifacts/backoffice-inbox.png", full_page=True)
    open_from_inbox(page, dossier.code)
    page.screenshot(path="test-artifacts/backoffice-dossier.png", full_page=True)
    do(page, "request_supplement", "Yêu cầu bổ sung hồ sơ (Mẫu 02)",
       **{"Nội dung yêu cầu bổ sung": "Bổ sung bản sao giấy chứng sinh"})
    assert state(dossier) == State.SUPPLEMENT_REQUESTED

    # 3. Reception officer: the citizen brings it; found by code with the "/" key.
    log_in(page, live_server, world.reception)
    page.keyboard.press("/")
    page.keyboard.type(dossier.code)
    page.keyboard.press("Enter")
    expect(page.locator("h1 .bo-code")).to_have_text(dossier.code)
    page.locator("#act-receive_supplement").get_by_label("Giấy tờ bổ sung (nếu có tệp)").set_input_files(SCAN)
    do(page, "receive_supplement", "Tiếp nhận hồ sơ bổ sung")
    assert state(dossier) == State.PROCESSING

    # 4. Specialist forwards, leader signs.
    log_in(page, live_server, world.specialist)
    open_from_inbox(page, dossier.code)
    do(page, "forward", "Chuyển bước tiếp theo")
    log_in(page, live_server, world.leader)
    open_from_inbox(page, dossier.code)
    do(page, "complete", "Hoàn thành, có kết quả", **{"Kết quả giải quyết": "Giấy khai sinh số 26/2026"})

    # 5. Reception officer: the applicant's sister collects it; first without the power of attorney.
    log_in(page, live_server, world.reception)
    open_from_inbox(page, dossier.code)
    panel = page.locator("#act-return_result")
    panel.get_by_label("Người được ủy quyền").check()
    panel.get_by_label("Họ tên người nhận").fill("Nguyễn Thị Lan")
    panel.get_by_label("Số định danh (CCCD) người nhận").fill("001098099999")
    panel.get_by_role("button", name="Trả kết quả").click()
    expect(page.locator("#act-return_result .field-error")).to_contain_text("Ghi số, ngày của giấy ủy quyền")
    assert state(dossier) == State.COMPLETED
    page.screenshot(path="test-artifacts/backoffice-dossier-error.png", full_page=True)
    do(page, "return_result", "Trả kết quả", **{"Giấy ủy quyền (số, ngày) đã kiểm tra": "Số 15/UQ, 02/03/2026"})
    expect(page.locator(".bo-log")).to_contain_text("Người nhận: người được ủy quyền — Số 15/UQ, 02/03/2026")
    dossier.refresh_from_db()
    assert (dossier.state, dossier.received_by_name, dossier.supplement_count) == (State.RETURNED, "Nguyễn Thị Lan", 1)
