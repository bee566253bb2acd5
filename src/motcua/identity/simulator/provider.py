"""The OpenID Connect provider of the simulated VNeID, built on authlib's authorization server.

Authorization code flow only, for one registered client (this system, from the MOTCUA_OIDC_*
settings), PKCE S256 and a nonce required, ID tokens signed RS256. Codes and access tokens live in
the shared cache (codes 5 minutes and single-use, tokens 10 minutes), so every web process serves
the flow. Claims are those VNeID gives relying parties (domain-vn.md §3.4): SoDinhDanh, HoVaTen,
NgayThangNamSinh (YYYYMMDD), loginIdp "BCA", LoaiTaiKhoan, and the level as ``acr`` ("LoA1"/"LoA2").
"""

import hashlib
import hmac
import time
from dataclasses import dataclass

from authlib.integrations.django_oauth2 import AuthorizationServer
from authlib.oauth2.rfc6749 import ClientMixin, InvalidRequestError
from authlib.oauth2.rfc6749.grants import AuthorizationCodeGrant
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import UserInfo
from authlib.oidc.core.grants import OpenIDCode
from authlib.oidc.core.models import AuthorizationCodeMixin
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse

from ..models import SimulatedCitizen
from .keys import signing_key

CODE_SECONDS = 300
TOKEN_SECONDS = 600
ID_TOKEN_SECONDS = 300
SCOPES = ("openid", "profile")


def issuer() -> str:
    return settings.MOTCUA_PUBLIC_URL.rstrip("/") + "/vneid-mo-phong"


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


PERSON_CLAIMS = {"sub", "TechID", "SoDinhDanh", "HoVaTen", "name", "NgayThangNamSinh", "LoaiTaiKhoan", "loginIdp",
                 "acr"}


def person_claims(citizen: SimulatedCitizen) -> dict:
    """The attributes VNeID gives a relying party about ``citizen``."""
    return {
        "sub": str(citizen.subject),
        "TechID": str(citizen.subject),
        "SoDinhDanh": citizen.personal_id,
        "HoVaTen": citizen.full_name,
        "name": citizen.full_name,
        "NgayThangNamSinh": citizen.birth_date.strftime("%Y%m%d"),
        "LoaiTaiKhoan": "1",  # 1: công dân (cá nhân) [I]
        "loginIdp": "BCA",
        "acr": f"LoA{citizen.level}",
    }


class RegisteredClient(ClientMixin):
    """This system as the provider's one client (a confidential client with a secret)."""

    def __init__(self):
        self.client_id = settings.MOTCUA_OIDC_CLIENT_ID
        self.redirect_uri = settings.MOTCUA_PUBLIC_URL.rstrip("/") + reverse("identity:vneid_callback")

    def get_client_id(self):
        return self.client_id

    def get_default_redirect_uri(self):
        return self.redirect_uri

    def get_allowed_scope(self, scope):
        return " ".join(s for s in (scope or "").split() if s in SCOPES)

    def check_redirect_uri(self, redirect_uri):
        return redirect_uri == self.redirect_uri  # exact match, never a prefix

    def check_client_secret(self, client_secret):
        return hmac.compare_digest(_digest(client_secret or ""), _digest(settings.MOTCUA_OIDC_CLIENT_SECRET))

    def check_endpoint_auth_method(self, method, endpoint):
        return endpoint == "token" and method in ("client_secret_basic", "client_secret_post")

    def check_response_type(self, response_type):
        return response_type == "code"

    def check_grant_type(self, grant_type):
        return grant_type == "authorization_code"


@dataclass
class IssuedCode(AuthorizationCodeMixin):
    code: str
    client_id: str
    redirect_uri: str
    scope: str
    nonce: str
    code_challenge: str
    code_challenge_method: str
    citizen_id: int
    auth_time: int
    level: int

    def get_redirect_uri(self):
        return self.redirect_uri

    def get_scope(self):
        return self.scope

    def get_nonce(self):
        return self.nonce

    def get_auth_time(self):
        return self.auth_time

    def get_acr(self):
        return f"LoA{self.level}"


@dataclass
class IssuedToken:
    client_id: str
    citizen_id: int
    scope: str
    expires_at: float


def _code_key(code: str) -> str:
    return f"vneid-sim:code:{_digest(code)}"


def _nonce_key(client_id: str, nonce: str) -> str:
    return f"vneid-sim:nonce:{_digest(client_id + ' ' + nonce)}"


def _token_key(token: str) -> str:
    return f"vneid-sim:token:{_digest(token)}"


class CodeGrant(AuthorizationCodeGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]

    def save_authorization_code(self, code, request):
        payload, citizen = request.payload, request.user
        issued = IssuedCode(
            code=code, client_id=request.client.get_client_id(), redirect_uri=payload.redirect_uri,
            scope=payload.scope, nonce=payload.data.get("nonce", ""),
            code_challenge=payload.data.get("code_challenge", ""),
            code_challenge_method=payload.data.get("code_challenge_method", "S256"),
            citizen_id=citizen.pk, auth_time=citizen.auth_time, level=citizen.level)
        cache.set(_code_key(code), issued, CODE_SECONDS)
        # A nonce that got a code is spent: an authorization request replaying it is refused.
        cache.set(_nonce_key(issued.client_id, issued.nonce), True, CODE_SECONDS * 2)

    def query_authorization_code(self, code, client):
        key = _code_key(code)
        issued = cache.get(key)
        # Claimed by deleting it: of two requests racing with one code, only one gets a token.
        if issued is None or issued.client_id != client.get_client_id() or not cache.delete(key):
            return None
        return issued

    def delete_authorization_code(self, authorization_code):
        """Nothing left to do: the code was deleted when it was claimed."""

    def authenticate_user(self, authorization_code):
        return SimulatedCitizen.objects.filter(pk=authorization_code.citizen_id).first()


class StrictPKCE(CodeChallenge):
    """PKCE is required, and only with S256 (a plain challenge is the verifier in clear)."""

    SUPPORTED_CODE_CHALLENGE_METHOD = ["S256"]

    def validate_code_challenge(self, grant, redirect_uri):
        data = grant.request.payload.data
        if not data.get("code_challenge") or data.get("code_challenge_method") != "S256":
            raise InvalidRequestError("PKCE with code_challenge_method=S256 is required")
        super().validate_code_challenge(grant, redirect_uri)


class VNeIDOpenIDCode(OpenIDCode):
    DEFAULT_EXPIRES_IN = ID_TOKEN_SECONDS

    def exists_nonce(self, nonce, request):
        return bool(cache.get(_nonce_key(request.payload.client_id, nonce)))

    def resolve_client_private_key(self, client):
        return signing_key()

    def get_client_algorithm(self, client):
        return "RS256"

    def get_encode_header(self, client):
        return {"alg": "RS256", "kid": signing_key().kid, "typ": "JWT"}

    def get_client_claims(self, client):
        return {"iss": issuer(), "aud": [client.get_client_id()]}

    def generate_user_info(self, user, scope):
        return UserInfo(person_claims(user))


class Server(AuthorizationServer):
    def __init__(self):
        super().__init__(client_model=None, token_model=None)
        self.register_grant(CodeGrant, [StrictPKCE(required=True), VNeIDOpenIDCode(require_nonce=True)])

    def query_client(self, client_id):
        client = RegisteredClient()
        return client if client_id == client.client_id else None

    def save_token(self, token, request):
        cache.set(_token_key(token["access_token"]),
                  IssuedToken(request.client.get_client_id(), request.user.pk, token.get("scope", ""),
                              time.time() + TOKEN_SECONDS), TOKEN_SECONDS)

    def create_bearer_token_generator(self):
        self.config = {**self.config, "token_expires_in": {"authorization_code": TOKEN_SECONDS}}
        return super().create_bearer_token_generator()


def citizen_for_token(access_token: str) -> SimulatedCitizen | None:
    """The citizen an unexpired access token was issued for (userinfo endpoint)."""
    issued = cache.get(_token_key(access_token or ""))
    if issued is None or issued.expires_at < time.time():
        return None
    return SimulatedCitizen.objects.filter(pk=issued.citizen_id).first()


def discovery_document() -> dict:
    base = issuer()
    return {
        "issuer": base,
        "authorization_endpoint": f"{base}/authorize",
        "token_endpoint": f"{base}/token",
        "userinfo_endpoint": f"{base}/userinfo",
        "jwks_uri": f"{base}/jwks",
        "response_types_supported": ["code"],
        "grant_types_supported": ["authorization_code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "scopes_supported": list(SCOPES),
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "code_challenge_methods_supported": ["S256"],
        "claims_supported": sorted(PERSON_CLAIMS | {"iss", "aud", "exp", "iat", "nonce", "auth_time", "at_hash"}),
        "acr_values_supported": ["LoA1", "LoA2"],
    }

