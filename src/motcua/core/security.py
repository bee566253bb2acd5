"""Security headers and the content security policy (chính sách bảo mật nội dung).

The policy allows scripts and styles only from this site's own files: no inline <script>, no on*
attribute handlers, no eval (so no hx-on and no htmx trigger filters), no <style> element and no
style="…" attribute (decision 0533). Pages name behaviours with data-* attributes that
static/motcua/motcua.js carries out. It is enforced (MOTCUA_CSP_ENFORCE, default on); off, it is
sent as Content-Security-Policy-Report-Only, to try a change: browsers report what it would block
to /bao-cao-csp/ and block nothing. ``policy`` is pure; tests/security/inline.py finds what breaks it.
"""

import json
import logging

from django.conf import settings
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import ratelimit

log = logging.getLogger("motcua.security")
REPORT_PATH = "/bao-cao-csp/"
REPORT_RATE = "60/60"  # reports logged per client address; a page with a violation sends one per load
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


def policy(report_uri: str = REPORT_PATH, extra_connect: tuple[str, ...] = ()) -> str:
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'", *extra_connect],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "report-uri": [report_uri],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


class SecurityHeadersMiddleware:
    """Adds the CSP (enforced or report-only) and a Permissions-Policy to every response that has none."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ("Content-Security-Policy" if settings.MOTCUA_CSP_ENFORCE
                       else "Content-Security-Policy-Report-Only")
        self.policy = policy()

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault(self.header, self.policy)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


@csrf_exempt  # browsers send reports without a token
@require_POST
def csp_report(request):
    """Log what a browser reports as blocked (or as would-be blocked, in report-only mode)."""
    client = ratelimit.client_ip(request.META.get("REMOTE_ADDR", ""), request.META.get("HTTP_X_FORWARDED_FOR", ""),
                                 settings.MOTCUA_TRUSTED_PROXY_HOPS)
    if ratelimit.hit("csp-report", client, ratelimit.parse_rate(REPORT_RATE)):
        try:
            report = json.loads(request.body[:8192] or b"{}").get("csp-report", {})
        except (ValueError, AttributeError):
            report = {}
        if isinstance(report, dict):
            log.warning("CSP: %s blocked %s on %s (%s:%s)", report.get("violated-directive", "?"),
                        str(report.get("blocked-uri", "?"))[:200], str(report.get("document-uri", "?"))[:200],
                        report.get("source-file", ""), report.get("line-number", ""))
    return HttpResponse(status=204)
