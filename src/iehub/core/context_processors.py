"""Template context shared by every page: the navigation for the user's roles."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from iehub.core.navigation import navigation_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    return {"nav_items": navigation_for(request.user) if request.user.is_authenticated else []}
