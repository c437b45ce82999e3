"""The top bar: the dashboard, then one menu per stage of the loop (demand → curriculum → practice →
evaluation → matching → partnership & quality → administration), each with the pages of that stage the
user may use.

Each entry is shown when the app's own who-may rule says the page is for the user, so the top bar and
the page agree (the page checks the same rule). A stage without pages for the user is not shown, so
the bar stays one line as areas are added: a new app adds its entries to its stage here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
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
        return reverse(self.url_name)


@dataclass
class NavGroup:
    key: str
    label: Any
    items: list[NavItem] = field(default_factory=list)

    def add(self, shown: bool, url_name: str, label: Any) -> None:
        if shown:
            self.items.append(NavItem(url_name, label))

    def holds(self, url_name: str | None) -> bool:
        return any(item.url_name == url_name for item in self.items)


def navigation_for(user: Any) -> list[NavGroup]:
    """The stages of the loop the user works in, each with its pages, in the loop's order."""
    # Each predicate once: several are queries, and a page renders this on every request.
    member = accounts.is_member_anywhere(user)
    student = accounts.is_student(user)
    browses_curricula = curriculum.may_browse_curricula(user)
    sees_practice = practice.may_see_practice(user)
    sees_matching = matching.may_see_matching(user)
    sees_kpis = kpis.may_see_kpis(user)
    administers = accounts.may_administer_anything(user)
    demand_group = NavGroup("demand", _("Demand"))
    demand_group.add(member, "demand_explorer", _("Skill demand"))
    demand_group.add(member, "occupation_demand", _("Occupations"))
    demand_group.add(demand.may_see_skill_needs_page(user), "skill_needs", _("Enterprise skill needs"))
    demand_group.add(demand.may_import_postings(user), "posting_imports", _("Import postings"))

    curriculum_group = NavGroup("curriculum", _("Curriculum"))
    curriculum_group.add(curriculum.may_see_alert_inbox(user), "alert_inbox", _("Skill alerts"))
    curriculum_group.add(browses_curricula, "curriculum_programs", _("Curricula"))
    curriculum_group.add(curriculum.may_see_change_requests(user), "change_requests", _("Change requests"))
    curriculum_group.add(browses_curricula, "curriculum_overview", _("Overview"))
    curriculum_group.add(accounts.is_enterprise_staff(user), "suggestions", _("Curriculum suggestions"))
    curriculum_group.add(student, "micro_courses", _("Micro-courses"))
    curriculum_group.add(student, "certificates", _("Certificates"))

    practice_group = NavGroup("practice", _("Practice"))
    practice_group.add(sees_practice, "projects", _("Projects"))
    practice_group.add(sees_practice, "my_work", _("My project work"))
    practice_group.add(sees_practice, "placements", _("Internships"))
    practice_group.add(sees_practice, "training_bases", _("Training bases"))
    practice_group.add(sees_practice, "questions", _("Q&A"))
    practice_group.add(practice.may_transform_needs(user), "practice_needs", _("Needs to teaching"))

    evaluation_group = NavGroup("evaluation", _("Evaluation"))
    evaluation_group.add(sees_practice, "evaluation", _("Evaluation schemes"))
    evaluation_group.add(student, "portfolio", _("My competency portfolio"))
    evaluation_group.add(evaluation.may_see_quality(user), "evaluation_quality", _("Evaluation quality"))

    matching_group = NavGroup("matching", _("Matching"))
    matching_group.add(sees_matching, "matching", _("My matches"))
    matching_group.add(sees_matching, "opportunities", _("Opportunities"))
    matching_group.add(sees_matching, "rounds", _("Allocation rounds"))
    matching_group.add(student, "matching_profile", _("Matching profile"))
    matching_group.add(matching.may_see_supply_demand(user), "supply_demand", _("Supply and demand"))

    quality_group = NavGroup("partnership", _("Partnership and quality"))
    quality_group.add(
        partnership.may_see_ledger(user) or partnership.may_create_partnerships(user),
        "partnership_list",
        _("Partnerships"),
    )
    quality_group.add(
        incentives.enterprises_for(user).exists(), "incentive_list", _("Incentives and recognition")
    )
    quality_group.add(
        bool(teachers.teaching_colleges(user) or teachers.administered_colleges(user)),
        "teacher_practice",
        _("Teachers' enterprise practice"),
    )
    quality_group.add(sees_kpis or pulses.has_requests(user), "feedback", _("Enterprise feedback"))
    quality_group.add(surveys.may_see_surveys(user), "survey_list", _("Surveys"))
    quality_group.add(sees_kpis, "indicators", _("Quality indicators"))
    quality_group.add(sees_kpis, "program_indicators", _("Indicators by program"))
    quality_group.add(sees_kpis, "quality_report", _("Annual quality report"))

    admin_group = NavGroup("administration", _("Administration"))
    admin_group.add(member, "organization_list", _("Organisations"))
    admin_group.add(accounts.may_browse_people(user), "person_list", _("People"))
    admin_group.add(administers, "import_upload", _("Import"))
    admin_group.add(administers, "audit_log", _("Audit log"))
    groups = (
        demand_group,
        curriculum_group,
        practice_group,
        evaluation_group,
        matching_group,
        quality_group,
        admin_group,
    )
    return [group for group in groups if group.items]
