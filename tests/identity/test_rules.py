"""Pure rules of the identity app, with their own numbers."""

import time

import pytest
from joserfc import jwt
from joserfc.jwk import KeySet, OctKey, RSAKey

from motcua.core.errors import UserFacingError
from motcua.identity import citizens, lockout, middleware, oidc, passwords, twofactor
from motcua.identity.levels import level_from_claim


@pytest.mark.parametrize("value, level", [("LoA2", 2), ("LoA1", 1), ("2", 2), (2, 2), ("urn:vn:loa-2", 2),
                                          (None, 1), ("", 1), ("cao", 1), ("LoA3", 2)])
def test_level_from_claim(value, level):
    assert level_from_claim(value) == level


def test_pkce_s256_matches_rfc7636_appendix_b():
    verifier, challenge = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
    assert oidc.challenge_for(verifier) == challenge


def test_authorization_url_carries_state_nonce_and_challenge():
    client = oidc.Client("https://idp.example", "motcua", "s", "https://mc.example/cb", "openid profile", 5)
    flow = oidc.Flow("st", "no", "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
    url = oidc.authorization_url(client, "https://idp.example/authorize", flow, acr_values="LoA2", prompt="login")
    assert url.startswith("https://idp.example/authorize?response_type=code&client_id=motcua&")
    for part in ("state=st", "nonce=no", "code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                 "code_challenge_method=S256", "acr_values=LoA2", "prompt=login", "scope=openid+profile"):
        assert part in url


KEY = RSAKey.generate_key(2048, private=True)
KEYS = KeySet.import_key_set({"keys": [KEY.as_dict(private=False, kid="k1")]})
NOW = 1_780_000_000
GOOD = {"iss": "https://idp.example", "aud": ["motcua"], "sub": "abc", "nonce": "n1", "iat": NOW, "exp": NOW + 300}


def _token(claims, key=KEY, alg="RS256"):
    return jwt.encode({"alg": alg, "kid": "k1"}, claims, key, algorithms=[alg])


def _verify(token, **over):
    options = {"issuer": "https://idp.example", "client_id": "motcua", "nonce": "n1", "now": NOW, **over}
    return oidc.verify_id_token(token, KEYS, **options)


def test_a_good_id_token_passes():
    assert _verify(_token(GOOD))["sub"] == "abc"


@pytest.mark.parametrize("change, check", [
    ({"iss": "https://evil.example"}, "iss"),
    ({"aud": ["other-app"]}, "aud"),
    ({"aud": ["motcua", "other-app"]}, "azp"),
    ({"exp": NOW - 61}, "exp"),
    ({"iat": NOW + 3600}, "iat"),
    ({"nonce": "replayed"}, "nonce"),
    ({"sub": ""}, "sub"),
])
def test_each_claim_check_refuses(change, check):
    with pytest.raises(oidc.SignInFailed) as refused:
        _verify(_token({**GOOD, **change}))
    assert refused.value.check == check


def test_expiry_allows_sixty_seconds_of_clock_skew():
    assert _verify(_token({**GOOD, "exp": NOW - 59}))


def test_another_key_an_hmac_token_or_a_tampered_payload_is_refused():
    stranger = RSAKey.generate_key(2048, private=True)
    hmac_key = OctKey.import_key("x" * 32)
    header, payload, signature = _token(GOOD).split(".")
    forged_payload = _token({**GOOD, "sub": "someone-else"}).split(".")[1]
    for token in (_token(GOOD, key=stranger), _token(GOOD, key=hmac_key, alg="HS256"),
                  f"{header}.{forged_payload}.{signature}", "not.a.token"):
        with pytest.raises(oidc.SignInFailed) as refused:
            _verify(token)
        assert refused.value.check.startswith("signature")


def test_person_from_vneid_claims():
    person = citizens.person_from_claims({"SoDinhDanh": "001199012345", "HoVaTen": " Nguyễn  Văn Bình ",
                                          "NgayThangNamSinh": "19990203", "loginIdp": "BCA", "acr": "LoA2"})
    assert (person.personal_id, person.full_name, person.birth_date.isoformat(), person.level, person.provider) == (
        "001199012345", "Nguyễn Văn Bình", "1999-02-03", 2, "BCA")
    no_such_day = {"SoDinhDanh": "001199012345", "NgayThangNamSinh": "19991302"}
    assert citizens.person_from_claims(no_such_day).birth_date is None
    with pytest.raises(UserFacingError):
        citizens.person_from_claims({"SoDinhDanh": "12345"})


def test_lockout_wait_is_rounded_up_to_minutes():
    assert lockout.seconds_left(None, 100) == 0
    assert lockout.seconds_left(1000.2, 100) == 901
    assert lockout.wait_text(901) == ("16 phút", "16 minutes")
    assert lockout.wait_text(1) == ("1 phút", "1 minute")
    assert "16 phút" in lockout.locked_message(901)


def test_second_factor_policy_by_role():
    policy = ["leader", "admin", "superuser"]
    assert twofactor.needs_second_factor(["reception", "leader"], False, policy)
    assert twofactor.needs_second_factor([], True, policy)
    assert not twofactor.needs_second_factor(["reception", "specialist"], False, policy)
    assert not twofactor.needs_second_factor([], True, ["leader"])
    assert not twofactor.needs_second_factor(["leader"], False, [])


def test_idle_rules():
    assert middleware.is_idle(1000, 1000 + 1801, 1800)
    assert not middleware.is_idle(1000, 1000 + 1800, 1800)
    assert not middleware.is_idle(None, time.time(), 1800)
    assert not middleware.is_idle(1000, 99999, 0)  # 0: never
    assert middleware.should_touch(None, 5) and middleware.should_touch(0, 60) and not middleware.should_touch(0, 59)


@pytest.mark.parametrize("password, problem", [
    ("Matkhau@2026", "phổ biến"),
    ("anhyeuem123!", "phổ biến"),
    ("NguyenVanAn!90", "họ tên"),
    ("an.nguyen.1990", "họ tên"),
    ("Thao2026-vui", "họ tên"),
    ("xx001098012345", "số định danh"),
    ("goi0912345678", "điện thoại"),
    ("lanhdao.hosen", "tên đăng nhập"),
    ("Sông-Hồng-chảy-mãi", None),
    ("an-toan-tuyet-doi-7", None),  # 'an' alone is a syllable, not the person's name
])
def test_password_rule(password, problem):
    personal = {"họ tên": "Nguyễn Văn An" if "Thao" not in password else "Lê Thị Thảo",
                "tên đăng nhập": "lanhdao.hosen", "số định danh": "001098012345", "điện thoại": "0912345678"}
    found = passwords.password_problem(password, personal)
    assert (problem is None and found is None) or (problem is not None and problem in found)
