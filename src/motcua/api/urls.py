"""The REST API (django-ninja). Each app contributes a router; the schema is at /api/v1/docs."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="motcua API",
    version="1",
    description="API của hệ thống một cửa — one-stop administrative service centres",
    urls_namespace="api",
)
