"""Electronic results: kept on completion, downloadable by their holder only, reusable, counted."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from motcua.core.errors import UserFacingError
from motcua.delivery import figures, results
from motcua.delivery.models import ResultReuse, StoredResult
from motcua.dossiers import services
from motcua.dossiers.models import Attachment, Dossier
from motcua.dossiers.workflow import State
from tests.factories import make_user

from .conftest import PDF, finish


@pytest.fixture
def citizen(world):
    world.citizen.personal_id = "001098012345"
    world.citizen.save()
    return world.citizen


def test_result_files_are_kept_when_attached_after_completing(world, applicant, citizen):
    dossier = finish(world, applicant, owner=citizen)  # the back office's order: complete, then attach
    stored = StoredResult.objects.get()
    assert (stored.dossier, stored.holder_id_number, stored.owner, stored.name) == (
        dossier, "001098012345", citizen, "Giấy khai sinh")
    assert results.store(dossier) == []  # once


def test_result_files_attached_before_completing_are_kept_on_completion(world, applicant):
    d = services.create(procedure=world.procedure, unit=world.org.commune_a, channel="direct", applicant=applicant,
                        actor=world.reception, submitted_via="counter", submit=True)
    for actor, action in [(world.reception, "accept"), (world.reception, "forward"), (world.specialist, "forward")]:
        d = services.perform(d, action, actor)
    services.attach(d, PDF, "ket-qua.pdf", actor=world.leader, kind="result")
    assert not StoredResult.objects.exists()
    services.perform(d, "complete", world.leader)
    assert StoredResult.objects.get().attachment.name == "ket-qua.pdf"


def test_only_the_holder_downloads(world, applicant, citizen, client):
    finish(world, applicant, owner=citizen)
    stored = StoredResult.objects.get()
    url = reverse("delivery:download", args=[stored.public_id])
    stranger = make_user("nguoila", province=world.org.province, kind="citizen", personal_id="001098099999")
    for someone in (stranger, world.reception, world.leader):
        client.force_login(someone)
        assert client.get(url).status_code == 404
    client.force_login(citizen)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment") and "no-store" in response["Cache-Control"]


def test_a_counter_applicant_reaches_their_result_by_verified_id(world, applicant, client):
    finish(world, applicant)  # no account when filed at the counter
    later = make_user("vneid-an", province=world.org.province, kind="citizen", personal_id="001098012345")
    assert list(results.held_by(later)) == list(StoredResult.objects.all())


def test_first_download_of_an_electronic_result_is_its_return(world, applicant, citizen, client):
    dossier = finish(world, applicant, delivery="electronic", owner=citizen)
    client.force_login(citizen)
    url = reverse("delivery:download", args=[StoredResult.objects.get().public_id])
    client.get(url)
    dossier.refresh_from_db()
    assert (dossier.state, dossier.received_by_name, dossier.received_by_id_number) == (
        State.RETURNED, "Nguyễn Văn An", "001098012345")
    assert client.get(url).status_code == 200  # and it stays available
    assert dossier.events.filter(action="return_result").count() == 1


def test_counter_delivery_is_not_returned_by_a_download(world, applicant, citizen, client):
    dossier = finish(world, applicant, owner=citizen)
    client.force_login(citizen)
    client.get(reverse("delivery:download", args=[StoredResult.objects.get().public_id]))
    assert Dossier.objects.get(pk=dossier.pk).state == State.COMPLETED


def test_reuse_in_a_later_draft(world, applicant, citizen, settings):
    finish(world, applicant, owner=citizen)
    stored = StoredResult.objects.get()
    draft = services.create(procedure=world.procedure, unit=world.org.commune_a, channel="online",
                            applicant=applicant, actor=citizen, owner=citizen)
    reuse = results.reuse(stored, draft, citizen)
    assert (reuse.attachment.kind, reuse.attachment.sha256) == (Attachment.Kind.SUBMISSION, stored.attachment.sha256)
    with pytest.raises(UserFacingError, match="đã có trong hồ sơ"):
        results.reuse(stored, draft, citizen)
    stranger = make_user("nguoila", province=world.org.province, kind="citizen")
    with pytest.raises(UserFacingError, match="hồ sơ của bạn"):
        results.reuse(stored, draft, stranger)
    sent = services.perform(draft, "submit", citizen, as_role="applicant")
    with pytest.raises(UserFacingError):
        results.reuse(stored, sent, citizen)  # only while it is being put together


def test_result_figures_per_unit(world, applicant, citizen):
    start = timezone.now() - timedelta(days=1)
    end = timezone.now() + timedelta(days=1)
    with_file = finish(world, applicant, owner=citizen)
    finish(world, applicant, result=False)
    draft = services.create(procedure=world.procedure, unit=world.org.commune_a, channel="online",
                            applicant=applicant, actor=citizen, owner=citizen)
    ResultReuse.objects.create(stored=StoredResult.objects.get(dossier=with_file), dossier=draft,
                               attachment=with_file.attachments.get(kind="result"))
    Dossier.objects.filter(pk=draft.pk).update(received_at=timezone.now())
    a, b = world.org.commune_a.pk, world.org.commune_b.pk
    got = figures.result_figures([a, b], start, end)
    assert got[a] == {"completed": 2, "electronic_result": 1, "received": 3, "reusing_result": 1}
    assert got[b] == {"completed": 0, "electronic_result": 0, "received": 0, "reusing_result": 0}
    assert figures.result_figures([a], end, end + timedelta(days=1))[a]["completed"] == 0


def test_result_figures_cost_four_queries(world, django_assert_num_queries):
    a, b = world.org.commune_a.pk, world.org.commune_b.pk
    with django_assert_num_queries(4):
        figures.result_figures([a, b, world.org.dept.pk], timezone.now() - timedelta(days=30), timezone.now())
