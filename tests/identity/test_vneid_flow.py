"""Citizen sign-in with the simulated VNeID, end to end over real HTTP: discovery, PKCE, state,
nonce, code exchange, RS256 ID token checked against the JWKS, account matched or created by
SoDinhDanh, assurance level kept in the session."""

import requests

from motcua.accounts.models import User
from motcua.identity.levels import SESSION_KEY
from tests.identity.oidc_helpers import code_and_state, full_sign_in, make_citizen, sign_in_at_provider, start


def _session_data(session):
    from django.contrib.sessions.backends.db import SessionStore

    return SessionStore(session_key=session.cookies["sessionid"]).load()


def test_first_sign_in_creates_the_citizen_account_at_level_2(rp):
    make_citizen("001199012345", "Nguyễn Văn Bình", level=2)
    browser = requests.Session()
    final = full_sign_in(browser, rp, "001199012345", "?next=/ho-so/cua-toi/")
    assert final.status_code == 200 and final.url == f"{rp}/ho-so/cua-toi/"
    user = User.objects.get(personal_id="001199012345")
    assert (user.kind, user.full_name, user.has_usable_password()) == (User.Kind.CITIZEN, "Nguyễn Văn Bình", False)
    assert _session_data(browser)[SESSION_KEY] == {"level": 2, "method": "vneid", "provider": "BCA"}


def test_existing_citizen_is_matched_by_personal_id_and_takes_the_provider_name(rp):
    existing = User.objects.create_user("congdan.cu", kind=User.Kind.CITIZEN, personal_id="079301004567",
                                        full_name="Le Thi Cuc")
    make_citizen("079301004567", "Lê Thị Cúc", level=1)
    browser = requests.Session()
    full_sign_in(browser, rp, "079301004567")
    existing.refresh_from_db()
    assert existing.full_name == "Lê Thị Cúc"
    assert User.objects.filter(personal_id="079301004567").count() == 1
    assert _session_data(browser)["_auth_user_id"] == str(existing.pk)
    assert _session_data(browser)[SESSION_KEY]["level"] == 1


def test_a_staff_account_with_the_same_personal_id_is_never_signed_in(rp):
    staff = User.objects.create_user("canbo", kind=User.Kind.STAFF, personal_id="001199012345")
    make_citizen("001199012345")
    browser = requests.Session()
    full_sign_in(browser, rp, "001199012345")
    assert _session_data(browser)["_auth_user_id"] != str(staff.pk)
    assert User.objects.get(pk=_session_data(browser)["_auth_user_id"]).kind == User.Kind.CITIZEN


def test_wrong_password_at_the_provider_stays_there(rp):
    make_citizen("001199012345")
    browser = requests.Session()
    page = start(browser, rp)
    again = sign_in_at_provider(browser, page, "001199012345", password="sai-mat-khau")
    assert again.status_code == 200 and "không đúng" in again.text
    assert "_auth_user_id" not in _session_data(browser)


def test_a_code_works_once(rp):
    make_citizen("001199012345")
    browser = requests.Session()
    back = sign_in_at_provider(browser, start(browser, rp), "001199012345")
    code, _ = code_and_state(back)
    assert browser.get(back.headers["Location"], timeout=10).status_code == 200
    replay = requests.post(f"{rp}/vneid-mo-phong/token", auth=("motcua", "motcua-vneid-simulator-demo-secret"),
                           data={"grant_type": "authorization_code", "code": code,
                                 "redirect_uri": f"{rp}/tai-khoan/vneid/ve/", "code_verifier": "x" * 43}, timeout=10)
    assert replay.status_code == 400 and replay.json()["error"] == "invalid_grant"


def test_a_forged_state_is_refused_and_nobody_is_signed_in(rp):
    make_citizen("001199012345")
    browser = requests.Session()
    back = sign_in_at_provider(browser, start(browser, rp), "001199012345")
    code, _ = code_and_state(back)
    response = browser.get(f"{rp}/tai-khoan/vneid/ve/?code={code}&state=forged", timeout=10)
    assert response.status_code == 400 and "Phiên đăng nhập không hợp lệ" in response.text
    assert "_auth_user_id" not in _session_data(browser)


def test_the_provider_refuses_a_request_without_pkce(rp):
    response = requests.get(f"{rp}/vneid-mo-phong/authorize", params={
        "response_type": "code", "client_id": "motcua", "redirect_uri": f"{rp}/tai-khoan/vneid/ve/",
        "scope": "openid profile", "state": "s", "nonce": "n"}, timeout=10)
    assert response.status_code == 400 and "PKCE" in response.text


def test_the_provider_refuses_a_foreign_redirect_uri(rp):
    response = requests.get(f"{rp}/vneid-mo-phong/authorize", params={
        "response_type": "code", "client_id": "motcua", "redirect_uri": "https://attacker.example/cb",
        "scope": "openid", "state": "s", "nonce": "n", "code_challenge": "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
        "code_challenge_method": "S256"}, timeout=10, allow_redirects=False)
    assert response.status_code == 400 and "attacker" not in response.headers.get("Location", "")


def test_a_wrong_client_secret_gets_no_token(rp, settings):
    make_citizen("001199012345")
    browser = requests.Session()
    back = sign_in_at_provider(browser, start(browser, rp), "001199012345")
    settings.MOTCUA_OIDC_CLIENT_SECRET = "not-the-secret"  # the provider now expects another secret
    response = requests.post(f"{rp}/vneid-mo-phong/token", auth=("motcua", "motcua-vneid-simulator-demo-secret"),
                             data={"grant_type": "authorization_code", "code": code_and_state(back)[0],
                                   "redirect_uri": f"{rp}/tai-khoan/vneid/ve/"}, timeout=10)
    assert response.status_code == 401


def test_discovery_jwks_and_userinfo(rp):
    document = requests.get(f"{rp}/vneid-mo-phong/.well-known/openid-configuration", timeout=10).json()
    assert document["issuer"] == f"{rp}/vneid-mo-phong"
    assert document["code_challenge_methods_supported"] == ["S256"]
    keys = requests.get(document["jwks_uri"], timeout=10).json()["keys"]
    assert keys[0]["kty"] == "RSA" and keys[0]["alg"] == "RS256" and "d" not in keys[0]
    assert requests.get(document["userinfo_endpoint"], headers={"Authorization": "Bearer nope"},
                        timeout=10).status_code == 401


def test_the_simulator_is_absent_without_demo_plugins(rp, settings):
    settings.MOTCUA_ENABLE_DEMO_PLUGINS = False
    assert requests.get(f"{rp}/vneid-mo-phong/.well-known/openid-configuration", timeout=10).status_code == 404


def test_signing_out_here_then_in_again_asks_the_provider_for_the_password_again(rp):
    make_citizen("001199012345")
    browser = requests.Session()
    full_sign_in(browser, rp, "001199012345")
    browser.post(f"{rp}/tai-khoan/dang-xuat/", data={"csrfmiddlewaretoken": browser.cookies.get("csrftoken", "")},
                 headers={"Referer": rp}, timeout=10)
    again = start(browser, rp)  # the provider's own sign-in cookie is still there
    assert "prompt=login" in again.url and 'name="password"' in again.text
