"""System checks of our own, run by `iehub check --deploy`."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.db import connections

from iehub.core import data_versions


@register(Tags.security, deploy=True)
def secret_key_is_set(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    if settings.SECRET_KEY_MISSING:
        return [
            Error("SECRET_KEY is not set.", hint="Set the SECRET_KEY environment variable.", id="iehub.E001")
        ]
    return []


@register(Tags.database, deploy=True)
def data_version_triggers_stand(app_configs: Any = None, databases: Any = None, **kwargs: Any) -> list[Error]:
    """Without its triggers a data version never moves, and what is cached under it goes stale."""
    if not databases:
        return []
    errors: list[Error] = []
    for alias in databases:
        connection = connections[alias]
        missing = sorted(data_versions.registered_tables() - data_versions.tables_with_triggers(connection))
        if missing:
            errors.append(
                Error(
                    f"Tables without their data-version trigger: {', '.join(missing)}.",
                    hint="Run `iehub migrate`: it installs them.",
                    id="iehub.E002",
                )
            )
    return errors
