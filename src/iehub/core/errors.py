"""One error format for everything that can go wrong, in the caller's language and with a request id.

The API answers ``{"error": {"code", "message", "fields", "request_id"}}`` for every status, including
failures outside the API's own handlers (middleware, an unknown ``/api/`` path, a crash); pages answer
a translated error page that shows the request id, never a stack trace. With the database down, both
answer 503 rather than a generic 500.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
from typing import Any

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext as _

logger = logging.getLogger("iehub.errors")


def wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def request_id(request: HttpRequest) -> str:
    """This request's id (set by ``RequestIdMiddleware``), shown on error pages and in API errors."""
    return str(getattr(request, "request_id", ""))


def error_payload(
    request: HttpRequest, code: str, message: str, fields: dict[str, list[str]] | None = None
) -> dict[str, dict[str, object]]:
    return {
        "error": {
            "code": code,
            "message": message,
            "fields": fields or {},
            "request_id": request_id(request),
        }
    }


def error_response_for(
    request: HttpRequest,
    status: int,
    code: str,
    message: str,
    fields: dict[str, list[str]] | None = None,
) -> HttpResponse:
    """The envelope for ``/api/`` paths, the translated error page for everything else."""
    if wants_json(request):
        return JsonResponse(error_payload(request, code, message, fields), status=status)
    details = [m for messages in (fields or {}).values() for m in messages]
    context = {"status": status, "message": message, "details": details, "request_id": request_id(request)}
    # A refused request renders the full page (navigation, language switch); a server error or a lost
    # database renders without the request, so that showing the error needs no database.
    html = loader.get_template("error.html").render(context, request if status < 500 else None)
    return HttpResponse(html, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response_for(request, 400, "bad_request", _("The request could not be understood."))


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = str(exception) if exception is not None and str(exception) else ""
    if wants_json(request):
        return error_response_for(
            request, 403, "forbidden", message or _("You do not have permission to do this.")
        )
    template = loader.get_template("403.html")
    return HttpResponse(template.render({"message": message}, request), status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if wants_json(request):
        return error_response_for(request, 404, "not_found", _("Not found, or not visible to you."))
    return HttpResponse(loader.get_template("404.html").render({}, request), status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """Django calls this inside the failing request's ``except`` block, so the exception is at hand."""
    exc = sys.exc_info()[1]
    if isinstance(exc, OperationalError | InterfaceError):
        return error_response_for(
            request, 503, "unavailable", _("The database is not reachable right now; try again in a minute.")
        )
    return error_response_for(
        request,
        500,
        "server_error",
        _("Something went wrong on our side; the administrators have a record of it (request %(id)s).")
        % {"id": request_id(request)},
    )


def locked_out(request: HttpRequest, original_response: Any = None, credentials: Any = None) -> HttpResponse:
    """django-axes' lockout answer: the cool-off in words ("1 hour", "1 小时"), not ISO 8601 ("PT1H")."""
    from axes.helpers import get_cool_off

    now = timezone.now()
    cool_off = get_cool_off(request) or dt.timedelta(hours=1)
    context = {"cooloff": timesince(now - cool_off, now)}
    return HttpResponse(
        loader.get_template("registration/locked_out.html").render(context, request), status=429
    )
