"""'Hồ sơ của tôi': the list, the detail with history and what to do, supplements, withdrawal."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.dossiers import services
from motcua.dossiers.models import Attachment
from motcua.dossiers.workflow import State
from tests.factories import make_user

from .conftest import at, stored_files
from .files import DISGUISED, tiny_pdf

pytestmark = pytest.mark.django_db


def online(world, owner, applicant, now, submit=True):
    return services.create(procedure=world.procedure, unit=world.org.commune_a, channel="online", applicant=applicant,
                           actor=owner, owner=owner, submit=submit, now=now)


def at_specialist(world, dossier, now):
    dossier = services.perform(dossier, "accept", world.reception, now=now)
    return services.perform(dossier, "forward", world.reception, now=now)


def detail(client, dossier):
    return client.get(reverse("portal:dossier", args=[dossier.public_id])).content.decode()


def test_list_shows_own_dossiers_newest_first_with_status_code_and_due_date(citizen_client, world, citizen, applicant):
    old = at_specialist(world, online(world, citizen, applicant, at(2026, 3, 2, 8, 0)), at(2026, 3, 2, 8, 0))
    new = online(world, citizen, applicant, at(2026, 3, 3, 9, 0), submit=False)
    stranger = make_user("nguoikhac", province=world.org.province, kind="citizen")
    online(world, stranger, applicant, at(2026, 3, 4, 9, 0))
    response = citizen_client.get(reverse("portal:my_dossiers"))
    assert [d.pk for d in response.context["page"]] == [new.pk, old.pk]
    page = response.content.decode()
    assert page.index("Bản nháp") < page.index("Đang xử lý")
    assert "H99.50-260302-0001" in page
    assert "Thứ 2, 09/03/2026 lúc 08:00" in page  # 5 working days from Mon 2 Mar 08:00
    assert "Chưa có mã (chưa tiếp nhận)" in page


def test_detail_tells_the_story_in_plain_words(citizen_client, world, citizen, applicant):
    dossier = at_specialist(world, online(world, citizen, applicant, at(2026, 3, 2, 8, 0)), at(2026, 3, 2, 8, 20))
    page = detail(citizen_client, dossier)
    for text in ("Đang xử lý", "Hồ sơ đang được giải quyết. Bạn không cần làm gì thêm.",
                 "Hồ sơ đã được gửi, chờ cán bộ tiếp nhận", "Hồ sơ đã được tiếp nhận",
                 "Hồ sơ được chuyển sang bước: Thẩm định", "Đang ở bước", "Thẩm định — Phường An Bình"):
        assert text in page
    assert "forward" not in page and "Chuyển bước tiếp theo" not in page  # no staff jargon


def test_a_requested_supplement_is_uploaded_and_processing_resumes(citizen_client, world, citizen, applicant, docs):
    dossier = at_specialist(world, online(world, citizen, applicant, at(2026, 3, 2, 8, 0)), at(2026, 3, 2, 8, 20))
    services.perform(dossier, "request_supplement", world.specialist, now=at(2026, 3, 3, 9, 0),
                     comment="Thiếu bản sao giấy chứng sinh")
    page = detail(citizen_client, dossier)
    assert "Chờ công dân bổ sung hồ sơ" in page and "Thiếu bản sao giấy chứng sinh" in page
    assert "Gửi bổ sung" in page
    response = citizen_client.post(reverse("portal:supplement", args=[dossier.public_id]), {
        f"doc_{docs.birth.pk}": SimpleUploadedFile("chung-sinh.pdf", tiny_pdf()), "note": "Gửi bổ sung ạ"})
    assert response["Location"] == reverse("portal:dossier", args=[dossier.public_id])
    dossier.refresh_from_db()
    assert (dossier.state, dossier.national_status, dossier.paused_at) == (State.PROCESSING, 4, None)
    event = dossier.events.order_by("-seq").first()
    assert (event.action, event.actor, event.actor_role) == ("receive_supplement", citizen, "applicant")
    assert Attachment.objects.get(dossier=dossier).kind == "supplement"


def test_completion_requested_at_reception_goes_back_to_reception(citizen_client, world, citizen, applicant):
    dossier = online(world, citizen, applicant, at(2026, 3, 2, 8, 0))
    services.perform(dossier, "request_completion", world.reception, comment="Tờ khai chưa ký")
    citizen_client.post(reverse("portal:supplement", args=[dossier.public_id]),
                        {"doc_other": SimpleUploadedFile("to-khai-da-ky.pdf", tiny_pdf())})
    dossier.refresh_from_db()
    assert (dossier.state, dossier.national_status) == (State.SUBMITTED, 1)
    assert dossier.events.order_by("-seq").first().action == "complete_submission"


def test_a_supplement_needs_a_real_file(citizen_client, world, citizen, applicant, _media):
    dossier = online(world, citizen, applicant, at(2026, 3, 2, 8, 0))
    services.perform(dossier, "request_completion", world.reception, comment="Tờ khai chưa ký")
    target = reverse("portal:supplement", args=[dossier.public_id])
    assert "Vui lòng chọn ít nhất một tệp" in citizen_client.post(target, {}).content.decode()
    page = citizen_client.post(target, {"doc_other": SimpleUploadedFile("a.png", DISGUISED)}).content.decode()
    assert "không phải PDF, JPEG hoặc PNG thật" in page
    dossier.refresh_from_db()
    assert dossier.state == State.AWAITING_COMPLETION and stored_files(_media) == []


def test_a_supplement_when_none_was_asked_is_refused(citizen_client, world, citizen, applicant, _media):
    dossier = online(world, citizen, applicant, at(2026, 3, 2, 8, 0))
    page = citizen_client.post(reverse("portal:supplement", args=[dossier.public_id]),
                               {"doc_other": SimpleUploadedFile("a.pdf", tiny_pdf())}, follow=True).content.decode()
    assert "Hồ sơ này hiện không chờ bổ sung giấy tờ" in page
    assert not Attachment.objects.exists() and stored_files(_media) == []


def test_withdrawal_asks_first_then_stops_the_dossier(citizen_client, world, citizen, applicant):
    dossier = at_specialist(world, online(world, citizen, applicant, at(2026, 3, 2, 8, 0)), at(2026, 3, 2, 8, 20))
    assert "Rút hồ sơ" in detail(citizen_client, dossier)
    withdraw = reverse("portal:withdraw", args=[dossier.public_id])
    assert "Rút hồ sơ?" in citizen_client.get(withdraw).content.decode()
    dossier.refresh_from_db()
    assert dossier.state == State.PROCESSING
    citizen_client.post(withdraw, {"reason": "Đã làm ở nơi khác"})
    dossier.refresh_from_db()
    assert (dossier.state, dossier.national_status) == (State.WITHDRAWN, 7)
    page = detail(citizen_client, dossier)
    assert "Hồ sơ đã được rút theo đề nghị của người nộp" in page
    assert 'href="%s"' % withdraw not in page  # nothing left to withdraw


def test_withdrawing_twice_explains_instead_of_failing(citizen_client, world, citizen, applicant):
    dossier = online(world, citizen, applicant, at(2026, 3, 2, 8, 0))
    withdraw = reverse("portal:withdraw", args=[dossier.public_id])
    citizen_client.post(withdraw)
    page = citizen_client.post(withdraw).content.decode()
    assert "Không thể &#x27;Công dân rút hồ sơ&#x27; khi hồ sơ đang ở trạng thái" in page


def test_files_download_for_their_owner_only(client, world, citizen, applicant, docs):
    dossier = online(world, citizen, applicant, at(2026, 3, 2, 8, 0), submit=False)
    file = services.attach(dossier, tiny_pdf(), "Tờ khai.pdf", actor=citizen, document=docs.form)
    target = reverse("portal:attachment", args=[dossier.public_id, file.pk])
    client.force_login(citizen)
    response = client.get(target)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="To-khai.pdf"'
    assert b"".join(response.streaming_content) == tiny_pdf()
    client.force_login(make_user("nguoikhac", province=world.org.province, kind="citizen"))
    assert client.get(target).status_code == 404
