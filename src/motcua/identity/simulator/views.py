"""Pages and endpoints of the simulated VNeID.

Its sign-in lives in its own signed cookie limited to /vneid-mo-phong/, never in this system's
session: like the real provider on its own domain, signing in there signs nobody in here.
"""

import time
from functools import wraps

from authlib.oauth2 import OAuth2Error
from django import forms
from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from ..models import SimulatedCitizen
from . import provider
from .keys import public_jwks

COOKIE = "vneid_mo_phong"
COOKIE_PATH = "/vneid-mo-phong/"
COOKIE_SALT = "motcua.identity.simulator"
SIGNED_IN_SECONDS = 600


def simulator_only(view):
    """The simulator exists only where demo plugins are on; elsewhere its addresses are not found."""
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not settings.MOTCUA_ENABLE_DEMO_PLUGINS:
            raise Http404
        return view(request, *args, **kwargs)
    return wrapper


class SignInForm(forms.Form):
    personal_id = forms.CharField(label="Số định danh cá nhân", max_length=12)
    password = forms.CharField(label="Mật khẩu", widget=forms.PasswordInput)

    def clean(self):
        data = super().clean()
        citizen = SimulatedCitizen.objects.filter(personal_id=(data.get("personal_id") or "").strip()).first()
        if citizen is None or not citizen.check_password(data.get("password") or ""):
            raise forms.ValidationError("Số định danh hoặc mật khẩu không đúng / wrong ID number or password")
        self.citizen = citizen
        return data


def _signed_in(request) -> SimulatedCitizen | None:
    value = request.get_signed_cookie(COOKIE, default=None, salt=COOKIE_SALT, max_age=SIGNED_IN_SECONDS)
    if not value:
        return None
    citizen = SimulatedCitizen.objects.filter(pk=value["id"]).first()
    if citizen is not None:
        citizen.auth_time = value["at"]
    return citizen


@simulator_only
@never_cache
@require_http_methods(["GET", "POST"])
def authorize(request):
    """Authorization endpoint: checks the request, asks the citizen to sign in, returns a code."""
    server = provider.Server()
    try:
        grant = server.get_consent_grant(request)
    except OAuth2Error as error:
        # Plain strings: the error object is callable, and templates would call it.
        return render(request, "identity/simulator/error.html",
                      {"error": error.error, "description": error.description or ""}, status=400)
    wants_login = "login" in (request.GET.get("prompt") or "").split()
    citizen = None if wants_login else _signed_in(request)
    form = SignInForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        citizen = form.citizen
        citizen.auth_time = int(time.time())
    if citizen is None or (request.method == "GET" and wants_login):
        return render(request, "identity/simulator/sign_in.html", {
            "form": form, "demo_citizens": SimulatedCitizen.objects.all()[:10]}, status=200)
    response = server.create_authorization_response(request, grant_user=citizen, grant=grant)
    response.set_signed_cookie(COOKIE, {"id": citizen.pk, "at": citizen.auth_time}, salt=COOKIE_SALT,
                               max_age=SIGNED_IN_SECONDS, path=COOKIE_PATH, httponly=True, samesite="Lax",
                               secure=request.is_secure())
    return response


@simulator_only
@csrf_exempt  # called by the relying party's server, authenticated by its client secret
@require_http_methods(["POST"])
def token(request):
    return provider.Server().create_token_response(request)


@simulator_only
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def userinfo(request):
    scheme, _, access_token = request.headers.get("Authorization", "").partition(" ")
    citizen = provider.citizen_for_token(access_token) if scheme.lower() == "bearer" else None
    if citizen is None:
        response = JsonResponse({"error": "invalid_token"}, status=401)
        response["WWW-Authenticate"] = 'Bearer error="invalid_token"'
        return response
    return JsonResponse(provider.person_claims(citizen))


@simulator_only
@require_GET
def discovery(request):
    return JsonResponse(provider.discovery_document())


@simulator_only
@require_GET
def jwks(request):
    return JsonResponse(public_jwks())
