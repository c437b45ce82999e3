"""Template context shared by every page: the navigation for the user's roles."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from iehub.accounts.queries import open_invitations_to
from iehub.web.navigation import navigation_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    # Requests refused before authentication (the input guard) have no user yet.
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    return {
        "nav_items": navigation_for(user),
        # Lazy: counted only by pages that render the top bar.
        "open_invitations": lambda: open_invitations_to(user).count(),
    }
