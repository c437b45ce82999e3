"""Request plumbing every page and endpoint shares: a request id, security headers, and a guard that
turns hostile input (oversized bodies, NUL characters) into a clear refusal before any view runs.

Why here and not in each view: PostgreSQL refuses NUL in text with a server error, and a body over the
upload cap should cost nothing; both are the same for every endpoint, so one place checks them.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from typing import Any

from auditlog.middleware import AuditlogMiddleware
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from iehub.core.audit import audit_context_restored, client_address
from iehub.core.errors import error_response_for, wants_json

# Room for the form fields and multipart framing around an uploaded file.
_BODY_OVERHEAD = 1024 * 1024
_REQUEST_ID_CHARS = frozenset("0123456789abcdefABCDEF-")


class RequestIdMiddleware:
    """Give each request an id (a proxy's ``X-Request-ID`` when it looks like one) and echo it back."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        offered = request.headers.get("X-Request-ID", "")
        valid = 8 <= len(offered) <= 64 and set(offered) <= _REQUEST_ID_CHARS
        request.request_id = offered if valid else secrets.token_hex(8)  # type: ignore[attr-defined]
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id  # type: ignore[attr-defined]
        return response


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every response (see docs/security.md).

    Pages load scripts and styles from our own static files only; no inline script, no inline style.
    The API's interactive documentation is the one exception, with its own narrower policy.
    """

    POLICY = (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; "
        "form-action 'self'; object-src 'none'"
    )
    DOCS_POLICY = (
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
    )
    PERMISSIONS = (
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), magnetometer=(), "
        "gyroscope=(), accelerometer=(), interest-cohort=()"
    )

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        admin_or_docs = request.path.startswith(("/api/docs", "/admin/"))
        response.setdefault("Content-Security-Policy", self.DOCS_POLICY if admin_or_docs else self.POLICY)
        response.setdefault("Permissions-Policy", self.PERMISSIONS)
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response


def _nul_field(value: Any, path: str = "") -> str | None:
    """The dotted path of the first string containing NUL inside a parsed JSON value, if any."""
    if isinstance(value, str):
        return path or "__all__" if "\x00" in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            found = _nul_field(str(key), path) if "\x00" in str(key) else None
            found = found or _nul_field(item, f"{path}.{key}" if path else str(key))
            if found:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = _nul_field(item, f"{path}.{index}" if path else str(index))
            if found:
                return found
    return None


class InputGuardMiddleware:
    """Refuse bodies over the upload cap (413) and NUL characters in the path, query, form or JSON (422
    naming the field in the API, 400 on pages)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refusal = self.refusal(request)
        return refusal if refusal is not None else self.get_response(request)

    def refusal(self, request: HttpRequest) -> HttpResponse | None:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.IEHUB_UPLOAD_MAX_BYTES + _BODY_OVERHEAD:
            message = _("The request is larger than %(megabytes)s MB.") % {
                "megabytes": round(settings.IEHUB_UPLOAD_MAX_BYTES / 1024 / 1024, 1)
            }
            return error_response_for(request, 413, "too_large", message)
        content_type = request.META.get("CONTENT_TYPE", "")
        if content_type.startswith("multipart/form-data") and "boundary=" not in content_type:
            message = _("The upload could not be read: the multipart boundary is missing.")
            return error_response_for(request, 400, "bad_request", message)
        field = self.nul_field(request)
        if field is None:
            return None
        message = _("Text may not contain NUL characters.")
        return error_response_for(
            request, 422, "invalid", _("Some fields are not valid."), {field: [message]}
        )

    @staticmethod
    def nul_field(request: HttpRequest) -> str | None:
        if "\x00" in request.path:
            return "__path__"
        for key, values in request.GET.lists():
            if "\x00" in key or any("\x00" in v for v in values):
                return key.replace("\x00", "")
        content_type = request.META.get("CONTENT_TYPE", "")
        if request.method in ("POST", "PUT", "PATCH") and content_type.startswith("application/json"):
            try:
                return _nul_field(json.loads(request.body or b"null"))
            except (ValueError, RecursionError):
                return None  # the endpoint reports malformed JSON itself
        if request.method == "POST" and content_type.startswith("application/x-www-form-urlencoded"):
            for key, values in request.POST.lists():
                if "\x00" in key or any("\x00" in v for v in values):
                    return key.replace("\x00", "")
        return None


class AuditMiddleware(AuditlogMiddleware):
    """django-auditlog's middleware with the client address from ``client_address`` (it would trust
    any ``X-Forwarded-For``), which leaves nothing of the request behind in its context variable
    (``audit_context_restored``)."""

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with audit_context_restored():
            response: HttpResponse = super().__call__(request)
        return response

    @staticmethod
    def _get_remote_addr(request: HttpRequest) -> str | None:
        return client_address(request)

    @staticmethod
    def _get_remote_port(request: HttpRequest) -> int | None:
        return None


class MethodNotAllowedPageMiddleware:
    """A page address opened with the wrong method (a reloaded or bookmarked form target) answers the
    translated error page with a way back, not Django's empty 405 body."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 405 or response.content or wants_json(request):
            return response
        page = error_response_for(
            request,
            405,
            "method_not_allowed",
            _("This address only takes a submitted form. Go back to the page and use its button."),
        )
        page["Allow"] = response.get("Allow", "")
        return page
