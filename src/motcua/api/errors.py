"""The API's one error shape (dạng lỗi chung) for what Django Ninja refuses before a view runs.

Every refusal of the API is {"code", "field", "message", "message_en"}, Vietnamese first (the views
raise ``UserFacingError``). Django Ninja answers a body that fails its schema with 422
{"detail": [pydantic errors]} and a body that is not JSON with 400 {"detail": "Cannot parse request
body"}; ``validation_error`` and ``http_error`` turn those into the shape, and ``document_errors``
writes the 400/422 answers into the OpenAPI schema of every operation that can give them.
``validation_error``, ``http_error`` and ``document_errors`` are pure.
"""

from ninja import Schema

# Pydantic error types (the first error of a body) → Vietnamese. Any other type: the generic text.
VIETNAMESE_BY_TYPE = {
    "missing": "Thiếu thông tin bắt buộc",
    "string_type": "Phải là chuỗi ký tự",
    "string_too_long": "Quá dài",
    "string_too_short": "Quá ngắn",
    "string_pattern_mismatch": "Không đúng định dạng",
    "int_type": "Phải là số nguyên",
    "int_parsing": "Phải là số nguyên",
    "bool_type": "Phải là true hoặc false",
    "bool_parsing": "Phải là true hoặc false",
    "list_type": "Phải là một danh sách",
    "model_type": "Phải là một đối tượng JSON",
    "model_attributes_type": "Phải là một đối tượng JSON",
    "dict_type": "Phải là một đối tượng JSON",
    "literal_error": "Không thuộc các giá trị cho phép",
    "enum": "Không thuộc các giá trị cho phép",
    "too_long": "Quá nhiều phần tử",
    "date_from_datetime_parsing": "Không phải ngày hợp lệ",
    "datetime_from_date_parsing": "Không phải thời điểm hợp lệ",
}
GENERIC_VI = "Giá trị không hợp lệ"
# Where a parameter comes from: the first item of a pydantic location, followed by the parameter name.
SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}
HTTP_ERRORS = {  # status → (code, Vietnamese, English) for Django Ninja's own HttpError
    400: ("unreadable_body", "Nội dung yêu cầu không phải JSON hợp lệ", "the request body is not valid JSON"),
    405: ("method_not_allowed", "Phương thức không được hỗ trợ", "method not allowed"),
    429: ("rate_limited", "Quá nhiều yêu cầu, vui lòng thử lại sau", "too many requests, try again later"),
}


class ApiError(Schema):
    """Lỗi: what was refused and why, Vietnamese first; ``field`` names the input at fault, if any."""

    code: str
    field: str | None = None
    message: str
    message_en: str


def _field(location) -> str | None:
    parts = [str(part) for part in location]
    if parts and parts[0] in SOURCES:
        parts = parts[2:]  # the source and the view's parameter name say nothing to the caller
    return ".".join(parts) or None


def validation_error(errors: list[dict]) -> dict:
    """Ninja's list of pydantic errors → the error shape, naming the first field at fault."""
    first = errors[0] if errors else {}
    field = _field(first.get("loc", ()))
    vi = VIETNAMESE_BY_TYPE.get(first.get("type", ""), GENERIC_VI)
    en = str(first.get("msg", "invalid value"))
    more = len(errors) - 1
    if more > 0:  # one message, and how many more: the caller fixes the first and tries again
        vi, en = f"{vi} (và {more} lỗi khác)", f"{en} (and {more} more)"
    return {"code": "invalid", "field": field,
            "message": f"{field}: {vi}" if field else vi, "message_en": f"{field}: {en}" if field else en}


def http_error(status: int, detail: str) -> dict:
    code, vi, en = HTTP_ERRORS.get(status, ("http_error", "Yêu cầu không được chấp nhận", detail))
    return {"code": code, "field": None, "message": vi, "message_en": en}


ERROR_REF = {"$ref": "#/components/schemas/ApiError"}
DOCUMENTED = {  # added to an operation's responses unless it documents that status already
    400: "Nội dung không phải JSON / the body is not JSON",
    422: "Dữ liệu không đúng lược đồ / the data does not match the schema",
}


def document_errors(schema: dict) -> dict:
    """Add 400 (operations with a body) and 422 (with a body or parameters) to the OpenAPI schema."""
    schema.setdefault("components", {}).setdefault("schemas", {})["ApiError"] = ApiError.model_json_schema()
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            statuses = [400, 422] if "requestBody" in operation else [422] if operation.get("parameters") else []
            responses = operation["responses"]
            documented = {str(status) for status in responses}  # Ninja's keys are numbers, a JSON file's text
            for status in statuses:
                if str(status) not in documented:
                    responses[status] = {"description": DOCUMENTED[status],
                                         "content": {"application/json": {"schema": ERROR_REF}}}
    return schema
