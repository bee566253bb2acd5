"""Django Ninja's own refusals (a body that fails the schema, a body that is not JSON) in the API's one
error shape {"code", "field", "message", "message_en"}, Vietnamese first, and documented in OpenAPI."""

import json

import pytest

from motcua.api.errors import document_errors, http_error, validation_error

SHAPE = {"code", "field", "message", "message_en"}


def test_a_missing_field_is_named_without_the_source_and_parameter():
    body = validation_error([{"type": "missing", "loc": ("body", "payload", "applicant", "name"), "msg": "Field required"}])
    assert body == {"code": "invalid", "field": "applicant.name", "message": "applicant.name: Thiếu thông tin bắt buộc",
                    "message_en": "applicant.name: Field required"}


def test_further_errors_are_counted_and_an_unknown_type_gets_the_generic_text():
    body = validation_error([{"type": "weird", "loc": ("query", "q"), "msg": "bad"},
                             {"type": "missing", "loc": ("body", "x", "a")}, {"type": "missing", "loc": ()}])
    assert body["field"] is None  # the whole parameter is wrong: no field inside it to name
    assert body["message"] == "Giá trị không hợp lệ (và 2 lỗi khác)" and body["message_en"] == "bad (and 2 more)"


def test_an_empty_list_still_gives_the_shape():
    assert set(validation_error([])) == SHAPE


def test_http_errors_of_ninja():
    assert http_error(400, "Cannot parse request body") == {
        "code": "unreadable_body", "field": None, "message": "Nội dung yêu cầu không phải JSON hợp lệ",
        "message_en": "the request body is not valid JSON"}
    assert http_error(418, "teapot")["message_en"] == "teapot"


def test_the_schema_documents_400_and_422_where_they_can_happen():
    schema = {"paths": {  # Django Ninja's keys are numbers: 422 and "422" would be one key twice in JSON
        "/a": {"post": {"requestBody": {}, "responses": {200: {}, 422: {"description": "own"}}}},
        "/b/{x}": {"get": {"parameters": [{"name": "x"}], "responses": {"200": {}}}},
        "/c": {"get": {"responses": {200: {}}}}}}
    out = document_errors(schema)
    assert set(out["paths"]["/a"]["post"]["responses"]) == {200, 400, 422}
    assert out["paths"]["/a"]["post"]["responses"][422] == {"description": "own"}  # an operation's own stays
    assert set(out["paths"]["/b/{x}"]["get"]["responses"]) == {"200", 422}
    assert set(out["paths"]["/c"]["get"]["responses"]) == {200}
    assert set(out["components"]["schemas"]["ApiError"]["properties"]) == SHAPE


@pytest.mark.django_db
@pytest.mark.parametrize(("body", "status", "field"), [
    ("not json", 400, None),
    ('{"code": "H99.51-010101-0001"}', 422, "factor"),
    ('{"code": 12, "factor": "1234"}', 422, "code"),
    ("[1, 2]", 422, "code"),  # not an object: its first field is missing
])
def test_the_api_answers_in_the_shape(client, body, status, field):
    answer = client.post("/api/v1/lookup", body, content_type="application/json")
    assert answer.status_code == status
    data = answer.json()
    assert set(data) == SHAPE and data["field"] == field and "detail" not in data
    assert data["message"] != data["message_en"]  # Vietnamese, and English apart


@pytest.mark.django_db
def test_the_served_schema_documents_them(client):
    text = client.get("/api/v1/openapi.json").content
    schema = json.loads(text)
    operations = sum(len(operations) for operations in schema["paths"].values())
    assert text.count(b'"422"') == operations  # each once: a key twice breaks Swagger UI ("duplicated mapping key")
    lookup = schema["paths"]["/api/v1/lookup"]["post"]["responses"]
    assert lookup["400"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ApiError"}
    assert "422" in lookup
