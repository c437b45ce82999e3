"""Template context shared by every page: the navigation for the user's roles and what waits for them."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from iehub.core.notifications import unread_count
from iehub.web.navigation import navigation_for
from iehub.web.todo import INVITATIONS, waiting_count, waiting_for_request


def navigation(request: HttpRequest) -> dict[str, Any]:
    # Requests refused before authentication (the input guard) have no user yet.
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_groups": []}
    groups = navigation_for(user)
    match = getattr(request, "resolver_match", None)
    url_name = match.url_name if match is not None else None
    return {
        "nav_groups": groups,
        "nav_active": next((g.key for g in groups if g.holds(url_name)), ""),
        # Lazy: counted only by pages that render the top bar.
        "todo_count": lambda: sum(item.count for item in waiting_for_request(request)),
        "open_invitations": lambda: waiting_count(request, INVITATIONS),
        "unread_notifications": lambda: unread_count(user),
    }
