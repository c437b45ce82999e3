"""System checks of our own, run by `iehub check --deploy`."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def secret_key_is_set(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    if settings.SECRET_KEY_MISSING:
        return [
            Error("SECRET_KEY is not set.", hint="Set the SECRET_KEY environment variable.", id="iehub.E001")
        ]
    return []
