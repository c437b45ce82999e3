"""Audit log: every write to a business model is recorded by django-auditlog (who, when, before → after).

The actor comes from ``AuditlogMiddleware`` for web and API requests and from ``auditlog.context.set_actor``
in management commands. Secrets (password hashes, token hashes) are never copied into the log.
"""

from __future__ import annotations

from django.apps import apps

_EXCLUDED_FIELDS = {
    "accounts.User": ["password", "last_login"],
    "accounts.ApiToken": ["key_hash", "last_used_at"],
}
_AUDITED_APPS = ("accounts", "curriculum", "partnership")


def register_models() -> None:
    """Register every model of the business apps; called from ``AccountsConfig.ready``."""
    from auditlog.registry import auditlog

    for app_label in _AUDITED_APPS:
        for model in apps.get_app_config(app_label).get_models():
            label = model._meta.label
            if not auditlog.contains(model):
                auditlog.register(model, exclude_fields=_EXCLUDED_FIELDS.get(label, []))
