"""Kept pages: a page's HTML kept between requests of the same user while the data it shows stands.

Why whole pages: the bench (bench/web/RESULTS.md) found no single hotspot left in the slow pages — a
program page spends its 40–60 ms over a dozen small queries, the ORM building them, the scope rules and
template rendering — while a page served from the cache costs what the dashboard costs. The values are
kept exactly as long as the data they show: the key holds the tokens of the *data versions* of every
scope the view reads (:mod:`iehub.core.data_versions`; a trigger moves a token with every write, bulk
paths and raw SQL included), so the first view after a write computes the page afresh. What a view reads
is declared with the decorator and checked by a test that lists the tables of its SQL.

What else makes the page, and is therefore in the key: the user (and their superuser flag), the full path
with its query string, the language, the date (windows of days), htmx's partial requests, and what the
page shell shows for the user (registered by the web layer with :func:`vary_every_page_on`: the menu,
the counts that wait, the user's name). What is not kept: a page with messages to show (they are shown
once), anything but a 200 HTML response (a redirect is computed each time: no kept view answers a
plain GET with one), a response that sets a cookie, a request inside a transaction or before
``migrate`` (the tokens cannot be trusted there). The CSRF token in the kept HTML is replaced
by the requesting browser's own on every view.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import re
from collections.abc import Callable, Sequence
from typing import Any, TypeVar, cast

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware import csrf
from django.utils import timezone
from django.utils.translation import get_language

from iehub.core import data_versions
from iehub.core.scopes import ACCESS

View = Callable[..., HttpResponse]
Operation = TypeVar("Operation", bound=Callable[..., Any])
# An hour at most, as the kept values (``data_versions.kept``): what moves with the time of day and not
# with the data is never later than that on a kept page, and a page that shows such a thing prominently
# keeps itself for less (the bases' list and "my bookings" that end at a time of day: ten minutes).
PAGE_KEPT_SECONDS = 3600
CSRF_PLACEHOLDER = "iehub-kept-page-csrf-token"
JSON = "application/json; charset=utf-8"
_MASKED_TOKEN = re.compile(r"\b[a-zA-Z0-9]{64}\b")
_EVERY_PAGE_SCOPES: set[str] = set()
_EVERY_PAGE_PARTS: list[Callable[[HttpRequest], object]] = []
_MISSING = object()


def vary_every_page_on(scopes: Sequence[str], part: Callable[[HttpRequest], object]) -> None:
    """What every page shows besides its own content (the shell): the scopes it reads and a value for
    the key (called once a request, on a kept page's hit and miss alike). Registered at import."""
    _EVERY_PAGE_SCOPES.update(scopes)
    _EVERY_PAGE_PARTS.append(part)


def every_page_scopes() -> set[str]:
    return set(_EVERY_PAGE_SCOPES)


def kept_page(*scopes: str, seconds: int = PAGE_KEPT_SECONDS) -> Callable[[View], View]:
    """Keep the view's HTML per user while the tokens of ``scopes`` (and of the shell's) stand."""

    def decorate(view: View) -> View:
        name = f"{view.__module__}.{view.__qualname__}"

        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            key = _key(request, name, (*scopes, *sorted(_EVERY_PAGE_SCOPES)))
            if key is None:
                return view(request, *args, **kwargs)
            found = cache.get(key, _MISSING)
            if isinstance(found, tuple):
                content_type, html = found
                if CSRF_PLACEHOLDER in html:
                    html = html.replace(CSRF_PLACEHOLDER, csrf.get_token(request))
                return HttpResponse(html, content_type=content_type)
            response = view(request, *args, **kwargs)
            kept = _keepable(request, response)
            if kept is not None:
                cache.set(key, kept, seconds)
            return response

        wrapper.kept_scopes = tuple(scopes)  # type: ignore[attr-defined]  # read by the tests
        return wrapper

    return decorate


def kept_answer(*scopes: str, seconds: int = PAGE_KEPT_SECONDS) -> Callable[[Operation], Operation]:
    """Keep an API list's answer — the JSON the API wrote, after validating it against the response
    schema — per caller while the tokens of ``scopes`` and of ``access`` stand (the caller's
    organisations and roles decide what they see and which fields are masked). Authentication has run
    by then, so a revoked token is refused before anything kept is read. The API stores what it writes
    (:func:`keep_rendered_answer`, called by ``IehubAPI.create_response``)."""
    every = (*scopes, ACCESS)

    def decorate(operation: Operation) -> Operation:
        name = f"{operation.__module__}.{operation.__qualname__}"

        @functools.wraps(operation)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            key = _key(request, name, every, shell=False)
            if key is None:
                return operation(request, *args, **kwargs)
            found = cache.get(key, _MISSING)
            if isinstance(found, bytes):
                return HttpResponse(found, content_type=JSON)
            request._iehub_answer_key = (key, seconds)  # type: ignore[attr-defined]
            return operation(request, *args, **kwargs)

        # django-ninja reads the parameters from the signature, resolving the annotations in the
        # function's module: resolved here, where the operation's own module is known.
        wrapper.__signature__ = inspect.signature(operation, eval_str=True)  # type: ignore[attr-defined]
        wrapper.kept_scopes = every  # type: ignore[attr-defined]  # read by the tests
        return cast(Operation, wrapper)

    return decorate


def keep_rendered_answer(request: HttpRequest, response: HttpResponse) -> None:
    """Store the JSON of a kept endpoint's successful answer (nothing for any other request)."""
    kept = getattr(request, "_iehub_answer_key", None)
    if kept is not None and response.status_code == 200 and not response.streaming:
        key, seconds = kept
        cache.set(key, response.content, seconds)


def _key(request: HttpRequest, name: str, scopes: Sequence[str], shell: bool = True) -> str | None:
    """The cache key of this request's page (with the shell's scopes and values when ``shell``) or
    answer, or ``None`` where it must be computed afresh."""
    user = getattr(request, "user", None)
    if not settings.KEEP_PAGES or request.method not in ("GET", "HEAD"):
        return None
    if user is None or not user.is_authenticated or (shell and _has_messages(request)):
        return None
    found = data_versions.tokens_for_request(request)
    if found is None or any(scope not in found for scope in scopes):
        return None
    parts = [
        name,
        str(user.pk),
        str(user.is_superuser),
        request.get_full_path(),
        get_language() or "",
        timezone.localdate().isoformat(),
        request.headers.get("HX-Request", ""),
        request.headers.get("HX-Target", ""),
        *(found[scope] for scope in sorted(set(scopes))),
        *(repr(part(request)) for part in (_EVERY_PAGE_PARTS if shell else ())),
    ]
    return "iehub:page:" + hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _has_messages(request: HttpRequest) -> bool:
    """Messages waiting to be shown: such a page is shown once, never kept nor served from the cache.
    ``len`` reads the stored messages without marking them shown."""
    storage = getattr(request, "_messages", None)
    return storage is not None and len(storage) > 0


def _keepable(request: HttpRequest, response: HttpResponse) -> tuple[str, str] | None:
    """What is kept of the response — its content type and HTML with this browser's CSRF tokens taken
    out — or ``None`` when it is not kept (a redirect among them: each is computed, decision 122)."""
    if response.streaming or response.cookies or _has_messages(request):
        return None  # (a message the view added is still queued: it is shown once)
    if response.status_code != 200:
        return None
    html_page = response.get("Content-Type", "").startswith("text/html")
    if not html_page or response.has_header("Content-Disposition"):
        return None  # only the content and its type are kept: a download is not a page
    html = response.content.decode(response.charset)
    secret = request.META.get("CSRF_COOKIE")
    if secret:
        html = _MASKED_TOKEN.sub(lambda m: _placeholder_if_token_of(m.group(0), secret), html)
    return response["Content-Type"], html


def _placeholder_if_token_of(candidate: str, secret: str) -> str:
    """The placeholder for a masked CSRF token of this secret (every ``{% csrf_token %}`` of the page
    renders one); any other 64 letters and digits unmask to some other secret and stay as they are."""
    # Django's own unmasking: private, unchanged since 1.10 (the tests fail if it moves).
    secret_of_candidate = csrf._unmask_cipher_token(candidate)  # type: ignore[attr-defined]
    return CSRF_PLACEHOLDER if secret_of_candidate == secret else candidate
