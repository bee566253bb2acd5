"""Petitions (PAKN): receiving, deadlines, handling, publication, the sender's likes and reopening."""

import pytest
from django.core.exceptions import PermissionDenied

from motcua.core.errors import UserFacingError
from motcua.feedback import access, petitions
from motcua.feedback.models import AnswerVote, Meeting, Petition
from motcua.notifications.models import OutboxMessage
from tests.factories import make_user
from tests.fixtures_dossiers import at

from .conftest import send

T0 = at(2026, 2, 13, 9, 0)  # Friday before Tết 2026


def test_received_with_its_deadlines_and_the_sender_told(world):
    p = send(world, at=T0)
    assert (p.status, p.source, p.classification) == ("received", "online", "procedure")
    assert (p.refuse_due_at, p.info_due_at, p.answer_due_at) == (at(2026, 2, 24, 9), at(2026, 2, 27, 9),
                                                                  at(2026, 3, 13, 9))
    assert p.code == f"PA{p.pk:06d}" and p.title.startswith("Thủ tục đăng ký khai sinh")
    sms = OutboxMessage.objects.get(channel="sms")
    assert f"so {p.code}" in sms.payload["text"] and "13/03/2026" in sms.payload["text"]
    assert f"/y-kien/phan-anh/{p.public_id}/" in sms.payload["text"]
    assert list(p.events.values_list("action", flat=True)) == ["receive"]


def test_bad_input_is_refused_and_nothing_saved(world):
    with pytest.raises(UserFacingError, match="quá ngắn") as err:
        send(world, content="Chậm")
    assert err.value.field == "content"
    with pytest.raises(UserFacingError, match="Số điện thoại"):
        send(world, phone="0123")
    assert not Petition.objects.exists() and not OutboxMessage.objects.exists()


def test_a_dossier_code_links_the_dossier_of_the_province(world, returned):
    assert send(world, dossier_code=returned.code.lower()).dossier == returned
    assert send(world, dossier_code="H99.50-000000-0000").dossier is None


def test_who_records_and_who_reads(world, manager):
    p = send(world, recorded_by=world.reception, source="hotline")
    assert p.recorded_by == world.reception
    with pytest.raises(PermissionDenied):
        send(world, recorded_by=world.other_reception, source="box")  # another commune's desk
    assert access.may_record(world.reception) and not access.may_read_list(world.reception)
    everyone = Petition.objects.all()
    assert list(access.visible(manager, everyone)) == [p] and list(access.visible(world.leader, everyone)) == [p]
    assert not access.visible(world.reception, everyone).exists()
    assert not access.visible(world.other_reception, everyone).exists()
    petitions.assign(p, manager, world.specialist)
    assert list(access.visible(world.specialist, everyone)) == [p]  # assigned to them


def test_handling_on_time(world, manager):
    p = send(world, at=T0)
    p = petitions.classify(p, manager, "officer", now=T0)
    p = petitions.assign(p, manager, world.specialist, now=T0)
    assert (p.status, p.handler, p.classification) == ("processing", world.specialist, "officer")
    p = petitions.answer(p, world.specialist, "Đơn vị đã nhắc nhở cán bộ và xin lỗi ông.", to_publish=True,
                         now=at(2026, 3, 12, 16))
    assert (p.status, p.late, p.publish_due_at) == ("answered", False, at(2026, 3, 16, 16))
    p = petitions.publish(p, manager, now=at(2026, 3, 13, 8))
    assert p.published_at and not p.late
    assert [e.action for e in p.events.all()] == ["receive", "classify", "assign", "answer", "publish"]


def test_answer_after_15_working_days_is_late(world, manager):
    p = send(world, at=T0)
    p = petitions.answer(p, manager, "Trả lời muộn một ngày.", now=at(2026, 3, 13, 9, 1))
    assert p.late


def test_late_publication_is_late(world, manager):
    p = petitions.answer(send(world, at=T0), manager, "Trả lời kịp thời.", now=at(2026, 2, 24, 9))
    p = petitions.publish(p, manager, now=at(2026, 2, 27, 9))  # due 26/02 09:00
    assert p.late and p.publish_due_at == at(2026, 2, 26, 9)


def test_refusal_within_two_working_days(world, manager):
    on_time = petitions.refuse(send(world, at=T0), manager, "Nội dung không thuộc thẩm quyền.", now=at(2026, 2, 24, 9))
    late = petitions.refuse(send(world, at=T0), manager, "Nội dung không thuộc thẩm quyền.", now=at(2026, 2, 24, 9, 1))
    assert (on_time.status, on_time.late, late.late) == ("refused", False, True)


def test_more_information_stops_the_clock(world, manager):
    p = send(world, at=T0)
    p = petitions.request_info(p, manager, "Ông cho biết ngày, giờ và quầy đã đến.", now=at(2026, 2, 26, 9))
    assert (p.status, p.late) == ("info", False)
    with pytest.raises(UserFacingError, match="Không thực hiện được"):
        petitions.request_info(p, manager, "Hỏi lần thứ hai thì không được.")
    p = petitions.provide_info(p, "Sáng 12/02, quầy số 2.", now=at(2026, 3, 2, 9))
    # waited Thu 26/02 09:00 → Mon 02/03 09:00: 2 working days, added to the answer deadline
    assert (p.status, p.answer_due_at) == ("processing", at(2026, 3, 17, 9))


def test_asking_for_information_after_5_working_days_is_late(world, manager):
    p = petitions.request_info(send(world, at=T0), manager, "Xin thêm thông tin.", now=at(2026, 2, 27, 9, 1))
    assert p.late


def test_only_handlers_act(world, manager):
    p = send(world)
    for someone in (world.reception, world.other_reception, world.citizen):
        with pytest.raises(PermissionDenied):
            petitions.answer(p, someone, "Trả lời không có quyền.")
    with pytest.raises(PermissionDenied):
        petitions.assign(p, world.specialist, world.specialist)  # a specialist does not assign
    with pytest.raises(UserFacingError, match="cán bộ của đơn vị"):
        petitions.assign(p, manager, world.other_reception)


def test_sender_likes_and_reopens_once(world, manager):
    p = petitions.answer(send(world, at=T0), manager, "Trả lời lần một.", now=at(2026, 2, 24, 9))
    petitions.vote(p, "sender", "dislike")
    petitions.vote(p, "sender", "like")  # changes their mind: one vote each
    assert list(AnswerVote.objects.values_list("voter", "verdict")) == [("sender", "like")]
    with pytest.raises(UserFacingError, match="đã có"):
        petitions.vote(p, "reader-1", "like")  # readers vote on published answers only
    p = petitions.reopen(p, "Câu trả lời chưa nêu thời hạn khắc phục.", now=at(2026, 2, 25, 9))
    assert (p.status, p.answer_due_at, p.finished_at) == ("processing", at(2026, 3, 18, 9), None)
    p = petitions.answer(p, manager, "Trả lời lần hai, có thời hạn.", now=at(2026, 2, 26, 9))
    with pytest.raises(UserFacingError, match="một lần"):
        petitions.reopen(p, "Lại chưa thỏa đáng lần nữa.")


def test_a_meeting_is_recorded_whole_or_not_at_all(world):
    with pytest.raises(UserFacingError, match="dòng 2"):
        petitions.record_meeting(unit=world.org.commune_a, kind="saturday", held_on=T0.date(), place="Nhà văn hóa",
                                 lines="Câu hỏi thứ nhất đây\nAn | 123 | Câu hỏi sai số", actor=world.reception)
    assert not Petition.objects.exists() and not Meeting.objects.exists()
    saved = petitions.record_meeting(
        unit=world.org.commune_a, kind="saturday", held_on=T0.date(), place="Nhà văn hóa khu phố 3",
        lines="Khi nào có lịch cấp lại sổ hộ khẩu?\nBà Hoa | 0987654321 | Làm khai sinh cần gì?", actor=world.reception,
        now=T0)
    assert [(p.source, p.kind, p.sender_name, p.meeting.place) for p in saved] == [
        ("meeting", "question", "", "Nhà văn hóa khu phố 3"),
        ("meeting", "question", "Bà Hoa", "Nhà văn hóa khu phố 3")]
    assert all(p.answer_due_at == at(2026, 3, 13, 9) for p in saved)
    assert OutboxMessage.objects.filter(channel="sms").count() == 1  # only Bà Hoa left a phone


def test_a_staff_member_of_another_province_cannot_record(world):
    from tests.factories import make_org

    other = make_org("H98", "Tỉnh Khác")
    outsider = make_user("ngoaitinh", province=other.province, role=world.org.Role.RECEPTION, unit=other.commune_a)
    with pytest.raises(PermissionDenied):
        send(world, recorded_by=outsider, source="hotline")


def test_published_answers_are_found_without_accents(world, manager, client):
    from django.urls import reverse

    p = petitions.answer(send(world, content="Làm lại giấy khai sinh bị mất cần giấy tờ gì?"), manager,
                         "Ông/bà nộp tờ khai đăng ký lại khai sinh.", to_publish=True)
    hidden = petitions.answer(send(world, content="Một câu hỏi khác về khai sinh chưa công khai"), manager,
                              "Trả lời chưa công khai.")
    petitions.publish(p, manager)
    page = client.get(reverse("feedback:answers"), {"q": "giay khai sinh bi mat"}).content.decode()
    assert p.code in page and hidden.code not in page
    assert p.code not in client.get(reverse("feedback:answers"), {"q": "ho chieu"}).content.decode()
