"""The dashboard: one panel per role the user holds, each filled from records only.

Areas that later modules fill (skill alerts, curriculum, projects, portfolios, matching) show an honest
empty state that says what will appear there, never invented numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from iehub.accounts import queries
from iehub.accounts.models import Membership, Organization, OrgKind, Partnership, Role, User
from iehub.core import data_versions
from iehub.core.scopes import (
    APPLICATIONS,
    CLASSES,
    COOPERATION,
    CURRICULA,
    EVALUATIONS,
    MATCH_SCORES,
    MATCHING,
    PEOPLE,
    PLACEMENT_DAYS,
    POSTINGS,
    PROJECTS,
    SERIES,
)
from iehub.curriculum import queries as curriculum
from iehub.curriculum.alerts import open_and_overdue
from iehub.curriculum.models import AlertAssignment, ChangeRequest, ClassGroup, EnterpriseSuggestion
from iehub.engines.alignment import Status
from iehub.evaluation import portfolio
from iehub.matching import permissions as match_permissions
from iehub.matching import queries as matching
from iehub.matching.models import Application, Opportunity
from iehub.partnership import queries as partnership
from iehub.practice import project_queries as practice
from iehub.web.shell import ACCESS

# A province's figures count thousands of organisations (four grouped queries over 5,000 enterprises,
# ~30 ms on PostgreSQL): kept per reader while the tables they count stand. The date and the language
# are in the key (partnerships end on dates; the chart's labels are translated when computed).
FIGURES_KEPT_SECONDS = 600
# The organisations, memberships and partnerships (the page shell's scope) and the opportunities.
PROVINCE_SCOPES = (ACCESS, MATCHING)
# What the panels of every role read, beyond the shell's scopes: the page is kept under these (the kept
# pages' crawl test fails when a panel reads a table outside them).
PANEL_SCOPES = (
    APPLICATIONS,
    CLASSES,
    COOPERATION,
    CURRICULA,
    EVALUATIONS,
    MATCH_SCORES,
    MATCHING,
    PEOPLE,
    PLACEMENT_DAYS,
    POSTINGS,
    PROJECTS,
    SERIES,
)


@dataclass
class Panel:
    """One dashboard section: a title, figures with labels, an optional chart and coming-soon areas."""

    title: Any
    subtitle: str = ""
    figures: list[tuple[Any, Any]] = field(default_factory=list)
    chart: dict[str, Any] | None = None
    rows: list[tuple[Any, Any]] = field(default_factory=list)
    row_headers: tuple[Any, Any] | None = None
    empty_states: list[Any] = field(default_factory=list)
    chart_dom_id: str = ""
    chart_title: Any = ""
    link: tuple[str, Any] | None = None


_LATER_BY_ROLE: dict[str, list[Any]] = {
    Role.COLLEGE_ADMIN: [],
    Role.PROGRAM_LEAD: [],
    Role.TEACHER: [_("Evaluations to give will appear here.")],
    Role.STUDENT: [
        _("Your digital competency portfolio will appear here after your first evaluation."),
    ],
    Role.ENTERPRISE_ADMIN: [],
    Role.ENTERPRISE_MENTOR: [_("Evaluations to give will appear here.")],
    Role.GOVERNMENT_OFFICER: [],
    Role.CONSORTIUM_OFFICER: [],
    Role.STAFF: [],
}


def _distribution_chart(dist: queries.EnterpriseDistribution) -> dict[str, Any]:
    """ECharts options (pie per dimension) for the enterprise distribution."""

    def pie(shares: list[queries.Share], center: str, name: Any) -> dict[str, Any]:
        return {
            "type": "pie",
            "name": str(name),
            "radius": ["28%", "45%"],
            "center": [center, "55%"],
            "label": {"formatter": "{b}\n{c}"},
            "data": [{"name": s.label, "value": s.count} for s in shares],
        }

    return {
        "animation": False,
        "title": [
            {"text": str(_("Ownership")), "left": "12%", "top": 0, "textStyle": {"fontSize": 13}},
            {"text": str(_("Scale")), "left": "45%", "top": 0, "textStyle": {"fontSize": 13}},
            {"text": str(_("Recognition")), "left": "76%", "top": 0, "textStyle": {"fontSize": 13}},
        ],
        "tooltip": {"trigger": "item", "formatter": "{a}<br/>{b}: {c} ({d}%)"},
        "series": [
            pie(dist.ownership, "17%", _("Ownership")),
            pie(dist.scale, "50%", _("Scale")),
            pie(dist.recognition, "83%", _("Recognition")),
        ],
    }


def _kept_for(user: User, name: str, scopes: tuple[str, ...], compute: Any) -> Any:
    key = data_versions.key_for_today("dashboard", name, reader=user)
    return data_versions.kept(key, scopes, compute, FIGURES_KEPT_SECONDS)


def _platform_figures(user: User) -> tuple[dict[str, int], queries.EnterpriseDistribution, int]:
    """Organisations by kind, the enterprise distribution and the active people (16 ms alone, at
    100,000 students)."""
    counts = dict(Organization.objects.values_list("kind").annotate(n=Count("id")).order_by())
    return counts, queries.enterprise_distribution(user), User.objects.filter(is_active=True).count()


def _platform_panel(user: User) -> Panel:
    counts, dist, people = _kept_for(user, "platform", (ACCESS, PEOPLE), lambda: _platform_figures(user))
    return Panel(
        title=_("Platform"),
        figures=[(OrgKind(k).label, counts.get(k.value, 0)) for k in OrgKind] + [(_("People"), people)],
        chart=_distribution_chart(dist) if dist.total else None,
    )


def _alert_figures(assignments: Any) -> list[tuple[Any, Any]]:
    """Open and overdue skill alerts of the panel's college or program."""
    open_count, overdue_count = open_and_overdue(assignments)
    return [(_("Open skill alerts"), open_count), (_("Overdue skill alerts"), overdue_count)]


def college_overview(college: Organization) -> dict[str, Any]:
    """Headline numbers of one college, from its records (no estimates)."""
    members = Membership.objects.filter(organization=college, is_active=True)
    teachers = members.filter(role=Role.TEACHER).aggregate(
        total=Count("id"), dual=Count("id", filter=Q(dual_qualified=True))
    )
    return {
        "programs": college.programs.filter(is_active=True).count(),
        "classes": ClassGroup.objects.filter(program__college=college).count(),
        "students": members.filter(role=Role.STUDENT).count(),
        "teachers": teachers["total"],
        "dual_qualified": teachers["dual"],
        "dual_qualified_percent": round(100 * teachers["dual"] / teachers["total"], 1)
        if teachers["total"]
        else None,
        "partners": Partnership.objects.active().filter(college=college).count(),
    }


def _college_panel(m: Membership) -> Panel:
    o = college_overview(m.organization)
    dual = f"{o['dual_qualified_percent']}%" if o["dual_qualified_percent"] is not None else "—"
    return Panel(
        title=m.organization.display_name,
        subtitle=str(m.get_role_display()),
        figures=[
            (_("Programs"), o["programs"]),
            (_("Classes"), o["classes"]),
            (_("Students"), o["students"]),
            (_("Teachers"), o["teachers"]),
            (_("Dual-qualified teachers"), dual),
            (_("Active enterprise partners"), o["partners"]),
            *_alert_figures(AlertAssignment.objects.filter(college=m.organization)),
            *_curriculum_figures(m),
        ],
        empty_states=_LATER_BY_ROLE[m.role],
    )


def _curriculum_figures(m: Membership) -> list[tuple[Any, Any]]:
    """Change requests of the college: median cycle time against the 3-month target, open ones."""
    cycle = curriculum.cycle_times(ChangeRequest.objects.filter(program__college=m.organization))
    median = "—" if cycle.median_days is None else f"{cycle.median_days:.0f}"
    return [
        (_("Median change cycle (days, target ≤ 90)"), median),
        (_("Open change requests"), cycle.open),
    ]


def _alignment_figures(program: Any) -> list[tuple[Any, Any]]:
    analysis = curriculum.program_alignment(program)
    score = analysis.result.score
    return [
        (_("Alignment score"), "—" if score is None else score),
        (_("Demanded skills not covered"), analysis.result.count(Status.NOT_COVERED)),
    ]


def _suggestions_answered(m: Membership) -> str:
    mine = EnterpriseSuggestion.objects.filter(enterprise=m.organization)
    answered = mine.exclude(state=EnterpriseSuggestion.State.SUBMITTED).count()
    return f"{answered} / {mine.count()}"


def _program_panel(m: Membership) -> Panel:
    assert m.program is not None
    by_cohort = (
        Membership.objects.filter(program=m.program, role=Role.STUDENT, is_active=True)
        .values("cohort")
        .annotate(n=Count("id"))
        .order_by("cohort")
    )
    return Panel(
        title=m.program.display_name,
        subtitle=f"{m.get_role_display()} · {m.organization.display_name}",
        figures=[
            (_("Classes"), m.program.classes.count()),
            *_alert_figures(AlertAssignment.objects.filter(program=m.program)),
            *_alignment_figures(m.program),
        ],
        rows=[(_("Cohort %(year)s") % {"year": row["cohort"]}, row["n"]) for row in by_cohort],
        row_headers=(_("Cohort"), _("Students")),
        empty_states=_LATER_BY_ROLE[m.role],
    )


def _practice_figures(user: User) -> list[tuple[Any, Any]]:
    """What practice asks of a teacher or mentor: projects, students, stages and logs waiting."""
    work = practice.workbench(user)
    return [
        (_("Active projects"), work["projects"]),
        (_("Students you mentor"), work["students"]),
        (_("Stages waiting for your sign-off"), work["gates"]),
        (_("Logs waiting for your co-signature"), work["logs"]),
    ]


def _teacher_panel(m: Membership) -> Panel:
    classes = m.user.head_of_classes.select_related("program").annotate(n=Count("memberships"))
    return Panel(
        title=m.organization.display_name,
        subtitle=str(m.get_role_display()),
        figures=[
            (_("Dual-qualified"), _("Yes") if m.dual_qualified else _("No")),
            (_("Enterprise practice days"), m.enterprise_practice_days),
            *_practice_figures(m.user),
        ],
        rows=[(c.display_name, c.n) for c in classes],
        row_headers=(_("Classes you head"), _("Students")),
        empty_states=_LATER_BY_ROLE[m.role],
    )


def _student_panel(m: Membership) -> Panel:
    """The student's studies and work, and their competency map once they have been evaluated."""
    work = practice.workbench(m.user)
    found = portfolio.portfolio_of(m.user)
    later = list(_LATER_BY_ROLE[m.role]) if found.is_empty else []  # the portfolio is here now
    best = matching.recommendations(m.user, 1).first()
    return Panel(
        title=m.organization.display_name,
        subtitle=str(m.get_role_display()),
        figures=[
            (_("Student number"), m.student_number),
            (_("Program"), m.program.display_name if m.program else "—"),
            (_("Cohort"), m.cohort or "—"),
            (_("Class"), m.class_group.display_name if m.class_group else "—"),
            (_("Active projects"), work["projects"]),
            (_("Open tasks"), work["tasks"]),
            (_("Internships"), work["placements"]),
            *(
                [(_("Competencies mastered"), f"{found.mastered} / {len(found.competencies)}")]
                if not found.is_empty
                else []
            ),
            (_("Best match"), f"{best.opportunity.display_title} · {best.score:.0f}" if best else "—"),
            (_("Applications"), Application.objects.filter(student=m.user).count()),
        ],
        chart=None if found.is_empty else portfolio.radar_options(found),
        chart_title=_("Your competency map"),
        link=None if found.is_empty else (reverse("portfolio"), _("Your digital competency portfolio")),
        empty_states=later,
    )


def _enterprise_panel(m: Membership) -> Panel:
    partnerships = Partnership.objects.active().filter(enterprise=m.organization).select_related("college")
    mentors = Membership.objects.filter(
        organization=m.organization, role=Role.ENTERPRISE_MENTOR, is_active=True
    ).count()
    return Panel(
        title=m.organization.display_name,
        subtitle=str(m.get_role_display()),
        figures=[
            (_("Partner colleges"), len(partnerships)),
            (_("Enterprise mentors"), mentors),
            (_("Curriculum suggestions answered"), _suggestions_answered(m)),
            *(_practice_figures(m.user) if m.role == Role.ENTERPRISE_MENTOR else []),
            *(_matching_figures(m) if m.role == Role.ENTERPRISE_ADMIN else []),
        ],
        rows=[(p.college.display_name, p.started_on.isoformat()) for p in partnerships],
        row_headers=(_("Partner college"), _("Partner since")),
        empty_states=_LATER_BY_ROLE[m.role],
    )


def _matching_figures(m: Membership) -> list[tuple[Any, Any]]:
    """The enterprise's open opportunities and the applicants who consented to be seen."""
    own = Opportunity.objects.filter(organization=m.organization)
    applicants = (
        Application.objects.filter(
            opportunity__in=own, student_id__in=match_permissions.consenting_students()
        )
        .values("student_id")
        .distinct()
        .count()
    )
    return [
        (_("Published opportunities"), own.filter(status=Opportunity.Status.PUBLISHED).count()),
        (_("Candidates"), applicants),
    ]


def _open_places(m: Membership) -> int:
    """Places of the published opportunities in the officer's province."""
    found = Opportunity.objects.filter(
        status=Opportunity.Status.PUBLISHED, organization__province_code=m.organization.province_code
    ).aggregate(places=Sum("places"))["places"]
    return int(found or 0)


@dataclass(frozen=True)
class ProvinceFigures:
    organisations: dict[str, int]  # by kind
    distribution: queries.EnterpriseDistribution
    partnerships: int
    open_places: int


def _province_figures(m: Membership, user: User) -> ProvinceFigures:
    visible = Organization.objects.restrict(user).filter(province_code=m.organization.province_code)
    return ProvinceFigures(
        organisations=dict(visible.values_list("kind").annotate(n=Count("id")).order_by()),
        distribution=queries.enterprise_distribution(user),
        partnerships=Partnership.objects.active()
        .filter(Q(college__province_code=m.organization.province_code))
        .count(),
        open_places=_open_places(m),
    )


def _government_panel(m: Membership, user: User) -> Panel:
    found: ProvinceFigures = _kept_for(
        user, f"province:{m.pk}", PROVINCE_SCOPES, lambda: _province_figures(m, user)
    )
    counts, dist = found.organisations, found.distribution
    return Panel(
        title=m.organization.display_name,
        subtitle=f"{m.get_role_display()} · {m.organization.region_name}",
        figures=[(OrgKind(k).label, counts.get(k.value, 0)) for k in (OrgKind.COLLEGE, OrgKind.ENTERPRISE)]
        + [
            (_("Active partnerships"), found.partnerships),
            (_("Open places for students"), found.open_places),
        ],
        link=(reverse("supply_demand"), _("Skill supply and demand")),
        chart=_distribution_chart(dist) if dist.total else None,
        empty_states=_LATER_BY_ROLE[m.role],
    )


def _consortium_panel(m: Membership) -> Panel:
    """The members with what each contributed over the last twelve months (the cooperation ledger)."""
    contributions = partnership.consortium_contributions(m.organization)
    return Panel(
        title=m.organization.display_name,
        subtitle=str(m.get_role_display()),
        figures=[
            (_("Members"), len(contributions)),
            (
                _("Cooperation activities in the last twelve months"),
                sum(c.totals.activities for c in contributions),
            ),
        ],
        rows=[(c.member.display_name, c.totals.activities) for c in contributions],
        row_headers=(_("Member"), _("Activities in the last twelve months")),
        link=(reverse("consortium_collaborations", args=[m.organization_id]), _("Four collaborations")),
        empty_states=_LATER_BY_ROLE[m.role],
    )


def _staff_panel(m: Membership) -> Panel:
    return Panel(title=m.organization.display_name, subtitle=str(m.get_role_display()))


def panels_for(user: User) -> list[Panel]:
    """The dashboard panels for every role the user holds."""
    panels: list[Panel] = []
    if user.is_superuser:
        panels.append(_platform_panel(user))
    memberships = (
        Membership.objects.filter(user=user, is_active=True, organization__is_active=True)
        .select_related("organization", "program", "class_group", "user")
        .order_by("organization_id", "role")
    )
    for m in memberships:
        if m.role == Role.COLLEGE_ADMIN:
            panels.append(_college_panel(m))
        elif m.role == Role.PROGRAM_LEAD:
            panels.append(_program_panel(m))
        elif m.role == Role.TEACHER:
            panels.append(_teacher_panel(m))
        elif m.role == Role.STUDENT:
            panels.append(_student_panel(m))
        elif m.role in (Role.ENTERPRISE_ADMIN, Role.ENTERPRISE_MENTOR):
            panels.append(_enterprise_panel(m))
        elif m.role == Role.GOVERNMENT_OFFICER:
            panels.append(_government_panel(m, user))
        elif m.role == Role.CONSORTIUM_OFFICER:
            panels.append(_consortium_panel(m))
        else:
            panels.append(_staff_panel(m))
    for index, panel in enumerate(panels):
        panel.chart_dom_id = f"chart-options-{index}"
    return panels
