"""Per-role navigation: what each kind of user finds in the top bar."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from iehub.accounts.models import ADMIN_ROLES, STAFF_ROLES, Membership, Role


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: Any

    @property
    def url(self) -> str:
        return reverse(self.url_name)


def active_roles(user: Any) -> set[str]:
    """Roles the user holds in active organisations (one query, cached on the user object)."""
    cached: set[str] | None = getattr(user, "_iehub_roles", None)
    if cached is None:
        cached = set(
            Membership.objects.filter(user_id=user.pk, is_active=True, organization__is_active=True)
            .values_list("role", flat=True)
            .distinct()
        )
        user._iehub_roles = cached
    return cached


def navigation_for(user: Any) -> list[NavItem]:
    roles = active_roles(user)
    items = [NavItem("dashboard", _("Dashboard"))]
    if user.is_superuser or roles:
        items.append(NavItem("organization_list", _("Organisations")))
    if user.is_superuser or roles & set(STAFF_ROLES):
        items.append(NavItem("person_list", _("People")))
    if user.is_superuser or roles:
        items.append(NavItem("demand_explorer", _("Skill demand")))
        items.append(NavItem("occupation_demand", _("Occupations")))
    if user.is_superuser or roles & {Role.PROGRAM_LEAD, Role.COLLEGE_ADMIN}:
        items.append(NavItem("alert_inbox", _("Skill alerts")))
    curriculum_roles = {
        Role.COLLEGE_ADMIN,
        Role.PROGRAM_LEAD,
        Role.TEACHER,
        Role.GOVERNMENT_OFFICER,
        Role.CONSORTIUM_OFFICER,
    }
    if user.is_superuser or roles & curriculum_roles:
        items.append(NavItem("curriculum_programs", _("Curricula")))
    if roles & {Role.ENTERPRISE_ADMIN, Role.ENTERPRISE_MENTOR}:
        items.append(NavItem("suggestions", _("Curriculum suggestions")))
    if user.is_superuser or roles & {Role.ENTERPRISE_ADMIN, Role.ENTERPRISE_MENTOR, Role.GOVERNMENT_OFFICER}:
        items.append(NavItem("skill_needs", _("Enterprise skill needs")))
    if Role.STUDENT in roles:
        items.append(NavItem("certificates", _("Certificates")))
        items.append(NavItem("micro_courses", _("Micro-courses")))
    if user.is_superuser or Role.GOVERNMENT_OFFICER in roles:
        items.append(NavItem("posting_imports", _("Import postings")))
    if user.is_superuser or roles & set(ADMIN_ROLES):
        items.append(NavItem("import_upload", _("Import")))
        items.append(NavItem("audit_log", _("Audit log")))
    return items
