"""Issue 6 "done when", hearing citizens, in a real browser: rating from the portal, from the SMS
link and on the counter's tablet; a petition sent online, classified, assigned, answered, published,
liked by a reader, disliked and reopened by its sender; hotline and meeting entries by staff."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from motcua.dossiers import services
from motcua.feedback.models import Petition, Rating
from motcua.notifications.models import OutboxMessage
from tests.backoffice.pages import log_in
from tests.browser.test_delivery import sign_in_by_session
from tests.delivery.conftest import finish
from tests.factories import make_user

ART = Path("test-artifacts")


@pytest.fixture(autouse=True)
def _artifacts():
    ART.mkdir(exist_ok=True)


@pytest.fixture
def returned(world, applicant):
    dossier = finish(world, applicant, owner=world.citizen)
    return services.perform(dossier, "return_result", world.reception, received_by_name="Nguyễn Văn An",
                            received_by_id_number="001098012345")


@pytest.fixture
def manager(world):
    user = make_user("quanly", province=world.org.province, role=world.org.Role.CENTRE_MANAGER,
                     unit=world.org.commune_a, full_name="Phạm Quản Lý")
    user.roles.update(centre=world.org.centre)
    return user


def test_rating_from_the_portal(live_server, page, world, returned):
    sign_in_by_session(page, live_server, world.citizen)
    page.goto(f"{live_server.url}/y-kien/danh-gia/ho-so/{returned.public_id}/")
    page.get_by_role("button", name="Gửi đánh giá").click()
    expect(page.get_by_role("alert")).to_contain_text("Vui lòng nhập thông tin này")  # the overall verdict
    page.locator(".fb-q-overall").get_by_role("radio", name="Hài lòng", exact=True).check()
    page.locator(".fb-q-attitude").get_by_role("radio", name="Hài lòng", exact=True).check()
    page.locator(".fb-q-timeliness").get_by_role("radio", name="Không hài lòng").check()
    page.get_by_label("Góp ý thêm (không bắt buộc)").fill("Cán bộ nhiệt tình, nhưng chờ hơi lâu.")
    page.screenshot(path=str(ART / "feedback-rate-portal.png"), full_page=True)
    page.get_by_role("button", name="Gửi đánh giá").click()
    expect(page.get_by_role("status")).to_have_text("Cảm ơn ông/bà đã đánh giá!")
    rating = Rating.objects.get()
    assert (rating.channel, rating.overall, rating.attitude, rating.timeliness, rating.guidance, rating.officer) == (
        "portal", "like", "like", "dislike", "", world.reception)


def test_rating_from_the_sms_link_once(live_server, page, returned):
    text = OutboxMessage.objects.get(key=f"sms:rating:{returned.public_id}").payload["text"]
    path = re.search(r"(/y-kien/danh-gia/\S+)", text).group(1)
    page.set_viewport_size({"width": 390, "height": 844})  # the applicant's phone
    page.goto(live_server.url + path)
    expect(page.get_by_text(returned.code)).to_be_visible()
    page.locator(".fb-q-overall").get_by_role("radio", name="Không hài lòng").check()
    page.screenshot(path=str(ART / "feedback-rate-sms-phone.png"), full_page=True)
    page.get_by_role("button", name="Gửi đánh giá").click()
    expect(page.get_by_role("status")).to_have_text("Cảm ơn ông/bà đã đánh giá!")
    page.goto(live_server.url + path)  # used: the link only thanks now
    expect(page.get_by_role("status")).to_contain_text("Hồ sơ này đã được đánh giá")
    expect(page.get_by_role("button", name="Gửi đánh giá")).to_have_count(0)
    assert Rating.objects.get().channel == "sms"


def test_rating_on_the_counter_tablet(live_server, page, world, returned):
    log_in(page, live_server, world.reception, "/y-kien/nghiep-vu/may-tinh-bang/")
    tablet_url = page.locator("tbody tr", has_text="Quầy 1").get_by_role("link").get_attribute("href")
    tablet = page.context.browser.new_page(locale="vi-VN")  # the tablet on the counter, its own browser
    tablet.goto(tablet_url)
    expect(tablet.locator("#fb-tablet")).to_contain_text("Xin cảm ơn ông/bà!")

    page.goto(f"{live_server.url}/y-kien/nghiep-vu/moi-danh-gia/")
    page.get_by_label(f"Quầy cho {returned.code}").select_option(label="Quầy 1")
    page.get_by_role("button", name=f"Mời đánh giá {returned.code}").click()
    expect(page.locator(".messages")).to_contain_text("Đã mời công dân đánh giá trên máy tính bảng của Quầy 1")

    expect(tablet.get_by_text("Ông/bà đánh giá thế nào về việc giải quyết hồ sơ?")).to_be_visible(timeout=10000)
    tablet.locator(".fb-q-overall").get_by_role("radio", name="Hài lòng", exact=True).check()
    tablet.locator(".fb-q-guidance").get_by_role("radio", name="Hài lòng", exact=True).check()
    tablet.screenshot(path=str(ART / "feedback-tablet.png"), full_page=True)
    tablet.get_by_role("button", name="Gửi đánh giá").click()
    expect(tablet.get_by_role("status")).to_have_text("Cảm ơn ông/bà đã đánh giá!")
    expect(tablet.locator("#fb-tablet")).to_contain_text("Sau khi nhận kết quả", timeout=10000)  # idle again
    rating = Rating.objects.get()
    assert (rating.channel, rating.officer, rating.guidance) == ("tablet", world.reception, "like")
    page.reload()
    expect(page.locator("tbody")).to_contain_text("Chưa có hồ sơ nào")


def test_petition_from_sending_to_answer_likes_and_reopening(live_server, page, world, manager, returned):
    citizen = page.context.browser.new_page(locale="vi-VN")
    citizen.goto(f"{live_server.url}/y-kien/phan-anh/")
    citizen.get_by_role("radio", name="Thái độ, hành vi của cán bộ, công chức").check()
    citizen.get_by_label("Cơ quan, đơn vị").select_option(label="Phường An Bình (H99.50)")
    citizen.get_by_label("Mã hồ sơ liên quan (nếu có)").fill(returned.code)
    citizen.get_by_label("Tiêu đề").fill("Cán bộ quầy 2 không hướng dẫn")
    citizen.get_by_label("Nội dung").fill("Sáng thứ Hai tôi hỏi cách điền tờ khai nhưng không được hướng dẫn.")
    citizen.get_by_label("Điện thoại di động (để nhận trả lời)").fill("0987654321")
    citizen.screenshot(path=str(ART / "feedback-petition-form.png"), full_page=True)
    citizen.get_by_role("button", name="Gửi phản ánh").click()
    petition = Petition.objects.get()
    expect(citizen.get_by_role("heading", level=1)).to_have_text(f"Phản ánh, kiến nghị số {petition.code}")
    track_url = citizen.url
    assert (petition.classification, petition.dossier_id) == ("officer", returned.pk)

    log_in(page, live_server, manager, "/y-kien/nghiep-vu/")
    page.get_by_role("link", name=petition.code).click()
    page.locator("#act-assign summary").click()
    page.get_by_label("Cán bộ xử lý").select_option(label="Lê Thu")
    page.get_by_role("button", name="Giao").click()
    expect(page.locator(".messages")).to_contain_text("Đã giao xử lý")
    page.locator("#act-answer summary").click()
    page.locator("#act-answer").get_by_label("Nội dung").fill("Quá ngắn")
    page.get_by_role("button", name="Gửi trả lời").click()
    expect(page.locator("#act-answer").get_by_role("alert")).to_contain_text("quá ngắn")
    page.locator("#act-answer").get_by_label("Nội dung").fill(
        "Trung tâm đã làm việc với cán bộ quầy 2 và bố trí người hướng dẫn điền tờ khai tại sảnh.")
    page.get_by_role("button", name="Gửi trả lời").click()
    expect(page.locator(".messages")).to_contain_text("Đã trả lời người gửi")
    page.locator("#act-publish summary").click()
    page.get_by_role("button", name="Công khai").click()
    expect(page.locator(".messages")).to_contain_text("Đã công khai câu trả lời")
    page.screenshot(path=str(ART / "feedback-petition-staff.png"), full_page=True)

    reader = page.context.browser.new_page(locale="vi-VN")
    reader.goto(f"{live_server.url}/y-kien/hoi-dap/")
    reader.get_by_label("Tìm trong câu hỏi và câu trả lời").fill("quay 2 huong dan")  # typed without accents
    reader.get_by_role("button", name="Tìm").click()
    expect(reader.locator(f"#pa-{petition.code}")).to_contain_text("bố trí người hướng dẫn")
    like = reader.get_by_role("button", name=f"Hài lòng với câu trả lời {petition.code}", exact=True)
    like.click()
    expect(like).to_have_text("Hài lòng · 1")
    reader.screenshot(path=str(ART / "feedback-answers.png"), full_page=True)

    citizen.goto(track_url)
    citizen.get_by_role("button", name="Không hài lòng").click()
    expect(citizen.locator(".messages")).to_contain_text("Cảm ơn ông/bà đã cho biết ý kiến")
    citizen.get_by_text("Chưa thỏa đáng? Phản ánh lại (một lần)").click()
    citizen.get_by_label("Vì sao câu trả lời chưa thỏa đáng").fill("Hôm sau vẫn chưa có người hướng dẫn ở sảnh.")
    citizen.get_by_role("button", name="Gửi phản ánh lại").click()
    expect(citizen.locator(".messages")).to_contain_text("Đã gửi phản ánh lại")
    expect(citizen.get_by_text("Chưa thỏa đáng? Phản ánh lại (một lần)")).to_have_count(0)
    citizen.screenshot(path=str(ART / "feedback-petition-track.png"), full_page=True)
    petition.refresh_from_db()
    assert (petition.status, petition.late, petition.reopened_at is not None) == ("processing", False, True)
    page.goto(f"{live_server.url}/y-kien/nghiep-vu/")
    expect(page.locator("tbody")).to_contain_text(petition.code)


def test_hotline_and_meeting_entries(live_server, page, world):
    log_in(page, live_server, world.reception, "/y-kien/nghiep-vu/ghi-nhan/")
    page.get_by_role("radio", name="Đường dây nóng").check()
    page.get_by_role("radio", name="Tôi muốn hỏi về thủ tục").check()
    page.get_by_label("Cơ quan, đơn vị").select_option(label="Phường An Bình (H99.50)")
    page.get_by_label("Nội dung").fill("Người gọi hỏi làm lại giấy khai sinh bị mất cần giấy tờ gì.")
    page.get_by_role("button", name="Ghi nhận").click()
    expect(page.locator(".messages")).to_contain_text("Đã ghi nhận phản ánh số PA")
    assert Petition.objects.get().source == "hotline"

    page.goto(f"{live_server.url}/y-kien/nghiep-vu/buoi-tiep/")
    page.get_by_label("Đơn vị").select_option(label="Phường An Bình (H99.50)")
    page.get_by_label("Hình thức").select_option(label="Ngày thứ Bảy lắng nghe")
    page.get_by_label("Địa điểm").fill("Nhà văn hóa khu phố 3")
    lines = page.get_by_label(re.compile("Câu hỏi, mỗi dòng một câu"))
    lines.fill("Khi nào có lịch cấp lại sổ đỏ?\nBà Hoa | 0987 | Làm khai sinh cho cháu cần gì?\n"
               "Ông Tư | Đường vào trung tâm ngập nước khi mưa")
    page.get_by_role("button", name="Lưu các câu hỏi").click()
    expect(page.get_by_role("alert")).to_contain_text("dòng 2: số điện thoại '0987' không hợp lệ")
    assert Petition.objects.count() == 1  # nothing of the meeting saved
    lines.fill(lines.input_value().replace("0987 |", "0987 654 321 |"))
    page.screenshot(path=str(ART / "feedback-meeting.png"), full_page=True)
    page.get_by_role("button", name="Lưu các câu hỏi").click()
    expect(page.locator(".messages")).to_contain_text("Đã ghi nhận 3 câu hỏi")
    assert Petition.objects.filter(source="meeting", meeting__place="Nhà văn hóa khu phố 3").count() == 3
    page.goto(f"{live_server.url}/y-kien/nghiep-vu/")  # counter staff record, but do not read the book
    expect(page.get_by_text("403")).to_be_visible()
