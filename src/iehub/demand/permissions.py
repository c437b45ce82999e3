"""Who may see and change what in demand: the scope rule of every model and the who-may predicates.

- Job postings and the demand series are public to every signed-in person (labour-market data).
- Postings are imported by platform administrators and government officers; an import is seen by the
  person who started it.
- An enterprise's stated skill needs are read by its partners, consortia and government, and changed
  by its own staff.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from iehub.accounts import permissions as accounts
from iehub.accounts.models import User
from iehub.accounts.roles import Role
from iehub.core.models import VIEW, reference_data, scope_rule
from iehub.demand.models import JobPosting, PostingImport, SkillNeed

scope_rule(JobPosting)(reference_data)


@scope_rule(PostingImport)
def posting_import_scope(user: User, action: str) -> Q | None:
    """The person who started the import (platform administrators see all)."""
    return Q(imported_by_id=user.pk)


@scope_rule(SkillNeed)
def skill_need_scope(user: User, action: str) -> Q | None:
    """Partners, consortia and government see an enterprise's needs; its own staff change them."""
    if action == VIEW:
        return Q(enterprise_id__in=accounts.visible_org_ids(user))
    return Q(enterprise_id__in=accounts.staff_org_ids(user))


def may_import_postings(user: Any) -> bool:
    """Labour-market data is loaded by platform administrators and government officers."""
    return bool(user.is_superuser or accounts.is_government_officer(user))


def may_see_skill_needs_page(user: Any) -> bool:
    """Enterprises state needs there; government reads them (partners see them on skill pages)."""
    roles = (Role.ENTERPRISE_ADMIN, Role.ENTERPRISE_MENTOR, Role.GOVERNMENT_OFFICER)
    return bool(user.is_superuser or accounts.has_any_role(user, roles))
