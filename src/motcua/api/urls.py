"""The REST API (django-ninja). Each app contributes a router; the schema is at /api/v1/docs."""

from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from motcua.assistant.api import router as assistant_router
from motcua.core.errors import UserFacingError
from motcua.dossiers.api import router as dossiers_router
from motcua.dossiers.workflow import IllegalTransition
from motcua.portal.api import router as lookup_router

from . import errors


class MotcuaAPI(NinjaAPI):
    """The schema also documents the 400/422 answers Django Ninja gives before a view runs."""

    def get_openapi_schema(self, **kwargs):
        return errors.document_errors(super().get_openapi_schema(**kwargs))


api = MotcuaAPI(
    title="motcua API",
    version="1",
    description="API của hệ thống một cửa — one-stop administrative service centres",
    urls_namespace="api",
)
api.add_router("/", lookup_router)  # first: the busiest route is matched before the others
api.add_router("/", dossiers_router)
api.add_router("/", assistant_router)

STATUS_BY_CODE = {"not_found": 404, "conflict": 409, "idempotency_conflict": 409}


@api.exception_handler(UserFacingError)
def user_facing_error(request, exc: UserFacingError):
    return api.create_response(request, exc.as_dict(), status=STATUS_BY_CODE.get(exc.code, 422))


@api.exception_handler(IllegalTransition)
def illegal_transition(request, exc: IllegalTransition):
    body = {"code": "illegal_transition", "field": None, "message": exc.message_vi, "message_en": exc.message_en}
    return api.create_response(request, body, status=409)


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    body = {"code": "unauthorized", "field": None, "message": "Cần đăng nhập hoặc khóa API hợp lệ",
            "message_en": "sign-in or a valid API token is required"}
    return api.create_response(request, body, status=401)


@api.exception_handler(ValidationError)
def invalid_data(request, exc: ValidationError):
    return api.create_response(request, errors.validation_error(exc.errors), status=422)


@api.exception_handler(HttpError)  # a body that is not JSON (400), and Ninja's other refusals
def http_error(request, exc: HttpError):
    return api.create_response(request, errors.http_error(exc.status_code, exc.message), status=exc.status_code)
