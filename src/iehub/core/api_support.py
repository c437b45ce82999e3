"""What every API router shares: the one error format
``{"error": {"code", "message", "fields", "request_id"}}`` with translated messages for every status
(declared in the OpenAPI schema of every operation), bounded ids, and pagination: by offset, and by
cursor past the first 10,000 rows."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import DataError, InterfaceError, OperationalError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from iehub.core import kept_pages, keyset
from iehub.core.errors import error_payload
from iehub.core.limits import MAX_OFFSET

logger = logging.getLogger("iehub.api")
T = TypeVar("T")


class ErrorDetail(Schema):
    code: str
    message: str
    fields: dict[str, list[str]] = {}
    request_id: str = ""


class ErrorOut(Schema):
    error: ErrorDetail


def error_response(
    api: NinjaAPI,
    request: HttpRequest,
    status: int,
    code: str,
    message: str,
    fields: dict[str, list[str]] | None = None,
) -> HttpResponse:
    return api.create_response(request, error_payload(request, code, message, fields), status=status)


_PYDANTIC_MESSAGES = {
    "missing": lambda: _("This field is required."),
    "int_parsing": lambda: _("Enter a whole number."),
    "int_type": lambda: _("Enter a whole number."),
    "bool_parsing": lambda: _("Enter true or false."),
    "bool_type": lambda: _("Enter true or false."),
    "string_type": lambda: _("Enter text."),
    "string_too_long": lambda: _("The text is too long."),
    "string_too_short": lambda: _("The text is too short."),
    "enum": lambda: _("Choose one of the allowed values."),
    "literal_error": lambda: _("Choose one of the allowed values."),
    "date_parsing": lambda: _("Enter a date as YYYY-MM-DD."),
    "datetime_parsing": lambda: _("Enter a date and time in ISO 8601 format."),
    "greater_than_equal": lambda: _("The number is too small."),
    "less_than_equal": lambda: _("The number is too large."),
    "extra_forbidden": lambda: _("This field cannot be set here."),
}


def _field_name(loc: list[Any]) -> str:
    parts = [
        str(p)
        for p in loc
        if p not in ("body", "query", "path", "form", "file", "payload", "data", "filters")
    ]
    return ".".join(parts) or "__all__"


def install_error_handlers(api: NinjaAPI) -> None:
    """Route every failure through the one error format."""

    @api.exception_handler(NinjaValidationError)
    def on_schema_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        fields: dict[str, list[str]] = {}
        for err in exc.errors:
            field = _field_name(list(err.get("loc", [])))
            if field == "offset" and err.get("type") == "less_than_equal":
                message = _offset_too_far()
            else:
                message = _PYDANTIC_MESSAGES.get(err.get("type", ""), lambda: _("Enter a valid value."))()
            fields.setdefault(field, []).append(str(message))
        return error_response(api, request, 422, "invalid", _("Some fields are not valid."), fields)

    @api.exception_handler(ValidationError)
    def on_model_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        fields = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        return error_response(
            api,
            request,
            422,
            "invalid",
            _("Some fields are not valid."),
            {k: [str(m) for m in v] for k, v in fields.items()},
        )

    @api.exception_handler(AuthenticationError)
    def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return error_response(api, request, 401, "unauthenticated", _("Log in or send a valid API token."))

    @api.exception_handler(PermissionDenied)
    def on_forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        message = str(exc) or _("You do not have permission to do this.")
        return error_response(api, request, 403, "forbidden", message)

    @api.exception_handler(Http404)
    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error_response(api, request, 404, "not_found", _("Not found, or not visible to you."))

    @api.exception_handler(ObjectDoesNotExist)
    def on_missing(request: HttpRequest, exc: ObjectDoesNotExist) -> HttpResponse:
        return error_response(api, request, 404, "not_found", _("Not found, or not visible to you."))

    @api.exception_handler(OverflowError)
    @api.exception_handler(DataError)
    def on_value_out_of_range(request: HttpRequest, exc: Exception) -> HttpResponse:
        # The last line of defence: schemas bound what they can; the database refuses the rest.
        logger.warning(
            "value refused by the database (request %s): %s", getattr(request, "request_id", ""), exc
        )
        message = _("A value is out of range or too long.")
        return error_response(api, request, 422, "invalid", message, {"__all__": [message]})

    @api.exception_handler(OperationalError)
    @api.exception_handler(InterfaceError)
    def on_database_down(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.error("database unavailable (request %s): %s", getattr(request, "request_id", ""), exc)
        message = _("The database is not reachable right now; try again in a minute.")
        return error_response(api, request, 503, "unavailable", message)

    @api.exception_handler(Exception)
    def on_crash(request: HttpRequest, exc: Exception) -> HttpResponse:
        request_id = getattr(request, "request_id", "")
        logger.exception("unhandled error in %s %s (request %s)", request.method, request.path, request_id)
        message = _(
            "Something went wrong on our side; the administrators have a record of it (request %(id)s)."
        ) % {"id": request_id}
        return error_response(api, request, 500, "server_error", message)

    @api.exception_handler(HttpError)
    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        codes = {
            400: "bad_request",
            401: "unauthenticated",
            403: "forbidden",
            404: "not_found",
            405: "method_not_allowed",
            409: "conflict",
            413: "too_large",
            429: "throttled",
        }
        message = str(exc)
        if exc.status_code == 400:  # ninja's "Cannot parse request body", in English only
            message = _(
                "The request body could not be read: send JSON, or a form upload where a file is taken."
            )
        return error_response(api, request, exc.status_code, codes.get(exc.status_code, "error"), message)


class Page(Schema, Generic[T]):
    """The one shape of every list endpoint: ``{count, limit, offset, results}``, with ``next``: the
    cursor of the page after this one where the list is read by cursor (``None`` at its end)."""

    count: int
    limit: int
    offset: int
    results: list[T]
    next: str | None = None


class PageQuery(Schema):
    """``limit`` and ``offset`` of a list endpoint (clamped by ``paginate``), or ``after``: a cursor."""

    limit: int = 50
    offset: int = Field(
        default=0,
        le=MAX_OFFSET,
        description=f"Rows to skip, at most {MAX_OFFSET:,}; further on, pass `after` instead.",
    )
    after: str = Field(
        default="",
        max_length=1000,
        description="The `next` of the previous page: the rows after its last row, found by index.",
    )


# The fields of ``PageQuery``: a list's filters are its query without them.
PAGE_FIELDS: set[str] = set(PageQuery.model_fields)


# Error statuses every operation may answer, with the one envelope (added to the OpenAPI schema).
_ERROR_STATUSES = {
    "400": "The request body could not be read (not JSON, or a malformed upload).",
    "401": "Not logged in, or no valid API token.",
    "403": "Logged in, but this role may not do this.",
    "404": "Not found, or not visible to the caller.",
    "413": "The request body is over the upload cap.",
    "422": "A field is not valid; `fields` names each one.",
    "500": "A server error; `request_id` identifies it in the logs.",
    "503": "The database is not reachable; retry later.",
}


# Answered by the production server (gunicorn) before the request reaches us, as its own HTML page:
# a request line (path and query string) over 4,094 bytes.
_REQUEST_LINE_TOO_LONG = {
    "description": "The path and query string are over the server's limit (4,094 bytes); HTML page.",
    "content": {"text/html": {"schema": {"type": "string"}}},
}


class IehubAPI(NinjaAPI):
    """``NinjaAPI`` whose OpenAPI schema declares the error envelope for every operation, so clients
    and fuzzers know every answer; an operation's own 422 shape (import reports) is kept beside it.
    The JSON it writes for an endpoint kept by ``kept_pages.kept_answer`` is stored for the next call."""

    def create_response(self, request: HttpRequest, data: Any, **kwargs: Any) -> HttpResponse:
        response = super().create_response(request, data, **kwargs)
        kept_pages.keep_rendered_answer(request, response)
        return response

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        schemas = schema.setdefault("components", {}).setdefault("schemas", {})
        schemas["ErrorOut"] = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(schemas["ErrorOut"].pop("$defs", {}))
        error_ref = {"$ref": "#/components/schemas/ErrorOut"}
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                responses = {str(k): v for k, v in operation.get("responses", {}).items()}
                operation["responses"] = responses
                for status, description in _ERROR_STATUSES.items():
                    declared = responses.get(status)
                    if declared is None:
                        responses[status] = {
                            "description": description,
                            "content": {"application/json": {"schema": error_ref}},
                        }
                        continue
                    content = declared.setdefault("content", {}).setdefault("application/json", {})
                    own = content.get("schema")
                    content["schema"] = {"anyOf": [own, error_ref]} if own else error_ref
                responses.setdefault("414", _REQUEST_LINE_TOO_LONG)
        return schema


def paged(qs: Any, query: PageQuery, shape: Callable[[Any], Any]) -> dict[str, Any]:
    """One page of ``qs`` in the list shape, each row through ``shape``."""
    page = paginate(qs, query.limit, query.offset, query.after)
    return {
        "count": page.count,
        "limit": page.limit,
        "offset": page.offset,
        "next": page.next,
        "results": [shape(row) for row in page.rows],
    }


@dataclass(frozen=True)
class PageOfRows:
    count: int
    rows: list[Any]
    limit: int
    offset: int
    next: str | None


def paginate(qs: Any, limit: int, offset: int, cursor: str = "") -> PageOfRows:
    """Clamp ``limit`` and return one page in two queries: by ``offset``, or after a cursor.

    A list whose ordering is made of non-null columns is read by keyset: its pages carry the cursor
    of the next one, and a cursor reads the rows after it through the ordering's index, however far
    into the list. ``count`` is always the whole list's. Offsets stop at ``MAX_OFFSET`` (the schema
    says so): an OFFSET scan reads and throws away every row before the page.
    """
    limit = max(1, min(limit, settings.API_MAX_PAGE_SIZE))
    offset = max(0, offset)
    if offset > MAX_OFFSET:  # callers outside the schema (views, scripts) meet the same rule
        raise ValidationError({"offset": [_offset_too_far()]})
    keys = keyset.ordering_keys(qs) if isinstance(qs, QuerySet) else None
    if cursor and keys is None:
        raise ValidationError({"after": [_("This list is not read by cursor: use offset and filters.")]})
    if cursor and offset:
        raise ValidationError({"after": [_("Pass either offset or after, not both.")]})
    if keys is None:
        return PageOfRows(qs.count(), list(qs[offset : offset + limit]), limit, offset, None)
    ordered = keyset.keyed(qs, keys)
    try:
        window = keyset.after(ordered, keys, cursor) if cursor else ordered
    except keyset.CursorRefused:
        message = _("This is not a cursor of this list: pass the next value of one of its pages.")
        raise ValidationError({"after": [message]}) from None
    rows = list(window[offset : offset + limit])
    following = keyset.cursor_of(rows[-1], keys) if len(rows) == limit else None
    return PageOfRows(qs.count(), rows, limit, offset, following)


def _offset_too_far() -> str:
    return _(
        "Offsets stop at %(max)s: to read further, pass after with the next value of the page before."
    ) % {"max": f"{MAX_OFFSET:,}"}
