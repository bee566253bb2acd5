"""Sign-in with VNeID (relying party) and the staff second factor."""

import time
from base64 import b32encode
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django_otp import login as otp_login

from motcua.core.errors import UserFacingError

from . import citizens, levels, oidc, twofactor
from .forms import CodeForm
from .lockout import wait_text

FLOWS = "motcua_oidc_flows"
MAX_OPEN_FLOWS = 5          # sign-ins started in other tabs that may still come back
FLOW_SECONDS = 600
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


def _failure(request, error: UserFacingError, status: int):
    return render(request, "identity/sign_in_failed.html", {"error": error}, status=status)


@never_cache
@require_GET
def vneid_start(request):
    """Send the person to the identity provider, always for a fresh sign-in (decision 0382: counter and
    kiosk computers are shared). ``?muc=2`` also asks for level 2."""
    client = oidc.configured_client()
    try:
        document = oidc.discover(client)
    except UserFacingError as error:
        return _failure(request, error, 502)
    flow = oidc.new_flow()
    now = time.time()
    flows = {s: f for s, f in (request.session.get(FLOWS) or {}).items() if now - f["at"] < FLOW_SECONDS}
    flows = dict(sorted(flows.items(), key=lambda item: item[1]["at"])[-(MAX_OPEN_FLOWS - 1):])
    flows[flow.state] = {"nonce": flow.nonce, "verifier": flow.verifier, "at": now,
                         "next": safe_next(request, reverse("portal:home"))}
    request.session[FLOWS] = flows
    step_up = request.GET.get("muc") == "2"
    return redirect(oidc.authorization_url(client, document["authorization_endpoint"], flow,
                                           acr_values="LoA2" if step_up else "", prompt="login"))


@never_cache
@require_GET
def vneid_callback(request):
    """The provider sends the person back here with a code (or an error)."""
    flows = request.session.get(FLOWS) or {}
    started = flows.pop(request.GET.get("state", ""), None)
    request.session[FLOWS] = flows
    if started is None or time.time() - started["at"] >= FLOW_SECONDS:
        return _failure(request, UserFacingError(
            "Phiên đăng nhập không hợp lệ hoặc đã quá hạn, vui lòng đăng nhập lại",
            "this sign-in is unknown or expired; please start again", code="oidc_state"), 400)
    if request.GET.get("error") or not request.GET.get("code"):
        return _failure(request, UserFacingError(
            "Bạn chưa hoàn tất đăng nhập tại hệ thống định danh", "the sign-in at the identity provider was not "
            "completed", code="oidc_denied"), 400)
    client = oidc.configured_client()
    flow = oidc.Flow(state="", nonce=started["nonce"], verifier=started["verifier"])
    try:
        claims = oidc.exchange(client, oidc.discover(client), request.GET["code"], flow)
        person = citizens.person_from_claims(claims, level_claim=settings.MOTCUA_OIDC_LEVEL_CLAIM)
        user = citizens.account_for(person)
    except oidc.SignInFailed as error:
        return _failure(request, error, 502 if error.code == "oidc_unreachable" else 400)
    except UserFacingError as error:
        return _failure(request, error, 403)
    login(request, user, backend=MODEL_BACKEND)
    levels.remember(request, person.level, method="vneid", provider=person.provider)
    return redirect(started["next"])


@never_cache
@require_http_methods(["GET", "POST"])
def second_factor(request):
    """Enter the code of the authenticator app (staff whose role needs a second factor)."""
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    next_url = safe_next(request, reverse("backoffice:home"))
    if request.user.is_verified():
        return redirect(next_url)
    device = twofactor.confirmed_device(request.user)
    if device is None:
        return redirect(f"{reverse('identity:enrol')}?{urlencode({'next': next_url})}")
    return _code_page(request, device, next_url, "identity/second_factor.html", {})


@never_cache
@require_http_methods(["GET", "POST"])
def enrol(request):
    """First sign-in: scan the QR code with an authenticator app, then confirm with one code."""
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    next_url = safe_next(request, reverse("backoffice:home"))
    if request.user.is_verified() or twofactor.confirmed_device(request.user):
        return redirect(f"{reverse('identity:second_factor')}?{urlencode({'next': next_url})}")
    device = twofactor.pending_device(request.user)
    qr = segno.make(device.config_url, error="m")
    return _code_page(request, device, next_url, "identity/enrol.html", {
        "qr_svg": qr.svg_inline(scale=5, dark="#1f2933", title="Mã QR cài đặt ứng dụng xác thực"),
        "secret": _spaced(device.bin_key), "confirm_device": True})


def _code_page(request, device, next_url, template, context):
    form = CodeForm(request.POST if request.method == "POST" else None)
    wait = twofactor.wait_seconds(device)
    if request.method == "POST" and not wait and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            if context.get("confirm_device"):
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            otp_login(request, device)
            return redirect(next_url)
        form.add_error("code", "Mã xác thực không đúng hoặc đã hết hạn / wrong or expired code")
        wait = twofactor.wait_seconds(device)
    return render(request, template, {**context, "form": form, "next": next_url,
                                      "wait": wait_text(wait) if wait else None})


def _spaced(key: bytes) -> str:
    """The secret in base32, in groups of four, for typing into an app by hand."""
    text = b32encode(key).decode().rstrip("=")
    return " ".join(text[i:i + 4] for i in range(0, len(text), 4))
