"""Counter reception: the walk-in dossier received, sent back for completion or refused at once,
and assisted submission by a digital guide."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from motcua.accounts.models import Role
from motcua.catalog.models import RequiredDocument
from motcua.dossiers.models import Dossier
from motcua.dossiers.workflow import State
from tests.factories import make_user

from .conftest import client_for, pdf

pytestmark = pytest.mark.django_db
PICK = "/nghiep-vu/tiep-nhan/"


@pytest.fixture
def documents(world):
    names = ["Tờ khai đăng ký khai sinh", "Giấy chứng sinh", "Văn bản ủy quyền (nếu nộp thay)"]
    return [RequiredDocument.objects.create(procedure=world.procedure, name=name, position=i, is_required=i < 2)
            for i, name in enumerate(names)]


def form_data(world, documents, decision, **extra):
    data = {"unit": world.org.commune_a.pk, "applicant_kind": "citizen", "applicant_name": "Phạm Thị Hoa",
            "applicant_id_number": "001198012345", "applicant_phone": "0987 654 321", "delivery": "counter",
            "checklist": [d.pk for d in documents[:2]], "decision": decision}
    return {**data, **extra}


def post(user, world, data):
    return client_for(user).post(f"{PICK}{world.procedure.code}/", data)


def stored_files() -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {str(p) for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def test_the_picker_finds_procedures_the_unit_receives(world):
    page = client_for(world.reception).get(PICK, {"q": "khai sinh"}).content.decode()
    assert "1.001193" in page and "Đăng ký khai sinh" in page
    page = client_for(world.reception).get(PICK, {"q": "kết hôn"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Không có thủ tục nào khớp" in page and "<html" not in page
    assert client_for(world.specialist).get(PICK).status_code == 403


def test_a_complete_walk_in_dossier_is_received_with_code_due_date_and_files(world, documents):
    officer = client_for(world.reception)
    page = officer.get(f"{PICK}{world.procedure.code}/", {"ticket": "A-015"}).content.decode()
    assert 'name="ticket" value="A-015"' in page  # the queue ticket rides along with the form
    data = form_data(world, documents, "accept", ticket="A-015", **{f"doc_{documents[0].pk}": pdf("to-khai.pdf")})
    response = officer.post(f"{PICK}{world.procedure.code}/", data)
    d = Dossier.objects.get()
    assert response.status_code == 302 and response.url == f"/nghiep-vu/ho-so/{d.public_id}/"
    assert (d.state, d.channel, d.submitted_via, d.applicant_phone) == (State.RECEIVED, "direct", "counter",
                                                                        "0987654321")
    assert d.code.startswith("H99.50-") and d.due_at and d.steps.count() == 4
    assert list(d.attachments.values_list("document", "name")) == [(documents[0].pk, "to-khai.pdf")]
    submit = d.events.get(action="submit")
    assert submit.data == {"checklist": {"ticked": [documents[0].pk, documents[1].pk], "missing": []},
                           "ticket": "A-015"}
    page = officer.get(response.url).content.decode()
    assert f"Đã tiếp nhận hồ sơ {d.code}, hẹn trả kết quả lúc" in page


def test_receiving_with_a_required_document_unticked_is_refused_and_saves_nothing(world, documents):
    response = post(world.reception, world, form_data(world, documents, "accept", checklist=[documents[0].pk]))
    assert response.status_code == 400
    assert "Hồ sơ còn thiếu giấy tờ bắt buộc: Giấy chứng sinh" in response.content.decode()
    assert not Dossier.objects.exists()


def test_completion_request_lists_the_missing_documents(world, documents):
    data = form_data(world, documents, "request_completion", checklist=[documents[0].pk],
                     comment="Mang bản chính khi quay lại")
    assert post(world.reception, world, data).status_code == 302
    d = Dossier.objects.get()
    assert (d.state, d.code) == (State.AWAITING_COMPLETION, None)
    assert d.events.order_by("-seq").first().comment == (
        "Cần bổ sung các giấy tờ sau:\n- Giấy chứng sinh\nMang bản chính khi quay lại")


def test_refusal_needs_reasons(world, documents):
    response = post(world.reception, world, form_data(world, documents, "refuse"))
    assert response.status_code == 400 and "Vui lòng ghi rõ lý do" in response.content.decode()
    assert not Dossier.objects.exists()
    post(world.reception, world, form_data(world, documents, "refuse", comment="Không thuộc thẩm quyền của phường"))
    assert Dossier.objects.get().state == State.REFUSED


def test_a_wrong_id_number_is_shown_next_to_its_field(world, documents):
    response = post(world.reception, world, form_data(world, documents, "accept", applicant_id_number="12345"))
    page = response.content.decode()
    assert response.status_code == 400 and 'id="id_applicant_id_number-error"' in page
    assert "Số định danh cá nhân phải gồm đúng 12 chữ số" in page
    assert not Dossier.objects.exists()


def test_a_bad_file_among_good_ones_saves_nothing(world, documents):
    fake = SimpleUploadedFile("giay-chung-sinh.pdf", b"<html>not a scan</html>", "application/pdf")
    data = form_data(world, documents, "accept", **{f"doc_{documents[0].pk}": pdf(), f"doc_{documents[1].pk}": fake})
    before = stored_files()
    response = post(world.reception, world, data)
    assert response.status_code == 400 and "không phải PDF, JPEG hoặc PNG thật" in response.content.decode()
    assert not Dossier.objects.exists()
    assert stored_files() == before


def test_paper_backfill_at_the_counter(world, documents):
    earlier = timezone.localtime(timezone.now() - timedelta(days=1)).replace(second=0, microsecond=0)
    moment = earlier.strftime("%Y-%m-%dT%H:%M")
    response = post(world.reception, world, form_data(world, documents, "accept", received_at=moment))
    assert "Nhập bù hồ sơ giấy cần ghi lý do" in response.content.decode() and not Dossier.objects.exists()
    post(world.reception, world, form_data(world, documents, "accept", received_at=moment, paper_reason="Mất điện"))
    d = Dossier.objects.get()
    assert (d.received_at, d.is_paper_backfill) == (earlier, True)


def test_a_digital_guide_submits_for_the_reception_desk(world, documents):
    guide = make_user("hotrovien", province=world.org.province, role=Role.DIGITAL_GUIDE, unit=world.org.commune_a,
                      full_name="Đoàn Thanh Niên")
    page = client_for(guide).get(f"{PICK}{world.procedure.code}/").content.decode()
    assert "Nộp hồ sơ cho bộ phận một cửa" in page and "Tiếp nhận hồ sơ</button>" not in page
    response = post(guide, world, form_data(world, documents, "accept"))
    assert "Lựa chọn không hợp lệ" in response.content.decode() and not Dossier.objects.exists()
    post(guide, world, form_data(world, documents, "submit"))
    d = Dossier.objects.get()
    assert (d.state, d.submitted_via, d.channel, d.code) == (State.SUBMITTED, "digital_guide", "online", None)
    waiting = client_for(world.reception).get("/nghiep-vu/ho-so/", {"tab": "reception"}).content.decode()
    assert str(d.public_id) in waiting


def test_a_procedure_the_unit_does_not_receive_is_refused(world):
    from tests.fixtures_dossiers import make_procedure

    make_procedure("1.000894", "Cấp giấy phép xây dựng", [world.org.dept])
    assert client_for(world.reception).get(f"{PICK}1.000894/").status_code == 403
    assert client_for(world.reception).get(f"{PICK}9.999999/").status_code == 404
