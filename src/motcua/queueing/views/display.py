"""Display screens (màn hình gọi số): the page, its event stream and a pollable state.

Public like the kiosk: a screen is a browser in kiosk mode on a TV, with no one to log in. The
state shows ticket numbers and counters only, nothing personal.
"""

from django.conf import settings
from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import display
from .common import centre_or_404


@require_GET
def screen(request, centre):
    centre = centre_or_404(centre)
    zone = request.GET.get("khu", "")
    mode = request.GET.get("mode") or settings.MOTCUA_QUEUE_DISPLAY_MODE
    return render(request, "queueing/display.html", {
        "centre": centre, "zone": zone, "mode": "poll" if mode == "poll" else "sse",
        "voice": request.GET.get("voice", "1") != "0",
        "initial": display.snapshot(centre, zone)})


@require_GET
def events(request, centre):
    centre = centre_or_404(centre)
    response = StreamingHttpResponse(display.stream(centre, request.GET.get("khu", "")),
                                     content_type="text/event-stream; charset=utf-8")
    response["Cache-Control"] = "no-cache, no-store"
    response["X-Accel-Buffering"] = "no"  # nginx: pass events through at once
    return response


@require_GET
def state(request, centre):
    """The same state for screens that poll: 304 while nothing changed (one index lookup)."""
    centre = centre_or_404(centre)
    etag = f'"{display.fingerprint(centre.pk)}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponse(status=304)
    else:
        response = JsonResponse(display.snapshot(centre, request.GET.get("khu", "")),
                                json_dumps_params={"ensure_ascii": False})
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"
    return response
