"""The top bar: the dashboard, then one menu per stage of the loop (demand → curriculum → practice →
evaluation → matching → partnership & quality → administration), each with the pages of that stage the
user may use.

Each entry is shown when the app's own who-may rule says the page is for the user, so the top bar and
the page agree (the page checks the same rule). A stage without pages for the user is not shown, so
the bar stays one line as areas are added: a new app adds its entries to its stage in :data:`MENU` and
its rule to :func:`pages_for`. The answer is kept between requests (:mod:`iehub.web.shell`): a rule
that reads a table the shell does not version yet fails a test that names the table.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from django.urls import get_script_prefix, reverse
from django.utils.translation import gettext_lazy as _

from iehub.accounts import permissions as accounts
from iehub.curriculum import permissions as curriculum
from iehub.demand import permissions as demand
from iehub.evaluation import permissions as evaluation
from iehub.matching import permissions as matching
from iehub.partnership import incentives, kpis, pulses, teachers
from iehub.partnership import permissions as partnership
from iehub.practice import permissions as practice
from iehub.surveys import permissions as surveys


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: Any

    @property
    def url(self) -> str:
        return _url(self.url_name, get_script_prefix())


@functools.lru_cache(maxsize=256)
def _url(url_name: str, script_prefix: str) -> str:
    """The menu's URLs, reversed once a process (by prefix): a page has some forty of them."""
    return reverse(url_name)


@dataclass
class NavGroup:
    key: str
    label: Any
    items: list[NavItem] = field(default_factory=list)

    def holds(self, url_name: str | None) -> bool:
        return any(item.url_name == url_name for item in self.items)


MENU: tuple[tuple[str, Any, tuple[tuple[str, Any], ...]], ...] = (
    (
        "demand",
        _("Demand"),
        (
            ("demand_explorer", _("Skill demand")),
            ("occupation_demand", _("Occupations")),
            ("skill_needs", _("Enterprise skill needs")),
            ("posting_imports", _("Import postings")),
        ),
    ),
    (
        "curriculum",
        _("Curriculum"),
        (
            ("alert_inbox", _("Skill alerts")),
            ("curriculum_programs", _("Curricula")),
            ("change_requests", _("Change requests")),
            ("curriculum_overview", _("Overview")),
            ("suggestions", _("Curriculum suggestions")),
            ("micro_courses", _("Micro-courses")),
            ("certificates", _("Certificates")),
        ),
    ),
    (
        "practice",
        _("Practice"),
        (
            ("projects", _("Projects")),
            ("my_work", _("My project work")),
            ("placements", _("Internships")),
            ("training_bases", _("Training bases")),
            ("questions", _("Q&A")),
            ("practice_needs", _("Needs to teaching")),
        ),
    ),
    (
        "evaluation",
        _("Evaluation"),
        (
            ("evaluation", _("Evaluation schemes")),
            ("portfolio", _("My competency portfolio")),
            ("evaluation_quality", _("Evaluation quality")),
        ),
    ),
    (
        "matching",
        _("Matching"),
        (
            ("matching", _("My matches")),
            ("opportunities", _("Opportunities")),
            ("rounds", _("Allocation rounds")),
            ("matching_profile", _("Matching profile")),
            ("supply_demand", _("Supply and demand")),
        ),
    ),
    (
        "partnership",
        _("Partnership and quality"),
        (
            ("partnership_list", _("Partnerships")),
            ("incentive_list", _("Incentives and recognition")),
            ("teacher_practice", _("Teachers' enterprise practice")),
            ("feedback", _("Enterprise feedback")),
            ("survey_list", _("Surveys")),
            ("indicators", _("Quality indicators")),
            ("program_indicators", _("Indicators by program")),
            ("quality_report", _("Annual quality report")),
        ),
    ),
    (
        "administration",
        _("Administration"),
        (
            ("organization_list", _("Organisations")),
            ("person_list", _("People")),
            ("import_upload", _("Import")),
            ("audit_log", _("Audit log")),
        ),
    ),
)
"""The stages of the loop in order, each with its pages (URL name, label) in order."""


def pages_for(user: Any) -> frozenset[str]:
    """The URL names of the menu pages the user may use: what the top bar depends on, and all that
    :mod:`iehub.web.shell` keeps between requests."""
    # Each predicate once: several are queries, and a page renders this on every request.
    member = accounts.is_member_anywhere(user)
    student = accounts.is_student(user)
    browses_curricula = curriculum.may_browse_curricula(user)
    sees_practice = practice.may_see_practice(user)
    sees_matching = matching.may_see_matching(user)
    sees_kpis = kpis.may_see_kpis(user)
    administers = accounts.may_administer_anything(user)
    shown = {
        "demand_explorer": member,
        "occupation_demand": member,
        "skill_needs": demand.may_see_skill_needs_page(user),
        "posting_imports": demand.may_import_postings(user),
        "alert_inbox": curriculum.may_see_alert_inbox(user),
        "curriculum_programs": browses_curricula,
        "change_requests": curriculum.may_see_change_requests(user),
        "curriculum_overview": browses_curricula,
        "suggestions": accounts.is_enterprise_staff(user),
        "micro_courses": student,
        "certificates": student,
        "projects": sees_practice,
        "my_work": sees_practice,
        "placements": sees_practice,
        "training_bases": sees_practice,
        "questions": sees_practice,
        "practice_needs": practice.may_transform_needs(user),
        "evaluation": sees_practice,
        "portfolio": student,
        "evaluation_quality": evaluation.may_see_quality(user),
        "matching": sees_matching,
        "opportunities": sees_matching,
        "rounds": sees_matching,
        "matching_profile": student,
        "supply_demand": matching.may_see_supply_demand(user),
        "partnership_list": partnership.may_see_ledger(user) or partnership.may_create_partnerships(user),
        "incentive_list": incentives.enterprises_for(user).exists(),
        "teacher_practice": teachers.may_see_teacher_practice(user),
        "feedback": sees_kpis or pulses.has_requests(user),
        "survey_list": surveys.may_see_surveys(user),
        "indicators": sees_kpis,
        "program_indicators": sees_kpis,
        "quality_report": sees_kpis,
        "organization_list": member,
        "person_list": accounts.may_browse_people(user),
        "import_upload": administers,
        "audit_log": administers,
    }
    return frozenset(url_name for url_name, allowed in shown.items() if allowed)


def groups_for(pages: frozenset[str]) -> list[NavGroup]:
    """The menu of :data:`MENU` cut to these pages; a stage with none of them is left out."""
    groups = []
    for key, label, entries in MENU:
        # Translated once here: a lazy label costs several proxy calls each time a template reads it.
        group = NavGroup(key, str(label))
        for url_name, item_label in entries:
            if url_name in pages:
                group.items.append(NavItem(url_name, str(item_label)))
        if group.items:
            groups.append(group)
    return groups


def navigation_for(user: Any) -> list[NavGroup]:
    """The stages of the loop the user works in, each with its pages, in the loop's order."""
    return groups_for(pages_for(user))
