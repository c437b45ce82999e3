"""How API callers prove who they are: a bearer token or the browser's login session."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import HttpError
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
    """The browser's login session; unsafe methods need the CSRF token as Django pages do.

    The CSRF check runs only for a logged-in session: an anonymous write has nothing to forge and is
    answered 401 like any other unauthenticated call.
    """

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        try:
            return super()._get_key(request)
        except HttpError as exc:
            raise PermissionDenied(
                _("The CSRF token is missing or wrong; reload the page and try again.")
            ) from exc

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_active:
            return user
        return None
