"""Online submission: sign-in, the form, drafts, files checked by their bytes, nothing half-saved."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.core.errors import UserFacingError
from motcua.dossiers import services
from motcua.dossiers.models import Attachment, Dossier
from motcua.dossiers.workflow import State

from .conftest import stored_files
from .files import DISGUISED, tiny_pdf, tiny_png

pytestmark = pytest.mark.django_db


def url(world):
    return reverse("portal:submit", args=[world.procedure.code])


def answers(world, action="submit", **changes):
    data = {"unit": world.org.commune_a.pk, "applicant_kind": "citizen", "applicant_name": "Nguyễn Văn An",
            "applicant_id_number": "001098012345", "applicant_phone": "0912345678", "applicant_email": "",
            "applicant_address": "12 Lê Lợi, phường An Bình", "delivery": "counter", "action": action}
    data.update(changes)
    return data


def pdf(name="to-khai.pdf"):
    return SimpleUploadedFile(name, tiny_pdf(), content_type="application/pdf")


def png(name="chung-sinh.png"):
    return SimpleUploadedFile(name, tiny_png(), content_type="image/png")


def with_files(docs, data, **files):
    return {**data, **{f"doc_{getattr(docs, key).pk}": value for key, value in files.items()}}


def test_anonymous_visitor_is_sent_to_sign_in_and_back(client, world):
    response = client.get(url(world))
    assert response.status_code == 302
    assert response["Location"] == f"/tai-khoan/dang-nhap/?next={url(world)}"


def test_staff_accounts_do_not_submit_for_themselves(client, world):
    client.force_login(world.reception)
    response = client.get(url(world))
    assert response.status_code == 403
    assert "dành cho công dân" in response.content.decode()


def test_form_is_prefilled_from_the_account_and_offers_only_units_that_receive_it(citizen_client, world, docs):
    page = citizen_client.get(url(world)).content.decode()
    for value in ("Nguyễn Văn An", "001098012345", "0912345678", "an@example.vn"):
        assert f'value="{value}"' in page
    assert "Phường An Bình" in page and "Xã Hòa Lạc" in page
    assert "Sở Tư pháp" not in page  # the department does not receive this procedure
    assert page.count('type="file"') == 4  # one input per document of the procedure
    for label in ("Tại quầy", "Qua bưu chính", "Tủ nhận kết quả 24 giờ", "Bản điện tử"):
        assert label in page


def test_a_procedure_without_online_service_says_where_to_go(citizen_client, world):
    world.procedure.online_level = "none"
    world.procedure.save()
    page = citizen_client.get(url(world)).content.decode()
    assert "chưa nộp được trực tuyến" in page
    assert "<form method=\"post\" enctype" not in page


def test_submission_with_every_required_paper_waits_for_reception(citizen_client, world, docs, citizen):
    response = citizen_client.post(url(world), with_files(docs, answers(world), form=pdf(), birth=png()))
    dossier = Dossier.objects.get()
    assert response["Location"] == reverse("portal:submitted", args=[dossier.public_id])
    assert (dossier.state, dossier.national_status, dossier.code) == (State.SUBMITTED, 1, None)
    assert (dossier.owner, dossier.channel, dossier.unit) == (citizen, "online", world.org.commune_a)
    assert {(a.document.name, a.content_type) for a in dossier.attachments.all()} == {
        ("Tờ khai đăng ký khai sinh", "application/pdf"), ("Giấy chứng sinh", "image/png")}
    assert list(dossier.events.values_list("action", flat=True)) == ["create", "submit"]
    confirmation = citizen_client.get(response["Location"]).content.decode()
    assert "Bạn đã nộp hồ sơ" in confirmation and "Chờ tiếp nhận" in confirmation
    assert "mã hồ sơ và ngày hẹn trả" in confirmation  # what happens next


def test_submission_needs_the_required_papers_of_the_common_case_only(citizen_client, world, docs, _media):
    response = citizen_client.post(url(world), with_files(docs, answers(world), form=pdf()))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [f"doc_{docs.birth.pk}"]  # not the proxy letter (a case), not the optional one
    assert errors[f"doc_{docs.birth.pk}"] == ["Cần tải lên giấy tờ này để nộp hồ sơ"]
    assert not Dossier.objects.exists() and stored_files(_media) == []


def test_a_draft_may_be_saved_without_papers(citizen_client, world, docs):
    response = citizen_client.post(url(world), answers(world, action="draft"))
    dossier = Dossier.objects.get()
    assert response["Location"] == reverse("portal:dossier", args=[dossier.public_id])
    assert (dossier.state, dossier.national_status, dossier.submitted_at) == (State.DRAFT, None, None)
    assert "Đã lưu bản nháp" in citizen_client.get(response["Location"]).content.decode()


@pytest.mark.parametrize("field,value,message", [
    ("applicant_id_number", "12345", "Số định danh cá nhân phải gồm đúng 12 chữ số"),
    ("applicant_phone", "0123", "Số điện thoại di động không hợp lệ"),
])
def test_bad_applicant_data_leaves_no_dossier_and_no_file(citizen_client, world, docs, _media, field, value, message):
    data = with_files(docs, answers(world, **{field: value}), form=pdf(), birth=png())
    response = citizen_client.post(url(world), data)
    assert response.status_code == 200
    assert message in response.context["form"].errors[field][0]
    page = response.content.decode()
    assert message in page and "Các tệp bạn đã chọn cần được chọn lại" in page
    assert not Dossier.objects.exists() and not Attachment.objects.exists()
    assert stored_files(_media) == []


def test_a_disguised_file_is_refused_next_to_its_document(citizen_client, world, docs, _media):
    data = with_files(docs, answers(world), form=SimpleUploadedFile("to-khai.pdf", DISGUISED), birth=png())
    response = citizen_client.post(url(world), data)
    error = response.context["form"].errors[f"doc_{docs.form.pk}"][0]
    assert error == "Tệp 'to-khai.pdf' không phải PDF, JPEG hoặc PNG thật (nội dung không khớp), nên không được nhận"
    assert not Dossier.objects.exists() and stored_files(_media) == []


def test_a_failure_after_files_were_stored_takes_them_back(citizen_client, world, docs, _media, monkeypatch):
    def refuse(*args, **kwargs):
        raise UserFacingError("Hệ thống tạm dừng nhận hồ sơ", "submissions are paused")

    monkeypatch.setattr(services, "perform", refuse)
    response = citizen_client.post(url(world), with_files(docs, answers(world), form=pdf(), birth=png()))
    assert "Hệ thống tạm dừng nhận hồ sơ" in response.content.decode()
    assert not Dossier.objects.exists() and stored_files(_media) == []


def test_errors_follow_the_chosen_language(citizen_client, world, docs):
    citizen_client.cookies["django_language"] = "en"
    response = citizen_client.post(url(world), answers(world, action="draft", applicant_id_number="12345"))
    assert response.context["form"].errors["applicant_id_number"] == [
        "the personal ID number must be exactly 12 digits"]


def test_delivery_by_post_needs_an_address(citizen_client, world, docs):
    response = citizen_client.post(url(world), answers(world, action="draft", delivery="post", applicant_address=""))
    assert response.context["form"].errors["applicant_address"] == ["Nhận kết quả qua bưu chính cần địa chỉ nhận"]
    assert not Dossier.objects.exists()


def test_a_unit_that_does_not_receive_the_procedure_is_refused(citizen_client, world, docs):
    response = citizen_client.post(url(world), answers(world, action="draft", unit=world.org.dept.pk))
    assert response.context["form"].errors["unit"] == ["Nơi nộp này không tiếp nhận thủ tục"]


def draft_of(client, world, docs, **files):
    client.post(url(world), with_files(docs, answers(world, action="draft"), **files))
    return Dossier.objects.get()


def test_a_draft_reopens_with_its_answers_and_files_then_is_submitted(citizen_client, world, docs, _media,
                                                                       django_capture_on_commit_callbacks):
    draft = draft_of(citizen_client, world, docs, form=pdf("ban-dau.pdf"))
    edit = reverse("portal:edit_draft", args=[draft.public_id])
    page = citizen_client.get(edit).content.decode()
    assert 'value="12 Lê Lợi, phường An Bình"' in page and "Đã có: ban-dau.pdf" in page
    data = with_files(docs, answers(world, unit=world.org.commune_b.pk, delivery="electronic"),
                      form=pdf("thay-the.pdf"), birth=png())
    with django_capture_on_commit_callbacks(execute=True):
        response = citizen_client.post(edit, data)
    dossier = Dossier.objects.get()  # the same dossier, not a second one
    assert dossier.public_id == draft.public_id
    assert response["Location"] == reverse("portal:submitted", args=[dossier.public_id])
    assert (dossier.state, dossier.unit, dossier.current_unit, dossier.delivery) == (
        State.SUBMITTED, world.org.commune_b, world.org.commune_b, "electronic")
    assert sorted(dossier.attachments.values_list("name", flat=True)) == ["chung-sinh.png", "thay-the.pdf"]
    assert len(stored_files(_media)) == 2  # the replaced file is gone


def test_a_submitted_dossier_is_no_longer_editable(citizen_client, world, docs):
    citizen_client.post(url(world), with_files(docs, answers(world), form=pdf(), birth=png()))
    dossier = Dossier.objects.get()
    response = citizen_client.get(reverse("portal:edit_draft", args=[dossier.public_id]))
    assert response["Location"] == reverse("portal:dossier", args=[dossier.public_id])


def test_a_draft_is_deleted_with_its_files_after_confirmation(citizen_client, world, docs, _media,
                                                               django_capture_on_commit_callbacks):
    draft = draft_of(citizen_client, world, docs, form=pdf())
    delete = reverse("portal:delete_draft", args=[draft.public_id])
    assert "Xóa bản nháp?" in citizen_client.get(delete).content.decode()
    assert Dossier.objects.exists()  # asking is not deleting
    with django_capture_on_commit_callbacks(execute=True):
        response = citizen_client.post(delete)
    assert response["Location"] == reverse("portal:my_dossiers")
    assert not Dossier.objects.exists() and stored_files(_media) == []


def test_another_persons_draft_is_not_found(client, world, docs, citizen):
    from tests.factories import make_user

    other = make_user("hangxom", province=world.org.province, kind="citizen")
    client.force_login(citizen)
    draft = draft_of(client, world, docs)
    client.force_login(other)
    for name in ("dossier", "edit_draft", "delete_draft", "withdraw"):
        assert client.get(reverse(f"portal:{name}", args=[draft.public_id])).status_code == 404
    assert client.post(reverse("portal:delete_draft", args=[draft.public_id])).status_code == 404
    assert Dossier.objects.filter(pk=draft.pk).exists()


def test_a_bundle_draft_keeps_its_unit_and_its_parts_follow_the_answers(citizen_client, world, bundle):
    from motcua.catalog.models import UnitProcedure

    bundle.online_level = "full"
    bundle.save()
    UnitProcedure.objects.create(unit=world.org.commune_b, procedure=bundle)
    citizen_client.post(reverse("portal:submit", args=[bundle.code]), answers(world, action="draft"))
    draft = Dossier.objects.get(parent=None)
    assert draft.children.count() == 3
    edit = reverse("portal:edit_draft", args=[draft.public_id])
    response = citizen_client.post(edit, answers(world, action="draft", unit=world.org.commune_b.pk))
    assert response.context["form"].errors["unit"] == [
        "Hồ sơ liên thông không đổi được nơi nộp; hãy xóa bản nháp và lập hồ sơ mới"]
    citizen_client.post(edit, answers(world, action="draft", applicant_phone="0987654321", delivery="locker"))
    assert set(Dossier.objects.values_list("applicant_phone", "delivery")) == {("0987654321", "locker")}


def test_a_level_2_procedure_refuses_a_password_sign_in(world, client):
    world.procedure.requires_verified_identity = True
    world.procedure.save()
    client.force_login(world.citizen)
    response = client.get(f"/ho-so/nop/{world.procedure.code}/")
    assert response.status_code == 403
    assert "VNeID" in response.content.decode()
