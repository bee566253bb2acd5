"""The citizen portal in a real browser, phone first (390×844) with desktop screenshots too:
online submission with a draft, a disguised file, my dossiers with a supplement and withdrawal,
and the public lookup."""

import pytest
from playwright.sync_api import expect

from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.dossiers.workflow import State
from tests.fixtures_dossiers import at
from tests.portal.conftest import PASSWORD, _fresh_limits, _media, citizen, docs  # noqa: F401  (fixtures)
from tests.portal.files import DISGUISED, tiny_pdf, tiny_png

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SHOTS = "test-artifacts/portal-"


def shoot(page, name, phone_only=False):
    """Screenshots of the whole page on a phone and, unless told, on a desktop."""
    page.set_viewport_size(PHONE)
    page.screenshot(path=f"{SHOTS}{name}-phone.png", full_page=True)
    if not phone_only:
        page.set_viewport_size(DESKTOP)
        page.screenshot(path=f"{SHOTS}{name}.png", full_page=True)
        page.set_viewport_size(PHONE)


@pytest.fixture
def papers(tmp_path):
    files = {"pdf": tmp_path / "to-khai.pdf", "png": tmp_path / "giay-chung-sinh.png",
             "fake": tmp_path / "giay-chung-sinh-gia.pdf"}
    files["pdf"].write_bytes(tiny_pdf("To khai dang ky khai sinh"))
    files["png"].write_bytes(tiny_png(120, 80))
    files["fake"].write_bytes(DISGUISED)
    return files


def sign_in(page, url):
    page.set_viewport_size(PHONE)
    page.goto(url)
    page.get_by_label("Tên đăng nhập").fill("congdan")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def test_citizen_saves_a_draft_reopens_it_and_submits(live_server, page, world, docs, citizen, papers):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/thu-tuc/{world.procedure.code}/")
    page.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    sign_in(page, page.url)  # sent to sign in, then straight back to the form
    expect(page.get_by_role("heading", name="Nộp hồ sơ trực tuyến")).to_be_visible()
    expect(page.get_by_label("Họ và tên (hoặc tên tổ chức)")).to_have_value("Nguyễn Văn An")
    expect(page.get_by_label("Số điện thoại di động")).to_have_value("0912345678")

    page.get_by_label("Nơi nộp hồ sơ").select_option(label="Phường An Bình")
    page.get_by_label("Địa chỉ liên hệ").fill("12 Lê Lợi, phường An Bình")
    page.get_by_label("Tờ khai đăng ký khai sinh").set_input_files(papers["pdf"])
    page.get_by_text("Qua bưu chính").click()
    shoot(page, "submit-form")
    page.get_by_role("button", name="Lưu nháp").click()

    expect(page.get_by_text("Đã lưu bản nháp")).to_be_visible()
    expect(page.get_by_text("Bản nháp", exact=True)).to_be_visible()
    shoot(page, "draft")
    page.get_by_role("link", name="Hồ sơ của tôi").first.click()
    page.get_by_role("link", name="Đăng ký khai sinh").click()
    page.get_by_role("link", name="Mở bản nháp để sửa và nộp").click()
    expect(page.get_by_text("Đã có: to-khai.pdf")).to_be_visible()
    expect(page.get_by_label("Qua bưu chính")).to_be_checked()
    page.get_by_label("Giấy chứng sinh").set_input_files(papers["png"])
    page.get_by_role("button", name="Nộp hồ sơ").click()

    expect(page.get_by_role("heading", name="✓ Bạn đã nộp hồ sơ")).to_be_visible()
    expect(page.get_by_text("Chờ tiếp nhận")).to_be_visible()
    shoot(page, "submitted")
    dossier = Dossier.objects.get()
    assert (dossier.state, dossier.national_status, dossier.delivery) == (State.SUBMITTED, 1, "post")
    assert sorted(dossier.attachments.values_list("content_type", flat=True)) == ["application/pdf", "image/png"]
    page.get_by_role("link", name="Tất cả hồ sơ của tôi").click()
    expect(page.get_by_text("Chưa có mã (chưa tiếp nhận)")).to_be_visible()
    shoot(page, "my-dossiers")


def test_a_disguised_file_is_refused_in_vietnamese(live_server, page, world, docs, citizen, papers, _media):
    sign_in(page, f"{live_server.url}/tai-khoan/dang-nhap/?next=/ho-so/nop/{world.procedure.code}/")
    page.get_by_label("Nơi nộp hồ sơ").select_option(label="Xã Hòa Lạc")
    page.get_by_label("Tờ khai đăng ký khai sinh").set_input_files(papers["pdf"])
    page.get_by_label("Giấy chứng sinh").set_input_files(papers["fake"])
    page.get_by_role("button", name="Nộp hồ sơ").click()

    expect(page.get_by_text("Chưa lưu được. Vui lòng sửa những chỗ ghi chữ đỏ bên dưới.")).to_be_visible()
    expect(page.get_by_text("Tệp 'giay-chung-sinh-gia.pdf' không phải PDF, JPEG hoặc PNG thật")).to_be_visible()
    page.get_by_text("không phải PDF, JPEG hoặc PNG thật").scroll_into_view_if_needed()
    page.screenshot(path=f"{SHOTS}disguised-file-phone.png")
    assert not Dossier.objects.exists()
    assert not [p for p in _media.rglob("*") if p.is_file()] if _media.exists() else True


def test_citizen_answers_a_supplement_request_then_withdraws(live_server, page, world, docs, citizen, papers):
    applicant = services.Applicant(name="Nguyễn Văn An", id_number="001098012345", phone="0912345678")
    d = services.create(procedure=world.procedure, unit=world.org.commune_a, channel="online", applicant=applicant,
                        actor=citizen, owner=citizen, submit=True, now=at(2026, 3, 2, 8, 0))
    d = services.perform(d, "accept", world.reception, now=at(2026, 3, 2, 8, 10))
    d = services.perform(d, "forward", world.reception, now=at(2026, 3, 2, 8, 20))
    services.perform(d, "request_supplement", world.specialist, now=at(2026, 3, 3, 9, 0),
                     comment="Thiếu bản sao giấy chứng sinh có xác nhận của bệnh viện")
    sign_in(page, f"{live_server.url}/tai-khoan/dang-nhap/?next=/ho-so/cua-toi/")
    expect(page.get_by_text("Chờ công dân bổ sung hồ sơ")).to_be_visible()
    page.get_by_role("link", name="Đăng ký khai sinh").click()
    expect(page.get_by_text("Thiếu bản sao giấy chứng sinh có xác nhận của bệnh viện").first).to_be_visible()
    shoot(page, "supplement-request")
    page.locator(f"#id_doc_{docs.birth.pk}").set_input_files(papers["png"])
    page.get_by_role("button", name="Gửi bổ sung").click()

    expect(page.get_by_text("Đã gửi giấy tờ bổ sung")).to_be_visible()
    expect(page.get_by_text("Đã nhận giấy tờ bổ sung, tiếp tục giải quyết")).to_be_visible()
    shoot(page, "detail")
    page.get_by_role("link", name="Rút hồ sơ").click()
    expect(page.get_by_role("heading", name="Rút hồ sơ?")).to_be_visible()
    page.get_by_label("Lý do (không bắt buộc)").fill("Gia đình đã làm thủ tục ở nơi khác")
    shoot(page, "withdraw-confirm", phone_only=True)
    page.get_by_role("button", name="Rút hồ sơ").click()
    expect(page.get_by_text("Đã rút hồ sơ.")).to_be_visible()
    assert Dossier.objects.get().state == State.WITHDRAWN


def test_citizen_deletes_a_draft(live_server, page, world, citizen):
    applicant = services.Applicant(name="Nguyễn Văn An", id_number="001098012345", phone="0912345678")
    d = services.create(procedure=world.procedure, unit=world.org.commune_a, channel="online", applicant=applicant,
                        actor=citizen, owner=citizen)
    sign_in(page, f"{live_server.url}/tai-khoan/dang-nhap/?next=/ho-so/cua-toi/{d.public_id}/")
    page.get_by_role("link", name="Xóa bản nháp").click()
    shoot(page, "delete-confirm", phone_only=True)
    page.get_by_role("button", name="Xóa bản nháp").click()
    expect(page.get_by_text("Đã xóa bản nháp.")).to_be_visible()
    expect(page.get_by_text("Bạn chưa có hồ sơ nào.")).to_be_visible()
    assert not Dossier.objects.exists()


def test_public_lookup_with_a_wrong_then_the_right_factor(live_server, page, world, citizen):
    applicant = services.Applicant(name="Nguyễn Văn An", id_number="001098012345", phone="0912345678")
    d = services.create(procedure=world.procedure, unit=world.org.commune_a, channel="online", applicant=applicant,
                        actor=citizen, owner=citizen, submit=True, now=at(2026, 3, 2, 7, 50))
    d = services.perform(d, "accept", world.reception, now=at(2026, 3, 2, 8, 0))
    services.perform(d, "forward", world.reception, now=at(2026, 3, 2, 8, 20))
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Tra cứu hồ sơ").first.click()
    page.get_by_label("Mã hồ sơ (in trên giấy tiếp nhận)").fill("h99.50-260302-0001")
    page.get_by_label("4 số cuối điện thoại hoặc số định danh của người nộp").fill("1111")
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.get_by_text("Không tìm thấy hồ sơ với mã và 4 chữ số này.")).to_be_visible()
    shoot(page, "lookup-not-found", phone_only=True)

    page.get_by_label("4 số cuối điện thoại hoặc số định danh của người nộp").fill("5678")
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.get_by_text("Đang xử lý")).to_be_visible()
    expect(page.get_by_text("Nguyễn V. A.")).to_be_visible()
    expect(page.get_by_text("Thứ 2, 09/03/2026 lúc 08:00")).to_be_visible()
    assert "Nguyễn Văn An" not in page.content() and "0912345678" not in page.content()
    shoot(page, "lookup")


def test_a_procedure_without_online_service_is_explained(live_server, page, world, citizen):
    world.procedure.online_level = "none"
    world.procedure.save()
    sign_in(page, f"{live_server.url}/tai-khoan/dang-nhap/?next=/ho-so/nop/{world.procedure.code}/")
    expect(page.get_by_role("heading", name="Thủ tục này chưa nộp được trực tuyến")).to_be_visible()
    shoot(page, "not-online", phone_only=True)


def test_lookup_and_submission_work_without_javascript(live_server, browser, world, docs, citizen, papers):
    applicant = services.Applicant(name="Nguyễn Văn An", id_number="001098012345", phone="0912345678")
    d = services.create(procedure=world.procedure, unit=world.org.commune_a, channel="online", applicant=applicant,
                        actor=citizen, owner=citizen, submit=True, now=at(2026, 3, 2, 7, 50))
    services.perform(d, "accept", world.reception, now=at(2026, 3, 2, 8, 0))
    context = browser.new_context(java_script_enabled=False, viewport=PHONE, locale="vi-VN")
    page = context.new_page()
    page.goto(live_server.url + "/tra-cuu/")
    page.get_by_label("Mã hồ sơ (in trên giấy tiếp nhận)").fill("H99.50-260302-0001")
    page.get_by_label("4 số cuối điện thoại hoặc số định danh của người nộp").fill("2345")
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.get_by_text("Đã tiếp nhận", exact=True)).to_be_visible()

    sign_in(page, f"{live_server.url}/tai-khoan/dang-nhap/?next=/ho-so/nop/{world.procedure.code}/")
    page.get_by_label("Nơi nộp hồ sơ").select_option(label="Phường An Bình")
    page.get_by_label("Tờ khai đăng ký khai sinh").set_input_files(papers["pdf"])
    page.get_by_label("Giấy chứng sinh").set_input_files(papers["png"])
    page.get_by_role("button", name="Nộp hồ sơ").click()
    expect(page.get_by_role("heading", name="✓ Bạn đã nộp hồ sơ")).to_be_visible()
    context.close()
    assert Dossier.objects.filter(state=State.SUBMITTED).count() == 1
