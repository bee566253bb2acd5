"""The dossier API: idempotent submission, access by unit, actions, clear errors."""

import base64
import json
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client

from motcua.api.models import ApiToken
from motcua.dossiers.models import Attachment, Dossier

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def body(**extra):
    data = {"procedure_code": "1.001193", "unit_code": "H99.50", "channel": "online",
            "applicant": {"name": "Nguyễn Văn An", "id_number": "001098012345", "phone": "0912345678"},
            "attachments": [{"name": "to-khai.png", "content_base64": base64.b64encode(PNG).decode()}]}
    data.update(extra)
    return data


def client_for(user):
    _, token = ApiToken.issue(user, "test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def post(client, data, key="k-1"):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post("/api/v1/dossiers", data, content_type="application/json", **headers)


def test_submission_is_created_once_per_idempotency_key(world):
    api = client_for(world.citizen)
    first = post(api, body())
    assert first.status_code == 201, first.content
    assert first.json()["national_status"] == 1 and first.json()["state"] == "submitted"
    retry = post(api, body())
    assert retry.status_code == 200
    assert retry.json()["public_id"] == first.json()["public_id"]
    assert Dossier.objects.count() == 1 and Attachment.objects.count() == 1
    other = post(api, body(summary="khác"))
    assert other.status_code == 409 and other.json()["code"] == "idempotency_conflict"


def test_missing_key_and_bad_input_are_explained_and_nothing_is_saved(world):
    api = client_for(world.citizen)
    assert post(api, body(), key=None).json()["field"] == "Idempotency-Key"
    bad_id = body(applicant={"name": "Trần B", "id_number": "123"})
    response = post(api, bad_id, key="k-2")
    assert response.status_code == 422
    assert response.json()["field"] == "applicant_id_number" and "12 chữ số" in response.json()["message"]
    disguised = body(attachments=[{"name": "x.pdf", "content_base64": base64.b64encode(b"<html>").decode()}])
    response = post(api, disguised, key="k-3")
    assert response.status_code == 422 and response.json()["code"] == "bad_type"
    assert post(api, body(attachments=[{"name": "a", "content_base64": "%%%"}]), key="k-4").status_code == 422
    assert Dossier.objects.count() == 0 and Attachment.objects.count() == 0


def test_malformed_json_and_unknown_fields_get_422(world):
    api = client_for(world.citizen)
    response = api.post("/api/v1/dossiers", "{not json", content_type="application/json", HTTP_IDEMPOTENCY_KEY="x")
    assert response.status_code in (400, 422)
    assert post(api, body(channel="fax"), key="k-5").status_code == 422


def test_unauthenticated_requests_are_refused():
    response = Client().get("/api/v1/dossiers/H99.50-260101-0001")
    assert response.status_code == 401
    assert Client(HTTP_AUTHORIZATION="Bearer nope").get("/api/v1/dossiers/x").status_code == 401


def test_access_is_by_unit_and_owner_and_looks_like_not_found_otherwise(world):
    created = post(client_for(world.citizen), body()).json()
    ref = created["public_id"]
    assert client_for(world.citizen).get(f"/api/v1/dossiers/{ref}").status_code == 200
    assert client_for(world.reception).get(f"/api/v1/dossiers/{ref}").status_code == 200
    foreign = client_for(world.other_reception).get(f"/api/v1/dossiers/{ref}")
    missing = client_for(world.other_reception).get("/api/v1/dossiers/00000000-0000-0000-0000-000000000000")
    assert foreign.status_code == missing.status_code == 404
    assert foreign.json() == missing.json()


def test_actions_as_sub_resources(world):
    ref = post(client_for(world.citizen), body()).json()["public_id"]
    officer = client_for(world.reception)
    accepted = officer.post(f"/api/v1/dossiers/{ref}/actions/accept", {}, content_type="application/json")
    assert accepted.status_code == 200, accepted.content
    code = accepted.json()["code"]
    assert code.startswith("H99.50-") and accepted.json()["national_status"] == 2
    illegal = officer.post(f"/api/v1/dossiers/{code}/actions/return_result", {}, content_type="application/json")
    assert illegal.status_code == 409 and "Đã tiếp nhận" in illegal.json()["message"]
    stale = officer.post(f"/api/v1/dossiers/{code}/actions/forward", {"expected_version": 0},
                         content_type="application/json")
    assert stale.status_code == 409 and stale.json()["code"] == "conflict"
    events = officer.get(f"/api/v1/dossiers/{code}/events").json()
    assert [e["action"] for e in events] == ["create", "submit", "accept"]


def test_openapi_schema_lists_the_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/dossiers", "/api/v1/dossiers/{code}", "/api/v1/dossiers/{code}/actions/{action}"} <= set(paths)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_retries_with_one_key_create_one_dossier(world):
    _, token = ApiToken.issue(world.citizen, "test")

    def send(_):
        try:
            c = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
            return post(c, body(), key="same").json()["public_id"]
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=6) as pool:
        ids = set(pool.map(send, range(12)))
    assert len(ids) == 1 and Dossier.objects.count() == 1


def test_public_lookup_needs_the_second_factor_and_reveals_no_personal_data(world, client):
    from motcua.dossiers import services

    d = services.create(procedure=world.procedure, unit=world.org.commune_a, channel="online",
                        applicant=services.Applicant(name="Nguyễn Văn An", id_number="001098012345",
                                                     phone="0912345678"), owner=world.citizen, submit=True)
    d = services.perform(d, "accept", world.reception)
    ok = client.post("/api/v1/lookup", {"code": d.code, "factor": "5678"}, content_type="application/json")
    assert ok.status_code == 200
    assert ok.json()["applicant"] == "Nguyễn V. A." and "0912345678" not in ok.content.decode()
    wrong = client.post("/api/v1/lookup", {"code": d.code, "factor": "1111"}, content_type="application/json")
    unknown = client.post("/api/v1/lookup", {"code": "H99.50-200101-0001", "factor": "5678"},
                          content_type="application/json")
    assert wrong.status_code == unknown.status_code == 404 and wrong.json() == unknown.json()


def test_the_lookup_answers_are_what_the_schema_documents(world, client):
    """The lookup's answers are rendered without Ninja validating them (decision 0641): the
    schema check is here instead, with the wire format of the times and the content type."""
    from motcua.dossiers import services
    from motcua.portal.api import LookupOut, MessageOut

    d = services.create(procedure=world.procedure, unit=world.org.commune_a, channel="online",
                        applicant=services.Applicant(name="Nguyễn Văn An", id_number="001098012345",
                                                     phone="0912345678"), owner=world.citizen, submit=True)
    d = services.perform(d, "accept", world.reception)
    ok = client.post("/api/v1/lookup", {"code": d.code, "factor": "2345"}, content_type="application/json")
    assert ok.status_code == 200 and ok["Content-Type"] == "application/json; charset=utf-8"
    answer = ok.json()
    assert set(answer) == set(LookupOut.model_fields)
    assert as_ninja_writes(LookupOut, answer) == answer
    assert answer["received_at"].endswith("Z") and answer["received_at"] == answer["history"][-1]["at"]
    assert [item["text"] for item in answer["history"]] == ["Hồ sơ đã được gửi, chờ cán bộ tiếp nhận",
                                                            "Hồ sơ đã được tiếp nhận"]
    missing = client.post("/api/v1/lookup", {"code": d.code, "factor": "0000"}, content_type="application/json")
    assert as_ninja_writes(MessageOut, missing.json()) == missing.json()


def as_ninja_writes(schema, answer: dict) -> dict:
    """``answer`` validated by ``schema`` and written by Ninja's encoder, read back."""
    from ninja.responses import NinjaJSONEncoder

    return json.loads(json.dumps(schema.model_validate(answer).model_dump(), cls=NinjaJSONEncoder))


def test_a_refused_submission_leaves_no_file_behind(world, settings):
    from pathlib import Path

    def files():
        return {p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()}

    before = files()
    bad_second = body(attachments=[{"name": "a.png", "content_base64": base64.b64encode(PNG).decode()},
                                   {"name": "b.pdf", "content_base64": base64.b64encode(b"MZ\x90").decode()}])
    assert post(client_for(world.citizen), bad_second, key="k-files").status_code == 422
    assert files() == before and Dossier.objects.count() == 0


def test_lookup_of_something_that_is_not_a_code_is_not_found(client, db):
    for code in ("H99.50-\x00", "'; drop table", "x" * 60):
        response = client.post("/api/v1/lookup", {"code": code, "factor": "1234"}, content_type="application/json")
        assert response.status_code == 404
