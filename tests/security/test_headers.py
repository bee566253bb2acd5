"""Security headers, the content security policy, CSRF, and production settings under `check --deploy`."""

import os
import subprocess
import sys

import pytest
from django.test import Client

from motcua.core.security import policy
from tests.fixtures_dossiers import make_procedure
from tests.factories import make_user


def test_policy_allows_scripts_and_styles_from_this_site_only():
    directives = dict(part.split(" ", 1) for part in policy().split("; "))
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
    assert directives["report-uri"] == "/bao-cao-csp/"


@pytest.mark.django_db
def test_every_page_is_sent_with_the_headers(client, settings):
    response = client.get("/thu-tuc/")
    assert response["Content-Security-Policy"] == policy()  # enforced by default
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY" and response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin" and response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_report_only_policy_on_request(settings):
    settings.MOTCUA_CSP_ENFORCE = False
    response = Client().get("/thu-tuc/")  # a new client builds the middleware chain with the setting
    assert response["Content-Security-Policy-Report-Only"] == policy()
    assert "Content-Security-Policy" not in response


@pytest.mark.django_db
def test_csp_reports_are_logged_and_answered_with_no_content(client, caplog):
    body = b'{"csp-report": {"violated-directive": "script-src", "blocked-uri": "inline", "document-uri": "/x"}}'
    assert client.post("/bao-cao-csp/", body, content_type="application/csp-report").status_code == 204
    assert "script-src blocked inline" in caplog.text
    assert client.post("/bao-cao-csp/", b"not json", content_type="application/csp-report").status_code == 204


@pytest.mark.django_db
def test_a_form_post_without_the_csrf_token_is_refused(org):
    make_user("tiepnhan", province=org.province)
    strict = Client(enforce_csrf_checks=True)
    answer = strict.post("/tai-khoan/dang-nhap/", {"username": "tiepnhan", "password": "Mat-khau-2026!"})
    assert answer.status_code == 403


@pytest.mark.django_db
def test_level_2_procedures_refuse_a_password_session(client, org):
    from motcua.accounts.models import User
    from motcua.identity import gate, levels
    from django.test import RequestFactory

    procedure = make_procedure("1.001193", "Đăng ký khai sinh", [org.commune_a])
    procedure.requires_verified_identity = True
    citizen = make_user("congdan", province=org.province, kind=User.Kind.CITIZEN)
    request = RequestFactory().get("/ho-so/nop/1.001193/")
    request.user, request.session = citizen, {}
    levels.remember(request, levels.BASIC, method="password")
    refused = gate.refusal(request, procedure)
    assert refused.status_code == 403 and "định danh điện tử mức 2" in refused.content.decode()
    assert "/tai-khoan/vneid/?muc=2&amp;next=%2Fho-so%2Fnop%2F1.001193%2F" in refused.content.decode()
    levels.remember(request, levels.VERIFIED, method="vneid", provider="BCA")
    assert gate.refusal(request, procedure) is None
    procedure.requires_verified_identity = False
    request.session = {}
    assert gate.refusal(request, procedure) is None


def test_production_settings_pass_check_deploy(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "motcua.conf.production", "MOTCUA_DATA_DIR": str(tmp_path),
           "MOTCUA_SECRET_KEY": "k" * 20 + "-production-like-secret-" + "z" * 30, "MOTCUA_ALLOWED_HOSTS": "mc.example"}
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # a test-run setting, rightly refused in deployment
    result = subprocess.run([sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
