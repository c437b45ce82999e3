"""Small parsing helpers shared by list views."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from iehub.accounts.models import User


def current_user(request: HttpRequest) -> User:
    """The signed-in person (views and endpoints behind login or API auth), typed as our User."""
    return request.user  # type: ignore[return-value]


def int_or_none(value: str | None) -> int | None:
    """Parse an optional integer query parameter; junk means no filter rather than an error page."""
    try:
        return int(value) if value else None
    except ValueError:
        return None


def query_string_without_page(request: HttpRequest) -> str:
    """The current filters, for pagination links that keep them."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
