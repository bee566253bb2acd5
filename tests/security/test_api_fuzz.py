"""The API against its own OpenAPI schema (/api/v1/openapi.json), fuzzed by schemathesis: no server
error, every response as documented. A fixed budget and seed keep it deterministic and short."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (content_type_conformance, response_headers_conformance,
                                               response_schema_conformance, status_code_conformance)

from motcua.api.models import ApiToken
from motcua.dossiers import services
from motcua.wsgi import application
from tests.factories import make_user
from tests.fixtures_dossiers import make_procedure

CASES_PER_OPERATION = 50
# What the issue asks: no server error, and every response as documented (status, type, headers, body).
# Not "schema-valid data is accepted": the schema cannot say that a name may not be empty.
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance]
# Known departures from the schema (operation label → checks skipped there). Empty: Django Ninja's own
# 400/422 answers take the documented error shape and are in the schema (motcua/api/errors.py).
KNOWN: dict = {}


@pytest.fixture
def api_schema(db, org):
    procedure = make_procedure("1.001193", "Đăng ký khai sinh", [org.commune_a])
    officer = make_user("tiepnhan", province=org.province, role=org.Role.RECEPTION, unit=org.commune_a)
    services.create(procedure=procedure, unit=org.commune_a, channel="direct", actor=officer, submit=True,
                    submitted_via="counter",
                    applicant=services.Applicant(name="Nguyễn Văn An", id_number="001098012345", phone="0912345678"))
    token = ApiToken.issue(officer, "fuzz")[1]
    # The real WSGI handler closes the database connection after each request; inside the test's
    # transaction that would lose it (PostgreSQL). Django's test client does the same as this.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    schema.config.headers = {"Authorization": f"Bearer {token}"}
    yield schema
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=CASES_PER_OPERATION, derandomize=True, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
def test_api_answers_as_documented(case):
    known = KNOWN.get(case.operation.label, [])
    case.call_and_validate(checks=[check for check in CHECKS if check not in known])
