"""What every API router shares: authentication (session or bearer token), the one error format
``{"error": {"code", "message", "fields"}}`` with translated messages, and limit/offset pagination."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import APIKeyCookie, HttpBearer

from iehub.accounts.actions import authenticate_api_token
from iehub.accounts.models import ApiToken

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class TokenAuth(HttpBearer):
    """``Authorization: Bearer iehub_…``. Read-only tokens may only read."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        api_token = authenticate_api_token(token)
        if api_token is None:
            return None
        if api_token.scope == ApiToken.Scope.READ and request.method not in SAFE_METHODS:
            raise PermissionDenied(_("This token may only read."))
        request.user = api_token.user
        return api_token.user


class SessionAuth(APIKeyCookie):
    """The browser's login session; unsafe methods need the CSRF token as Django pages do."""

    param_name = settings.SESSION_COOKIE_NAME

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_active:
            return user
        return None


class ErrorDetail(Schema):
    code: str
    message: str
    fields: dict[str, list[str]] = {}


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
    return api.create_response(
        request, {"error": {"code": code, "message": message, "fields": fields or {}}}, status=status
    )


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
            message = _PYDANTIC_MESSAGES.get(err.get("type", ""), lambda: _("Enter a valid value."))()
            fields.setdefault(_field_name(list(err.get("loc", []))), []).append(str(message))
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
        return error_response(api, request, exc.status_code, codes.get(exc.status_code, "error"), str(exc))


class Page(Schema):
    count: int
    limit: int
    offset: int
    results: list[Any]


def paginate(qs: Any, limit: int, offset: int) -> tuple[int, list[Any], int, int]:
    """Clamp ``limit``/``offset`` and return (count, rows, limit, offset) in two queries."""
    limit = max(1, min(limit, settings.API_MAX_PAGE_SIZE))
    offset = max(0, offset)
    return qs.count(), list(qs[offset : offset + limit]), limit, offset
