"""Relying party (bên sử dụng định danh) of OpenID Connect: citizens sign in with VNeID or the
national portal's SSO.

Authorization code flow with PKCE (S256), ``state`` against cross-site request forgery and a
``nonce`` against token replay. The provider's endpoints come from its discovery document; its keys
from its JWKS. Nothing in the ID token is believed before ``verify_id_token`` has checked the RS256
signature, the issuer, the audience (and ``azp``), the expiry, the issue time and the nonce.

``challenge_for``, ``authorization_url`` and ``verify_id_token`` are pure (no I/O); ``discover``,
``keys`` and ``exchange`` speak HTTP to the provider and cache what they read.
"""

import base64
import hashlib
import secrets
import time
from dataclasses import dataclass
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from motcua.core.errors import UserFacingError

ALGORITHMS = ["RS256"]
LEEWAY_SECONDS = 60
DISCOVERY_CACHE_SECONDS = 3600


class SignInFailed(UserFacingError):
    """The provider's answer could not be trusted, or it could not be reached."""

    def __init__(self, message_vi: str, message_en: str, code: str = "oidc"):
        super().__init__(message_vi, message_en, code=code)


@dataclass(frozen=True)
class Client:
    issuer: str
    client_id: str
    client_secret: str
    redirect_uri: str
    scope: str
    timeout: int


@dataclass(frozen=True)
class Flow:
    """What one sign-in attempt keeps in the session until the provider sends the person back."""

    state: str
    nonce: str
    verifier: str


def configured_client() -> Client:
    """This system as a client of the configured provider (the local simulator when no issuer is set)."""
    public = settings.MOTCUA_PUBLIC_URL.rstrip("/")
    return Client(
        issuer=(settings.MOTCUA_OIDC_ISSUER or f"{public}/vneid-mo-phong").rstrip("/"),
        client_id=settings.MOTCUA_OIDC_CLIENT_ID,
        client_secret=settings.MOTCUA_OIDC_CLIENT_SECRET,
        redirect_uri=public + reverse("identity:vneid_callback"),
        scope=settings.MOTCUA_OIDC_SCOPE,
        timeout=settings.MOTCUA_OIDC_TIMEOUT_SECONDS,
    )


def new_flow() -> Flow:
    return Flow(state=secrets.token_urlsafe(24), nonce=secrets.token_urlsafe(24), verifier=secrets.token_urlsafe(48))


def challenge_for(verifier: str) -> str:
    """PKCE S256: BASE64URL(SHA256(verifier)) without padding (RFC 7636 §4.2)."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def authorization_url(client: Client, endpoint: str, flow: Flow, acr_values: str = "", prompt: str = "") -> str:
    params = {
        "response_type": "code", "client_id": client.client_id, "redirect_uri": client.redirect_uri,
        "scope": client.scope, "state": flow.state, "nonce": flow.nonce,
        "code_challenge": challenge_for(flow.verifier), "code_challenge_method": "S256",
    }
    if acr_values:
        params["acr_values"] = acr_values
    if prompt:
        params["prompt"] = prompt
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{urlencode(params)}"


def verify_id_token(id_token: str, keys: KeySet, *, issuer: str, client_id: str, nonce: str,
                    now: float | None = None) -> dict:
    """The claims of ``id_token`` once every check passes; SignInFailed naming the first that fails."""
    now = time.time() if now is None else now
    try:
        claims = jwt.decode(id_token, keys, algorithms=ALGORITHMS).claims
    except (JoseError, ValueError) as error:
        raise _untrusted(f"signature: {type(error).__name__}") from None
    audiences = claims.get("aud")
    audiences = [audiences] if isinstance(audiences, str) else list(audiences or [])
    checks = [
        (claims.get("iss") == issuer, "iss"),
        (client_id in audiences, "aud"),
        (len(audiences) == 1 or claims.get("azp") == client_id, "azp"),
        (_number(claims.get("exp")) > now - LEEWAY_SECONDS, "exp"),
        (_number(claims.get("iat")) <= now + LEEWAY_SECONDS, "iat"),
        (bool(nonce) and secrets.compare_digest(str(claims.get("nonce", "")), nonce), "nonce"),
        (bool(claims.get("sub")), "sub"),
    ]
    for passed, name in checks:
        if not passed:
            raise _untrusted(name)
    return claims


def _number(value) -> float:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else float("nan")


def _untrusted(check: str) -> SignInFailed:
    error = SignInFailed("Thông tin định danh trả về không hợp lệ, vui lòng đăng nhập lại",
                         f"the identity provider's answer failed a check ({check}); please sign in again",
                         code="oidc_untrusted")
    error.check = check
    return error


def _unreachable() -> SignInFailed:
    return SignInFailed("Không kết nối được hệ thống định danh, vui lòng thử lại sau",
                        "the identity provider could not be reached; please try again later",
                        code="oidc_unreachable")


def _get_json(url: str, timeout: int) -> dict:
    try:
        response = requests.get(url, timeout=timeout)
        response.raise_for_status()
        return response.json()
    except (requests.RequestException, ValueError):
        raise _unreachable() from None


def discover(client: Client) -> dict:
    """The provider's discovery document (cached an hour); its issuer must be the one configured."""
    key = f"oidc:discovery:{client.issuer}"
    document = cache.get(key)
    if document is None:
        document = _get_json(f"{client.issuer}/.well-known/openid-configuration", client.timeout)
        if document.get("issuer", "").rstrip("/") != client.issuer:
            raise _untrusted("discovery issuer")
        cache.set(key, document, DISCOVERY_CACHE_SECONDS)
    return document


def keys(document: dict, client: Client, refresh: bool = False) -> KeySet:
    """The provider's public keys (cached an hour; ``refresh`` after a key rotation)."""
    key = f"oidc:jwks:{document['jwks_uri']}"
    data = None if refresh else cache.get(key)
    if data is None:
        data = _get_json(document["jwks_uri"], client.timeout)
        cache.set(key, data, DISCOVERY_CACHE_SECONDS)
    try:
        return KeySet.import_key_set(data)
    except (JoseError, ValueError, KeyError, TypeError):
        raise _untrusted("jwks") from None


def exchange(client: Client, document: dict, code: str, flow: Flow) -> dict:
    """Trade the code for tokens at the token endpoint, then verify the ID token; returns its claims."""
    try:
        form = {"grant_type": "authorization_code", "code": code, "redirect_uri": client.redirect_uri,
                "code_verifier": flow.verifier}
        response = requests.post(document["token_endpoint"], data=form, timeout=client.timeout,
                                 auth=(client.client_id, client.client_secret))
    except requests.RequestException:
        raise _unreachable() from None
    if response.status_code != 200:
        raise _untrusted(f"token endpoint answered {response.status_code}")
    try:
        id_token = response.json()["id_token"]
    except (ValueError, KeyError, TypeError):
        raise _untrusted("no id_token") from None
    options = {"issuer": client.issuer, "client_id": client.client_id, "nonce": flow.nonce}
    try:
        return verify_id_token(id_token, keys(document, client), **options)
    except SignInFailed as error:
        if not error.check.startswith("signature"):
            raise
        # Perhaps the provider rotated its key since the set was cached: read it once more.
        return verify_id_token(id_token, keys(document, client, refresh=True), **options)
