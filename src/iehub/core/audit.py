"""The audit trail: every write to a business model is recorded by django-auditlog (who, when, from
which address, before → after).

Every model of every ``iehub`` app is registered by default, so a new app cannot be forgotten; only
derived data that is rebuilt from other records (counts, series, caches) is left out, each with its
reason. Secrets (password and token hashes) are never copied into the log.

The actor and the client address come from ``AuditMiddleware`` for web and API requests; actions wrap
their writes in ``acting_as(actor)``, which keeps the request's address and also covers API-token
callers and management commands.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from auditlog.context import auditlog_value, set_actor
from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest

EXCLUDED_FIELDS = {
    "accounts.User": ["password", "last_login"],
    "accounts.ApiToken": ["key_hash", "last_used_at"],
    "accounts.EmailChange": ["token_hash"],
    "practice.LogEntry": ["signature"],  # a derived fingerprint of the text, bytes
    "evaluation.IssuerKey": [
        "private_key",
        "ldp_private_key",
    ],  # a signing key (encrypted, but still never logged)
}
# Derived records: rebuilt from postings and enterprise needs by commands; auditing them would copy
# millions of counts into the log and say nothing about who changed what.
NOT_AUDITED = {
    "demand.SkillDemand": "a demand count, rebuilt by `iehub demand refresh`",
    "demand.PostingVolume": "a posting count, rebuilt by `iehub demand refresh`",
    "demand.SkillRelation": "a co-occurrence of two skills, rebuilt by `iehub demand refresh`",
    "demand.PostingSkill": "a skill mention found by extraction, rebuilt with its posting",
    "core.Notification": "a message to one person about an audited change (read marks are not audit)",
    "core.DataVersion": "a token that database triggers move on writes to other tables; nobody edits it",
}


def audited_models() -> list[Any]:
    """Every model of every iehub app, except the derived ones above."""
    return [
        model
        for config in apps.get_app_configs()
        if config.name.startswith("iehub.")
        for model in config.get_models()
        if model._meta.label not in NOT_AUDITED
    ]


def register_models() -> None:
    """Register the audited models with django-auditlog; called from ``CoreConfig.ready``."""
    from auditlog.registry import auditlog

    for model in audited_models():
        if not auditlog.contains(model):
            auditlog.register(model, exclude_fields=EXCLUDED_FIELDS.get(model._meta.label, []))


@contextmanager
def audit_context_restored() -> Iterator[None]:
    """What django-auditlog's context variable held before, put back afterwards.

    Its ``set_actor`` and ``set_extra_data`` set the variable and never reset it, so in a server
    thread the last request's user stayed in it until the thread's next request, and through the
    user's lazy wrapper the whole request with its session and messages: 60 objects a request that
    the garbage collector found alive and moved to its oldest generation, which only a full
    collection (tens of milliseconds, in some later request) freed. Within a request, an action's
    ``acting_as`` left its own actor in place of the request's."""
    token = auditlog_value.set(auditlog_value.get({}))
    try:
        yield
    finally:
        auditlog_value.reset(token)


@contextmanager
def acting_as(actor: Any) -> Iterator[None]:
    """Attribute the audit entries of the enclosed writes to ``actor`` inside one transaction, keeping
    the client address of the request being served (if any); the request's own actor afterwards."""
    current = auditlog_value.get(None) or {}
    with (
        audit_context_restored(),
        set_actor(actor, remote_addr=current.get("remote_addr"), remote_port=current.get("remote_port")),
        transaction.atomic(),
    ):
        yield


def client_address(request: HttpRequest) -> str | None:
    """The client's address as the first trusted hop saw it.

    Without a trusted proxy (``IEHUB_TRUSTED_PROXIES=0``, the default) that is the peer address;
    ``X-Forwarded-For`` is ignored, because any client can write it. Behind N trusted proxies, it is the
    N-th address from the right of ``X-Forwarded-For`` (what the outermost trusted proxy appended).
    Used by the lockout (django-axes) and the audit log alike.
    """
    trusted = int(settings.IEHUB_TRUSTED_PROXIES)
    peer = request.META.get("REMOTE_ADDR") or None
    if trusted <= 0:
        return peer
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    return hops[-trusted] if len(hops) >= trusted else peer
