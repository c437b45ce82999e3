"""Guards that run when a server process starts, not on every management command."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def refuse_to_serve_without_secret_key() -> None:
    """A production server with the public development key would let anyone forge sessions."""
    if settings.SECRET_KEY_MISSING and not settings.DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (see docs/deployment.md).")
