"""Per-role navigation: what each kind of user finds in the top bar.

Each entry is shown when the app's own who-may rule says the page is for the user, so the top bar and
the page agree (the page checks the same rule)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from iehub.accounts import permissions as accounts
from iehub.curriculum import permissions as curriculum
from iehub.demand import permissions as demand


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: Any

    @property
    def url(self) -> str:
        return reverse(self.url_name)


def navigation_for(user: Any) -> list[NavItem]:
    items = [NavItem("dashboard", _("Dashboard"))]
    if accounts.is_member_anywhere(user):
        items.append(NavItem("organization_list", _("Organisations")))
    if accounts.may_browse_people(user):
        items.append(NavItem("person_list", _("People")))
    if accounts.is_member_anywhere(user):
        items.append(NavItem("demand_explorer", _("Skill demand")))
        items.append(NavItem("occupation_demand", _("Occupations")))
    if curriculum.may_see_alert_inbox(user):
        items.append(NavItem("alert_inbox", _("Skill alerts")))
    if curriculum.may_browse_curricula(user):
        items.append(NavItem("curriculum_programs", _("Curricula")))
    if accounts.is_enterprise_staff(user):
        items.append(NavItem("suggestions", _("Curriculum suggestions")))
    if demand.may_see_skill_needs_page(user):
        items.append(NavItem("skill_needs", _("Enterprise skill needs")))
    if accounts.is_student(user):
        items.append(NavItem("certificates", _("Certificates")))
        items.append(NavItem("micro_courses", _("Micro-courses")))
    if demand.may_import_postings(user):
        items.append(NavItem("posting_imports", _("Import postings")))
    if accounts.may_administer_anything(user):
        items.append(NavItem("import_upload", _("Import")))
        items.append(NavItem("audit_log", _("Audit log")))
    return items
