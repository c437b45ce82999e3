"""Template context shared by every page: the navigation for the user's roles and what waits for them."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from iehub.web import shell
from iehub.web.todo import INVITATIONS


def navigation(request: HttpRequest) -> dict[str, Any]:
    # Requests refused before authentication (the input guard) have no user yet.
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_groups": []}
    groups = shell.navigation_for_request(request)
    match = getattr(request, "resolver_match", None)
    url_name = match.url_name if match is not None else None
    return {
        "nav_groups": groups,
        "nav_active": next((g.key for g in groups if g.holds(url_name)), ""),
        # Lazy: counted only by pages that render the top bar.
        "todo_count": lambda: sum(item.count for item in shell.waiting_for_request(request)),
        "open_invitations": lambda: shell.waiting_count(request, INVITATIONS),
        "unread_notifications": lambda: shell.waiting_count(request, shell.NOTIFICATIONS),
    }
