"""Reading the audit log, scoped: platform admins see every entry; organisation administrators see the
writes made by people of the organisations they administer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from auditlog.models import LogEntry
from django.db.models import QuerySet

from iehub.accounts.models import Membership
from iehub.accounts.scoping import admin_org_ids

if TYPE_CHECKING:
    from collections.abc import Iterable

    from iehub.accounts.models import User


def entries_for(user: User) -> QuerySet[LogEntry] | None:
    """The entries ``user`` may browse, newest first; ``None`` when the user may not browse the log."""
    if not user.is_authenticated:
        return None
    qs = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp", "-id")
    if user.is_superuser:
        return qs
    administered = admin_org_ids(user)
    if not administered.exists():
        return None
    people = Membership.objects.filter(organization_id__in=administered).values("user_id")
    return qs.filter(actor_id__in=people)


@dataclass(frozen=True)
class AuditRow:
    entry: LogEntry
    changes: list[tuple[str, Any, Any]]


def describe(entries: Iterable[LogEntry]) -> list[AuditRow]:
    """Each entry with its field changes as (field, before, after) for display."""
    rows = []
    for entry in entries:
        changes = entry.changes_dict if isinstance(entry.changes_dict, dict) else {}
        pairs = [(name, *[*values, None, None][:2]) for name, values in sorted(changes.items())]
        rows.append(AuditRow(entry, pairs))
    return rows
