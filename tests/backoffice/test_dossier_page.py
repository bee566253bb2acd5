"""The dossier page: what it shows, each action form, validation messages and file downloads."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from motcua.accounts.models import Role
from motcua.backoffice import due
from motcua.dossiers import services
from motcua.dossiers.models import Attachment, Dossier
from motcua.dossiers.workflow import State
from motcua.workdays.services import calendar_for_unit
from tests.factories import make_user

from .conftest import at_specialist, client_for, online, pdf, received

pytestmark = pytest.mark.django_db


def url(d, tail=""):
    return f"/nghiep-vu/ho-so/{d.public_id}/{tail}"


def act(user, d, name, client=None, **fields):
    """Post the form of action ``name`` as the page would (fields carry the action's prefix)."""
    data = {f"{name}-version": d.version, **{f"{name}-{key}": value for key, value in fields.items()}}
    return (client or client_for(user)).post(url(d, f"thao-tac/{name}/"), data)


def fresh(d):
    return Dossier.objects.get(pk=d.pk)


def local_input(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def at_leader(world, applicant):
    return services.perform(at_specialist(world, applicant), "forward", world.specialist)


def completed(world, applicant):
    return services.perform(at_leader(world, applicant), "complete", world.leader, result_summary="Giấy khai sinh")


def test_the_page_shows_facts_steps_log_and_the_forms_of_my_role(world, applicant):
    d = at_specialist(world, applicant)
    page = client_for(world.specialist).get(url(d)).content.decode()
    for text in ("Nguyễn Văn An", "001098012345", "Đăng ký khai sinh", "Thẩm định", "Phê duyệt, ký", "Nhật ký xử lý",
                 "Tiếp nhận", "due-within", "Chuyển bước tiếp theo", "Yêu cầu bổ sung hồ sơ (Mẫu 02)", "Chuyên viên"):
        assert text in page, text
    assert 'id="act-forward"' in page
    assert "Hoàn thành, có kết quả" not in page  # the leader's action
    page = client_for(world.leader).get(url(at_leader(world, applicant))).content.decode()
    assert "Hoàn thành, có kết quả" in page
    assert 'id="act-forward"' not in page  # the last processing step: complete, do not forward


def test_accepting_an_online_dossier_and_the_paper_backfill_needs_a_reason(world, applicant):
    d = online(world, applicant)
    earlier = timezone.now() - timedelta(days=2)
    response = act(world.reception, d, "accept", received_at=local_input(earlier), paper_reason=" ")
    assert response.status_code == 400
    assert "Nhập bù hồ sơ giấy cần ghi lý do" in response.content.decode()
    assert fresh(d).state == State.SUBMITTED
    response = act(world.reception, d, "accept", received_at=local_input(earlier), paper_reason="Mất mạng")
    assert response.status_code == 302 and response.url == url(d)
    d = fresh(d)
    assert d.state == State.RECEIVED and d.is_paper_backfill
    assert d.received_at == earlier.replace(second=0, microsecond=0)
    assert d.code.startswith("H99.50-")


def test_completion_request_and_refusal_need_a_reason(world, applicant):
    d = online(world, applicant)
    response = act(world.reception, d, "request_completion", comment="")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Vui lòng ghi rõ lý do hoặc nội dung" in page
    assert 'id="id_request_completion-comment-error"' in page  # next to the field
    assert act(world.reception, d, "request_completion", comment="Thiếu tờ khai").status_code == 302
    d = fresh(d)
    assert (d.state, d.national_status) == (State.AWAITING_COMPLETION, 5)
    assert act(world.reception, d, "refuse", comment="Không thuộc thẩm quyền").status_code == 302
    assert fresh(d).state == State.REFUSED


def test_forward_to_a_chosen_officer_then_send_back(world, applicant):
    d = received(world, applicant)
    page = client_for(world.reception).get(url(d)).content.decode()
    assert f'<option value="{world.specialist.pk}">' in page  # the next step's people
    assert act(world.reception, d, "forward", assignee=world.specialist.pk).status_code == 302
    d = fresh(d)
    assert (d.step_position, d.assignee) == (2, world.specialist)
    act(world.specialist, d, "forward")
    d = fresh(d)
    assert d.step_position == 3
    assert act(world.leader, d, "send_back", comment="Kiểm tra lại họ tên").status_code == 302
    assert fresh(d).step_position == 2


def test_transfer_needs_another_unit(world, applicant):
    d = at_specialist(world, applicant)
    response = act(world.specialist, d, "transfer")
    assert response.status_code == 400 and "Vui lòng nhập thông tin này" in response.content.decode()
    assert act(world.specialist, d, "transfer", to_unit=world.org.dept.pk).status_code == 302
    assert fresh(d).current_unit == world.org.dept


def test_supplement_request_then_received_with_files(world, applicant):
    d = at_specialist(world, applicant)
    assert act(world.specialist, d, "request_supplement").status_code == 400
    act(world.specialist, d, "request_supplement", comment="Thiếu giấy chứng sinh")
    d = fresh(d)
    assert d.state == State.SUPPLEMENT_REQUESTED and d.paused_at
    assert act(world.reception, d, "receive_supplement", files=[pdf("giay-chung-sinh.pdf")]).status_code == 302
    d = fresh(d)
    assert d.state == State.PROCESSING and d.paused_at is None
    assert list(d.attachments.values_list("kind", "name")) == [("supplement", "giay-chung-sinh.pdf")]


def test_apology_suggests_a_date_and_refuses_an_earlier_one(world, applicant):
    d = at_specialist(world, applicant)
    suggestion = due.suggest_new_due(calendar_for_unit(world.org.commune_a), timezone.now(), d.due_at)
    page = client_for(world.specialist).get(url(d)).content.decode()
    assert f'value="{local_input(suggestion)}"' in page and "Gợi ý theo lịch làm việc" in page
    response = act(world.specialist, d, "apologize", comment="Cần xác minh",
                   new_due_at=local_input(d.due_at - timedelta(days=1)))
    assert response.status_code == 400
    assert "Ngày hẹn trả mới phải sau ngày hẹn hiện tại" in response.content.decode()
    assert act(world.specialist, d, "apologize", comment="Cần xác minh thêm",
               new_due_at=local_input(suggestion)).status_code == 302
    d = fresh(d)
    assert (d.due_at, d.extension_count, d.counts_as_late) == (suggestion, 1, True)


def test_complete_with_a_result_file_and_a_bad_file_saves_nothing(world, applicant):
    d = at_leader(world, applicant)
    response = act(world.leader, d, "complete", result_summary="")
    assert "Vui lòng nhập thông tin này" in response.content.decode()
    fake = SimpleUploadedFile("ket-qua.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    response = act(world.leader, d, "complete", result_summary="Giấy khai sinh số 12", result_file=fake)
    assert response.status_code == 400
    assert "không phải PDF, JPEG hoặc PNG thật" in response.content.decode()
    assert fresh(d).state == State.PROCESSING and not Attachment.objects.exists()
    act(world.leader, d, "complete", result_summary="Giấy khai sinh số 12", result_file=pdf("giay-khai-sinh.pdf"))
    d = fresh(d)
    assert (d.state, d.result_summary) == (State.COMPLETED, "Giấy khai sinh số 12")
    assert list(d.attachments.values_list("kind", flat=True)) == ["result"]


def test_return_result_checks_who_collects_it(world, applicant):
    d = completed(world, applicant)
    response = act(world.reception, d, "return_result", receiver="applicant", received_by_name="Nguyễn Văn An",
                   received_by_id_number="001098099999")
    assert response.status_code == 400 and "không khớp với số định danh" in response.content.decode()
    response = act(world.reception, d, "return_result", receiver="authorised", received_by_name="Trần Thị Bình",
                   received_by_id_number="079190001234")
    assert "Ghi số, ngày của giấy ủy quyền" in response.content.decode()
    assert fresh(d).state == State.COMPLETED
    act(world.reception, d, "return_result", receiver="authorised", received_by_name="Trần Thị Bình",
        received_by_id_number="079190001234", authorisation="Giấy ủy quyền số 15, ngày 02/03/2026")
    d = fresh(d)
    assert (d.state, d.received_by_name, d.received_by_id_number) == (State.RETURNED, "Trần Thị Bình", "079190001234")
    event = d.events.order_by("-seq").first()
    assert event.data["receiver"] == "authorised" and "số 15" in event.data["authorisation"]
    assert "Người nhận: người được ủy quyền" in client_for(world.reception).get(url(d)).content.decode()


def test_the_applicant_collects_in_person(world, applicant):
    d = completed(world, applicant)
    act(world.reception, d, "return_result", receiver="applicant", received_by_name="Nguyễn Văn An",
        received_by_id_number="001098012345")
    d = fresh(d)
    assert d.state == State.RETURNED
    assert d.events.order_by("-seq").first().data == {"receiver": "applicant", "id_checked": "applicant_id"}


def test_suspend_resume_fee_and_stop(world, applicant):
    d = at_specialist(world, applicant)
    act(world.specialist, d, "suspend", comment="Chờ xác minh")
    assert fresh(d).state == State.SUSPENDED
    act(world.specialist, fresh(d), "resume")
    act(world.specialist, fresh(d), "request_fee")
    assert fresh(d).state == State.FEE_REQUESTED
    act(world.reception, fresh(d), "fee_paid")
    assert fresh(d).state == State.PROCESSING
    assert act(world.specialist, fresh(d), "stop", comment="x").status_code == 409  # the leader's decision
    act(world.leader, fresh(d), "stop", comment="Người dân không bổ sung đúng hạn")
    assert fresh(d).state == State.STOPPED


def test_a_stale_form_is_refused_and_changes_nothing(world, applicant):
    d = at_specialist(world, applicant)
    services.perform(d, "forward", world.specialist)  # someone else moved it meanwhile
    response = act(world.specialist, d, "request_supplement", comment="Thiếu giấy")
    assert response.status_code == 409
    assert "Hồ sơ vừa được người khác cập nhật" in response.content.decode()
    assert fresh(d).state == State.PROCESSING and fresh(d).step_position == 3


def test_messages_are_in_english_when_the_page_is(world, applicant):
    d = online(world, applicant)
    client = client_for(world.reception)
    client.cookies["django_language"] = "en"
    response = act(world.reception, d, "refuse", client=client, comment="")
    assert "a reason or comment is required" in response.content.decode()


def test_htmx_gets_the_page_back_with_200_so_it_swaps_errors_in(world, applicant):
    d = online(world, applicant)
    client = client_for(world.reception)
    response = client.post(url(d, "thao-tac/refuse/"), {"refuse-version": d.version}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'id="dossier-body"' in response.content.decode()
    response = client.post(url(d, "thao-tac/refuse/"),
                           {"refuse-version": d.version, "refuse-comment": "Sai thẩm quyền"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "Đã thực hiện: Từ chối tiếp nhận" in response.content.decode()


def test_unknown_action_is_404(world, applicant):
    d = online(world, applicant)
    assert client_for(world.reception).post(url(d, "thao-tac/delete_everything/")).status_code == 404


def test_files_download_only_for_those_who_see_the_dossier(world, applicant):
    d = received(world, applicant)
    content = b"%PDF-1.4\n1 0 obj << /Type /Page >> endobj\n%%EOF\n"
    attachment = services.attach(d, content, "Tờ khai khai sinh.pdf", actor=world.reception)
    response = client_for(world.specialist).get(url(d, f"tep/{attachment.pk}/"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="To-khai-khai-sinh.pdf"'
    assert response["Content-Type"] == "application/pdf" and response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == content
    assert client_for(world.other_reception).get(url(d, f"tep/{attachment.pk}/")).status_code == 404
    other = received(world, applicant)
    assert client_for(world.specialist).get(url(other, f"tep/{attachment.pk}/")).status_code == 404
    monitor = make_user("giamsat", province=world.org.province, role=Role.PROVINCIAL_MONITOR)
    assert client_for(monitor).get(url(d, f"tep/{attachment.pk}/")).status_code == 200
    assert client_for(world.citizen).get(url(d, f"tep/{attachment.pk}/")).status_code == 403
