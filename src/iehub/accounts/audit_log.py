"""Reading the audit log, scoped: platform admins see every entry; organisation administrators see the
writes made by people of the organisations they administer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from auditlog.models import LogEntry
from django.db.models import QuerySet

from iehub.accounts.models import Membership
from iehub.accounts.permissions import admin_org_ids
from iehub.core import data_versions
from iehub.core.scopes import AUDIT

if TYPE_CHECKING:
    from collections.abc import Iterable

    from iehub.accounts.models import User

# Read by the audit page only (kept, core.kept_pages): every audited write adds an entry, so outside
# every scope. The content types are written by ``migrate`` alone; the page names each entry's model.
data_versions.register({AUDIT: ("auditlog_logentry", "django_content_type")}, in_every_scope=False)


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


# Bookkeeping fields that change on every write and say nothing to a reader.
_NOISE = {"id", "created_at", "updated_at"}


def _field_label(model: Any, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name) if model is not None else name
    except Exception:  # a field that has since been removed keeps its stored name
        return name


def _value(raw: Any) -> Any:
    return None if raw in (None, "None", "") else raw


def describe(entries: Iterable[LogEntry]) -> list[AuditRow]:
    """Each entry with its field changes as (field label, before, after) for display."""
    rows = []
    for entry in entries:
        changes = entry.changes_dict if isinstance(entry.changes_dict, dict) else {}
        model = entry.content_type.model_class() if entry.content_type_id else None
        pairs = [
            (_field_label(model, name), _value(values[0]), _value(values[1]))
            for name, values in sorted(changes.items())
            if name not in _NOISE and len(values) == 2
        ]
        rows.append(AuditRow(entry, pairs))
    return rows
