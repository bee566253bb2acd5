"""The project's WSGI application with every URL module imported up front, for gunicorn --preload.

Django imports the URL modules (and with them every app's views) on the first request, which
takes seconds; under --preload this happens once in the master and the workers share the pages
of memory they inherit (copy-on-write) instead of each importing on its first request.
"""

from django.db import connections
from django.urls import get_resolver

from motcua.wsgi import application

get_resolver().url_patterns  # noqa: B018 — the import is the point
connections.close_all()  # a connection opened while importing must not be shared by the workers

__all__ = ["application"]
