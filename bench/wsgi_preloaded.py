"""The project's WSGI application with every URL module imported up front, for gunicorn --preload,
plus three trivial endpoints that measure the floor under the load test's figures.

Django imports the URL modules (and with them every app's views) on the first request, which
takes seconds; under --preload this happens once in the master and the workers share the pages
of memory they inherit (copy-on-write) instead of each importing on its first request.

The floor (bench/load.py --scenarios floor_wsgi floor_django floor_ninja), cheapest first:
- POST /bench-floor/wsgi — answered before Django: what gunicorn and the load generator cost;
- POST /bench-floor/django — a plain Django view behind the project's whole middleware stack;
- POST /bench-floor/ninja/ping — a django-ninja operation with a small JSON body and schema, as
  the API's lookup has. Only this bench module adds them; the project's URLs do not have them.
"""

from importlib import import_module

from django.conf import settings
from django.db import connections
from django.http import JsonResponse
from django.urls import get_resolver, path
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI, Schema

from motcua.wsgi import application as django_application

floor = NinjaAPI(urls_namespace="bench-floor", docs_url=None, openapi_url=None)


class PingIn(Schema):
    code: str
    factor: str


@floor.post("/ping", auth=None)
def ping(request, body: PingIn):
    return {"code": body.code, "ok": True}


@csrf_exempt
def plain(request):
    return JsonResponse({"ok": True})


import_module(settings.ROOT_URLCONF).urlpatterns += [path("bench-floor/django", plain),
                                                      path("bench-floor/ninja/", floor.urls)]
get_resolver().url_patterns  # noqa: B018 — the import is the point
connections.close_all()  # a connection opened while importing must not be shared by the workers

WSGI_FLOOR = b'{"ok": true}'


def application(environ, start_response):
    if environ.get("PATH_INFO") == "/bench-floor/wsgi":
        environ["wsgi.input"].read()  # a real client's body is read, as Django would
        start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(WSGI_FLOOR)))])
        return [WSGI_FLOOR]
    return django_application(environ, start_response)


__all__ = ["application"]
