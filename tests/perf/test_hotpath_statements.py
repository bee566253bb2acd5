"""The statements of the two hot paths are pinned (upper bounds): a change that adds a query to a
submission or a lookup fails here, with the statements listed (docs/developers/hot-paths.md)."""

import base64
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from motcua.api.auth import touch
from motcua.api.models import ApiToken
from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.perf.measure import TINY_PDF, UNLIMITED

pytestmark = pytest.mark.django_db
CONTROL = re.compile(r"^(BEGIN|SAVEPOINT|RELEASE|COMMIT|ROLLBACK)\b", re.IGNORECASE)

# Submission, data statements: token, idempotency key read, procedure + unit + enabled row, dossier
# insert, create event, attachment, dossier update (submit), submit event, fee-notice check
# (payments), facts (one statement on PostgreSQL, two on SQLite), attachments read for the portal
# sync, two outbox messages (portal sync, SMS), idempotency key insert.
SUBMISSION_DATA = {"postgresql": 14, "sqlite": 15}
SUBMISSION_CONTROL = 4  # BEGIN (logged on SQLite), SAVEPOINT + RELEASE around services.create, COMMIT
# The address's try (with the code's counter), the dossier with its history; a wrong factor also
# counts against the code.
LOOKUP = {200: 2, 404: 3}


def split(queries):
    sql = [q["sql"] for q in queries.captured_queries]
    return [s for s in sql if not CONTROL.match(s)], [s for s in sql if CONTROL.match(s)]


def submit(client, token, key, unit_code="H99.50"):
    body = {"procedure_code": "1.001193", "unit_code": unit_code, "channel": "online",
            "applicant": {"name": "Nguyễn Văn An", "id_number": "001098012345", "phone": "0912345678"},
            "attachments": [{"name": "don.pdf", "content_base64": base64.b64encode(TINY_PDF).decode()}]}
    return client.post("/api/v1/dossiers", body, content_type="application/json",
                       headers={"Authorization": f"Bearer {token}", "Idempotency-Key": key})


@pytest.fixture
def token(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return ApiToken.issue(world.citizen, "test")[1]


def test_a_submission_stays_within_its_statements(world, token):
    client = Client()
    assert submit(client, token, "warm-up").status_code == 201  # first use writes last_used_at
    with CaptureQueriesContext(connection) as queries:
        response = submit(client, token, "k-1")
    assert response.status_code == 201, response.content
    data, control = split(queries)
    listing = "\n".join(data + control)
    assert len(data) <= SUBMISSION_DATA[connection.vendor], listing
    assert len(control) <= SUBMISSION_CONTROL, listing
    assert not [s for s in data if "api_apitoken" in s and s.startswith("UPDATE")], "last_used_at written again"
    dossier = Dossier.objects.get(public_id=response.json()["public_id"])
    assert dossier.state == "submitted" and dossier.version == 1 and dossier.attachments.count() == 1
    assert services.verify_chain(dossier.events.order_by("seq")) == []  # the chain tip kept in memory is right


def test_a_retry_with_the_same_key_reads_and_writes_nothing_new(world, token):
    client = Client()
    first = submit(client, token, "k-1")
    with CaptureQueriesContext(connection) as queries:
        again = submit(client, token, "k-1")
    assert again.status_code == 200 and again.json()["public_id"] == first.json()["public_id"]
    data, _ = split(queries)
    assert len(data) <= 3, "\n".join(data)  # the token, the key, the dossier with its procedure and units
    assert Dossier.objects.count() == 1


@pytest.mark.parametrize("factor,status", [("5678", 200), ("0000", 404)])
def test_a_lookup_stays_within_its_statements(world, factor, status):
    d = services.create(procedure=world.procedure, unit=world.org.commune_a, channel="online",
                        applicant=services.Applicant(name="Nguyễn Văn An", id_number="001098012345",
                                                     phone="0912345678"),
                        actor=world.citizen, owner=world.citizen, submit=True)
    d = services.perform(services.perform(d, "accept", world.reception), "forward", world.reception)
    client = Client()
    with UNLIMITED:
        for url, payload in (("/api/v1/lookup", {"code": d.code, "factor": factor}), ("/tra-cuu/", None)):
            with CaptureQueriesContext(connection) as queries:
                if payload:
                    response = client.post(url, payload, content_type="application/json")
                else:
                    response = client.post(url, {"code": d.code, "factor": factor})
            assert response.status_code == (status if payload else 200), (url, response.content[:300])
            assert len(queries) <= LOOKUP[status], "\n".join(q["sql"] for q in queries.captured_queries)
    if status == 200:
        assert response.context["result"]["current_step"] == "Thẩm định"  # the step name came with the dossier
    else:
        assert response.context["not_found"]


def test_last_used_is_written_at_most_once_a_minute(world):
    token, _ = ApiToken.issue(world.citizen, "t")
    now = timezone.now()
    with CaptureQueriesContext(connection) as queries:
        touch(token, now)  # never used: written
    assert len(queries) == 1
    token.refresh_from_db()
    assert token.last_used_at == now
    with CaptureQueriesContext(connection) as queries:
        touch(token, now + timedelta(seconds=59))
    assert len(queries) == 0
    touch(token, now + timedelta(seconds=60))
    token.refresh_from_db()
    assert token.last_used_at == now + timedelta(seconds=60)
    stale = ApiToken.objects.get(pk=token.pk)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now + timedelta(seconds=100))  # another process
    touch(stale, now + timedelta(seconds=120))  # its copy is old, the row is not: the UPDATE's condition holds
    assert ApiToken.objects.get(pk=token.pk).last_used_at == now + timedelta(seconds=100)


def test_attachment_bytes_are_synced_to_disk_before_the_commit(world, token, monkeypatch, tmp_path):
    import os

    from motcua.dossiers import uploads

    synced = []
    real_fsync = os.fsync
    monkeypatch.setattr(uploads.os, "fsync", lambda fd: (synced.append(os.readlink(f"/proc/self/fd/{fd}")),
                                                         real_fsync(fd)))
    response = submit(Client(), token, "k-fsync")
    assert response.status_code == 201
    stored = Dossier.objects.get(public_id=response.json()["public_id"]).attachments.get().storage_name
    file = tmp_path / stored
    assert synced == [str(file), str(file.parent), str(file.parent.parent), str(tmp_path)]


def test_the_hand_written_lookup_reads_what_the_orm_would(world):
    from motcua.portal.lookup import lookup

    d = services.create(procedure=world.procedure, unit=world.org.commune_a, channel="online",
                        applicant=services.Applicant(name="Nguyễn Văn An", id_number="001098012345",
                                                     phone="0912345678"),
                        actor=world.citizen, owner=world.citizen, submit=True)
    d = services.perform(services.perform(d, "accept", world.reception), "forward", world.reception)
    d.refresh_from_db()
    found = lookup(d.code, "5678")
    events = list(d.events.exclude(action="create").order_by("seq"))
    assert [item["at"] for item in found["history"]] == [e.at for e in events]  # aware, same instants
    assert all(item["at"].tzinfo is not None for item in found["history"])
    assert (found["received_at"], found["due_at"], found["submitted_at"]) == (d.received_at, d.due_at, d.submitted_at)
    assert found["history"][-1]["text"].endswith("Thẩm định")  # the forward event's step, by LEFT JOIN
    assert (found["receiving_unit"], found["current_unit"]) == (d.unit.name, d.current_unit.name)
    assert found["procedure_code"] == world.procedure.code and found["finished_at"] is None
