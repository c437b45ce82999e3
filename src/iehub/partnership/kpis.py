"""Key performance indicators of industry–education cooperation, each defined once.

A KPI is a definition (name, formula, unit, the records it counts, the papers' baseline and the target)
and two functions over a *scope* — the colleges a reader may see: ``measure`` gives the number
(numerator over denominator for a share), ``records`` the rows behind it, so every number on the page
can be followed to its records and exported. Indicators other apps already compute (alert response,
change cycle time, evaluation policy compliance) are read through their own queries, not recomputed.

Baselines are the source papers' figures (../shared/DOMAIN.md); targets are the platform's goals.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from iehub.accounts import permissions as accounts
from iehub.accounts.models import Membership, Organization, Partnership
from iehub.accounts.roles import OrgKind, Role
from iehub.core import data_versions
from iehub.core.scopes import COOPERATION, LEDGER
from iehub.curriculum.alerts import response_rates
from iehub.curriculum.models import (
    AlertAssignment,
    ChangeRequest,
    Course,
    CurriculumVersion,
    EnterpriseSuggestion,
)
from iehub.curriculum.queries import CHANGE_TARGET_DAYS, COURSE_UPDATE_DAYS
from iehub.demand.models import SkillNeed
from iehub.engines import depth
from iehub.evaluation.models import Scheme
from iehub.evaluation.queries import enterprise_weight, policy_compliance
from iehub.matching.models import AllocationRound, RoundAssignment
from iehub.matching.queries import current_assignments
from iehub.partnership import pulses, queries
from iehub.partnership.models import Activity, ActivityKind
from iehub.practice.models import Placement, TrainingBase
from iehub.surveys import queries as survey_queries

PERCENT, DAYS, COUNT = "%", "days", "count"

# The tables the indicators read that no other kept value reads (the others are versioned under the
# page shell's, the evaluations', the curricula's and matching's scopes). The measures are kept under
# every scope's token, so a write to any versioned table measures afresh; a test reads the SQL of every
# measure on the demo data and fails on a table without its trigger.
COOPERATION_TABLES = (
    "demand_skillneed",
    "evaluation_evaluationpolicy",
    "partnership_activity",
    "partnership_feedbackpulse",
    "practice_placement",
    "practice_trainingbase",
    "surveys_question",
)
data_versions.register({COOPERATION: COOPERATION_TABLES})
# Read by pages only (kept pages, core.kept_pages), so outside every scope.
data_versions.register(
    {
        LEDGER: (
            "partnership_agreementdocument",
            "partnership_evidence",
            "partnership_teacherpractice",
            "partnership_dualqualification",
            "partnership_kpisnapshot",
            "partnership_qualityreport",
            "partnership_collaborationindicator",
        )
    },
    in_every_scope=False,
)
# The twelve-month windows move with the clock, not with writes: the date is in the key, and a value is
# kept ten minutes at most, so a record leaving its window leaves the figure within minutes.
MEASURES_KEPT_SECONDS = 600


@dataclass(frozen=True)
class Measure:
    """A KPI's value in a scope: for a share, ``numerator`` of ``denominator`` records."""

    value: float | None
    numerator: int
    denominator: int


@dataclass(frozen=True)
class Kpi:
    key: str
    name: Promise
    formula: Promise
    unit: str
    source: Promise
    baseline: float | None
    target: float | None
    higher_is_better: bool
    measure: Callable[[Sequence[int]], Measure]
    records: Callable[[Sequence[int]], list[tuple[Any, ...]]]
    columns: tuple[Promise, ...]
    personal: tuple[int, ...] = ()  # columns naming students: hidden from readers outside the college

    def meets_target(self, value: float | None) -> bool | None:
        if value is None or self.target is None:
            return None
        return value >= self.target if self.higher_is_better else value <= self.target


def _share(numerator: int, denominator: int) -> Measure:
    return Measure(100 * numerator / denominator if denominator else None, numerator, denominator)


# --- cooperation forms and depth (the ledger) ------------------------------------------------------


def _partnerships(colleges: Sequence[int]) -> QuerySet[Partnership]:
    return (
        Partnership.objects.active().filter(college_id__in=colleges).select_related("college", "enterprise")
    )


def _with_form(colleges: Sequence[int], kind: str) -> set[int]:
    """Active partnerships with a standing activity of ``kind`` running in the last twelve months."""
    running = queries.in_window(queries.standing(Activity.objects.filter(kind=kind)))
    return set(
        running.filter(partnership__in=_partnerships(colleges)).values_list("partnership_id", flat=True)
    )


def _form_share(kind: str) -> Callable[[Sequence[int]], Measure]:
    def measure(colleges: Sequence[int]) -> Measure:
        return _share(len(_with_form(colleges, kind)), _partnerships(colleges).count())

    return measure


def _form_records(kind: str) -> Callable[[Sequence[int]], list[tuple[Any, ...]]]:
    def records(colleges: Sequence[int]) -> list[tuple[Any, ...]]:
        found = _with_form(colleges, kind)
        return [
            (p.college.display_name, p.enterprise.display_name, p.pk in found)
            for p in _partnerships(colleges).order_by("college__code", "enterprise__code")
        ]

    return records


def _tiers(colleges: Sequence[int]) -> list[tuple[Partnership, depth.Tier]]:
    partnerships = list(_partnerships(colleges).order_by("college__code", "enterprise__code"))
    found = queries.assessments([p.pk for p in partnerships])
    return [(p, found[p.pk].tier) for p in partnerships]


def _institutional_depth(colleges: Sequence[int]) -> Measure:
    tiers = _tiers(colleges)
    return _share(sum(1 for _p, t in tiers if t >= depth.Tier.INSTITUTIONAL), len(tiers))


def _tier_records(colleges: Sequence[int]) -> list[tuple[Any, ...]]:
    return [
        (
            p.college.display_name,
            p.enterprise.display_name,
            str(queries.TIER_NAMES[t]),
            t >= depth.Tier.INSTITUTIONAL,
        )
        for p, t in _tiers(colleges)
    ]


# --- enterprise feedback ----------------------------------------------------------------------------


_since = pulses.feedback_since


def _suggesting(colleges: Sequence[int]) -> set[int]:
    return set(
        EnterpriseSuggestion.objects.filter(
            program__college_id__in=colleges, created_at__gte=_since()
        ).values_list("enterprise_id", flat=True)
    )


def _giving_feedback(colleges: Sequence[int]) -> set[int]:
    needs = SkillNeed.objects.filter(created_at__gte=_since()).values_list("enterprise_id", flat=True)
    return _suggesting(colleges) | set(needs) | pulses.answering_enterprises(colleges, _since())


def _enterprise_measure(found: Callable[[Sequence[int]], set[int]]) -> Callable[[Sequence[int]], Measure]:
    def measure(colleges: Sequence[int]) -> Measure:
        partners = set(queries.partner_enterprises(colleges).values_list("pk", flat=True))
        return _share(len(partners & found(colleges)), len(partners))

    return measure


def _enterprise_records(
    found: Callable[[Sequence[int]], set[int]],
) -> Callable[[Sequence[int]], list[tuple[Any, ...]]]:
    def records(colleges: Sequence[int]) -> list[tuple[Any, ...]]:
        giving = found(colleges)
        return [(e.display_name, e.pk in giving) for e in queries.partner_enterprises(colleges)]

    return records


# --- curriculum response ----------------------------------------------------------------------------


def _alert_response(colleges: Sequence[int]) -> Measure:
    rates = response_rates(AlertAssignment.objects.filter(college_id__in=colleges))
    return _share(sum(r.answered_in_time for r in rates), sum(r.alerts for r in rates))


def _alert_records(colleges: Sequence[int]) -> list[tuple[Any, ...]]:
    today = timezone.localdate()
    rows = (
        AlertAssignment.objects.filter(college_id__in=colleges)
        .filter(Q(due_on__lt=today) | Q(planned_at__isnull=False))
        .select_related("college", "alert__skill")
        .order_by("due_on", "pk")
    )
    return [
        (
            a.college.display_name,
            a.alert.skill.display_name,
            a.due_on,
            a.planned_at.date() if a.planned_at else None,
            a.planned_at is not None and a.planned_at.date() <= a.due_on,
        )
        for a in rows
    ]


def _decided_changes(colleges: Sequence[int]) -> QuerySet[ChangeRequest]:
    return ChangeRequest.objects.filter(
        program__college_id__in=colleges, decided_at__isnull=False
    ).select_related("program")


def _change_cycle(colleges: Sequence[int]) -> Measure:
    days = [r.cycle_days for r in _decided_changes(colleges) if r.cycle_days is not None]
    return Measure(float(statistics.median(days)) if days else None, len(days), len(days))


def _change_records(colleges: Sequence[int]) -> list[tuple[Any, ...]]:
    return [
        (r.program.display_name, r.title, r.decided_at.date() if r.decided_at else None, r.cycle_days)
        for r in _decided_changes(colleges).order_by("decided_at", "pk")
    ]


def _courses_in_force(colleges: Sequence[int]) -> QuerySet[Course]:
    return Course.objects.filter(
        version__program__college_id__in=colleges,
        version__state=CurriculumVersion.State.CURRENT,
        revised_on__isnull=False,
    ).select_related("version__program")


def _course_age(colleges: Sequence[int]) -> Measure:
    today = timezone.localdate()
    revised = _courses_in_force(colleges).values_list("revised_on", flat=True)
    ages = [(today - day).days for day in revised if day is not None]
    return Measure(float(statistics.median(ages)) if ages else None, len(ages), len(ages))


def _course_records(colleges: Sequence[int]) -> list[tuple[Any, ...]]:
    today = timezone.localdate()
    return [
        (c.version.program.display_name, f"{c.code} {c.name}", c.revised_on, (today - c.revised_on).days)
        for c in _courses_in_force(colleges).order_by("revised_on", "pk")
        if c.revised_on is not None
    ]


# --- evaluation, teachers, bases, internships, matching ---------------------------------------------


def _policy(colleges: Sequence[int]) -> Measure:
    rows = [r for r in policy_compliance(Organization.objects.filter(pk__in=colleges)) if r.program is None]
    return _share(sum(r.meeting for r in rows), sum(r.schemes for r in rows))


def _policy_records(colleges: Sequence[int]) -> list[tuple[Any, ...]]:
    schemes = (
        Scheme.objects.filter(college_id__in=colleges).select_related("college").prefetch_related("weights")
    )
    return [
        (s.college.display_name, s.name, enterprise_weight({w.role: w.weight for w in s.weights.all()}))
        for s in schemes.order_by("college__code", "pk")
    ]


def _teachers(colleges: Sequence[int]) -> QuerySet[Membership]:
    return Membership.objects.filter(
        organization_id__in=colleges, role=Role.TEACHER, is_active=True
    ).select_related("user", "organization", "program")


def _dual_qualified(colleges: Sequence[int]) -> Measure:
    teachers = _teachers(colleges)
    return _share(teachers.filter(dual_qualified=True).count(), teachers.count())


def _teacher_records(colleges: Sequence[int]) -> list[tuple[Any, ...]]:
    return [
        (
            m.organization.display_name,
            m.user.display_name,
            m.program.display_name if m.program else "",
            m.dual_qualified,
            m.enterprise_practice_days,
        )
        for m in _teachers(colleges).order_by("organization__code", "user__username")
    ]


def _bases(colleges: Sequence[int]) -> QuerySet[TrainingBase]:
    return TrainingBase.objects.filter(college_id__in=colleges, is_active=True).select_related("college")


def _real_production(colleges: Sequence[int]) -> Measure:
    bases = _bases(colleges)
    return _share(bases.filter(real_production=True).count(), bases.count())


def _base_records(colleges: Sequence[int]) -> list[tuple[Any, ...]]:
    return [
        (b.college.display_name, b.display_name, b.real_production) for b in _bases(colleges).order_by("pk")
    ]


def _placements(colleges: Sequence[int]) -> QuerySet[Placement]:
    return Placement.objects.filter(college_id__in=colleges).select_related(
        "college", "enterprise", "student"
    )


def _internships(colleges: Sequence[int]) -> Measure:
    count = _placements(colleges).count()
    return Measure(float(count), count, count)


def _placement_records(colleges: Sequence[int]) -> list[tuple[Any, ...]]:
    return [
        (
            p.college.display_name,
            p.student.display_name,
            p.enterprise.display_name,
            p.get_kind_display(),
            p.starts_on,
        )
        for p in _placements(colleges).order_by("starts_on", "pk")
    ]


def _published_rounds(colleges: Sequence[int]) -> QuerySet[AllocationRound]:
    return AllocationRound.objects.filter(college_id__in=colleges, status=AllocationRound.Status.PUBLISHED)


def _round_results(colleges: Sequence[int]) -> list[tuple[AllocationRound, RoundAssignment]]:
    return [
        (allocation, assignment)
        for allocation in _published_rounds(colleges).order_by("pk")
        for assignment in current_assignments(allocation).values()
    ]


def _match_rate(colleges: Sequence[int]) -> Measure:
    results = _round_results(colleges)
    return _share(sum(1 for _r, a in results if a.position_id is not None), len(results))


def _match_records(colleges: Sequence[int]) -> list[tuple[Any, ...]]:
    names = dict(
        Membership.objects.filter(organization_id__in=colleges, role=Role.STUDENT).values_list(
            "user_id", "user__full_name"
        )
    )
    return [
        (
            allocation.name,
            names.get(assignment.student_id, assignment.student_id),
            assignment.position.opportunity.display_title if assignment.position else None,
            assignment.choice_rank,
        )
        for allocation, assignment in _round_results(colleges)
    ]


# --- surveys: graduate tracking, enterprise satisfaction ---------------------------------------------

RATED_HIGH_FROM = 4  # of 5: "related"/"very related" to the major, "satisfied"/"very satisfied"


def _survey_share(key: str) -> Callable[[Sequence[int]], Measure]:
    """The share of the survey answers tied to ``key`` that rate 4 or 5 of 5, last 12 months."""

    def measure(colleges: Sequence[int]) -> Measure:
        answers = survey_queries.indicator_answers(colleges, key, _since())
        return _share(sum(1 for a in answers if a.value >= RATED_HIGH_FROM), len(answers))

    return measure


def _survey_records(key: str) -> Callable[[Sequence[int]], list[tuple[Any, ...]]]:
    def records(colleges: Sequence[int]) -> list[tuple[Any, ...]]:
        return [
            (
                a.college.display_name,
                a.survey.display_title,
                a.response_id,
                int(a.value),
                a.value >= RATED_HIGH_FROM,
                timezone.localtime(a.submitted_at).date(),
            )
            for a in survey_queries.indicator_answers(colleges, key, _since())
        ]

    return records


COLLEGE, ENTERPRISE, SHARE_YES = _("College"), _("Enterprise"), _("Counted")

KPIS: tuple[Kpi, ...] = (
    Kpi(
        "internship_cooperation",
        _("Partnerships hosting internships"),
        _("active partnerships hosting interns in the last 12 months ÷ active partnerships"),
        PERCENT,
        _("cooperation ledger"),
        83.43,
        None,
        True,
        _form_share(ActivityKind.INTERNSHIP_HOSTING),
        _form_records(ActivityKind.INTERNSHIP_HOSTING),
        (COLLEGE, ENTERPRISE, SHARE_YES),
    ),
    Kpi(
        "curriculum_cooperation",
        _("Partnerships co-developing curricula"),
        _("active partnerships co-developing curricula in the last 12 months ÷ active partnerships"),
        PERCENT,
        _("cooperation ledger"),
        50.29,
        70.0,
        True,
        _form_share(ActivityKind.CURRICULUM),
        _form_records(ActivityKind.CURRICULUM),
        (COLLEGE, ENTERPRISE, SHARE_YES),
    ),
    Kpi(
        "platform_cooperation",
        _("Partnerships sharing a technology platform"),
        _("active partnerships sharing a technology platform in the last 12 months ÷ active partnerships"),
        PERCENT,
        _("cooperation ledger"),
        7.43,
        20.0,
        True,
        _form_share(ActivityKind.SHARED_PLATFORM),
        _form_records(ActivityKind.SHARED_PLATFORM),
        (COLLEGE, ENTERPRISE, SHARE_YES),
    ),
    Kpi(
        "institutional_depth",
        _("Partnerships at the institutional tier or deeper"),
        _("active partnerships whose depth tier is institutional or cognitive ÷ active partnerships"),
        PERCENT,
        _("cooperation ledger"),
        None,
        50.0,
        True,
        _institutional_depth,
        _tier_records,
        (COLLEGE, ENTERPRISE, _("Depth tier"), SHARE_YES),
    ),
    Kpi(
        "enterprise_feedback",
        _("Partner enterprises giving feedback"),
        _(
            "partner enterprises with a feedback-pulse answer, a curriculum suggestion or a skill need "
            "in the last 12 months ÷ partner enterprises"
        ),
        PERCENT,
        _("feedback pulses, curriculum suggestions, enterprise skill needs"),
        54.86,
        80.0,
        True,
        _enterprise_measure(_giving_feedback),
        _enterprise_records(_giving_feedback),
        (ENTERPRISE, SHARE_YES),
    ),
    Kpi(
        "curriculum_suggestions",
        _("Partner enterprises sending curriculum suggestions"),
        _("partner enterprises with a curriculum suggestion in the last 12 months ÷ partner enterprises"),
        PERCENT,
        _("curriculum suggestions"),
        18.99,
        50.0,
        True,
        _enterprise_measure(_suggesting),
        _enterprise_records(_suggesting),
        (ENTERPRISE, SHARE_YES),
    ),
    Kpi(
        "alert_response",
        _("Skill alerts answered within 30 days"),
        _("alerts answered by their due date ÷ alerts due or answered"),
        PERCENT,
        _("alert assignments"),
        25.0,
        90.0,
        True,
        _alert_response,
        _alert_records,
        (COLLEGE, _("Skill"), _("Due on"), _("Answered on"), _("In time")),
    ),
    Kpi(
        "change_cycle",
        _("Curriculum change cycle time"),
        _("median days from submission to decision of decided change requests"),
        DAYS,
        _("change requests"),
        180.0,
        float(CHANGE_TARGET_DAYS),
        False,
        _change_cycle,
        _change_records,
        (_("Program"), _("Change"), _("Decided on"), _("Days")),
    ),
    Kpi(
        "course_update_age",
        _("Age of the courses in force"),
        _("median days since the last revision of the courses in force"),
        DAYS,
        _("curricula in force"),
        float(COURSE_UPDATE_DAYS),
        365.0,
        False,
        _course_age,
        _course_records,
        (_("Program"), _("Course"), _("Revised on"), _("Days")),
    ),
    Kpi(
        "enterprise_weight_compliance",
        _("Schemes meeting the enterprise-weight policy"),
        _("evaluation schemes whose enterprise-side weight reaches the policy's minimum ÷ schemes"),
        PERCENT,
        _("evaluation schemes"),
        33.33,
        100.0,
        True,
        _policy,
        _policy_records,
        (COLLEGE, _("Scheme"), _("Enterprise weight (%)")),
    ),
    Kpi(
        "dual_qualified",
        _("Dual-qualified teachers"),
        _("active teachers marked dual-qualified ÷ active teachers"),
        PERCENT,
        _("teachers"),
        72.0,
        80.0,
        True,
        _dual_qualified,
        _teacher_records,
        (COLLEGE, _("Teacher"), _("Program"), SHARE_YES, _("Enterprise practice days")),
    ),
    Kpi(
        "real_production_bases",
        _("Training bases on real production"),
        _("training bases in use that train on real production ÷ training bases in use"),
        PERCENT,
        _("training bases"),
        40.0,
        60.0,
        True,
        _real_production,
        _base_records,
        (COLLEGE, _("Training base"), SHARE_YES),
    ),
    Kpi(
        "internships",
        _("Internships and apprenticeships"),
        _("placements arranged by the colleges"),
        COUNT,
        _("placements"),
        None,
        None,
        True,
        _internships,
        _placement_records,
        (COLLEGE, _("Student"), ENTERPRISE, _("Kind"), _("Starts on")),
        personal=(1,),
    ),
    Kpi(
        "round_match_rate",
        _("Students placed by allocation rounds"),
        _("students placed in published rounds ÷ students who took part"),
        PERCENT,
        _("allocation rounds"),
        None,
        95.0,
        True,
        _match_rate,
        _match_records,
        (_("Round"), _("Student"), _("Position"), _("Choice")),
        personal=(1,),
    ),
    Kpi(
        "graduate_relevance",
        _("Graduates working in their field"),
        _(
            "employed graduates who rate their work 4 or 5 of 5 for relevance to their major ÷ employed"
            " graduates who answered, in the graduate tracking surveys of the last 12 months"
        ),
        PERCENT,
        _("graduate tracking surveys"),
        None,
        None,
        True,
        _survey_share("graduate_relevance"),
        _survey_records("graduate_relevance"),
        (COLLEGE, _("Survey"), _("Response"), _("Relevance (1–5)"), SHARE_YES, _("Submitted at")),
    ),
    Kpi(
        "enterprise_satisfaction",
        _("Enterprises satisfied with the cooperation"),
        _(
            "survey answers rating overall satisfaction with the cooperation 4 or 5 of 5 ÷ answers, in the"
            " enterprise surveys of the last 12 months"
        ),
        PERCENT,
        _("enterprise surveys"),
        None,
        None,
        True,
        _survey_share("enterprise_satisfaction"),
        _survey_records("enterprise_satisfaction"),
        (COLLEGE, _("Survey"), _("Response"), _("Satisfaction (1–5)"), SHARE_YES, _("Submitted at")),
    ),
)
BY_KEY = {kpi.key: kpi for kpi in KPIS}


def measures(colleges: Sequence[int]) -> list[tuple[Kpi, Measure]]:
    """Every indicator measured over the colleges, kept between requests while nothing versioned is
    written (``core.data_versions``): measured live, the table costs ~40 queries and ~70 ms on a province
    (bench/web/RESULTS.md), and readers of the same colleges share the kept values."""
    ids = sorted(set(colleges))
    found = data_versions.kept_under_every_scope(
        data_versions.key_for_ids("kpis", ids),
        lambda: {kpi.key: kpi.measure(ids) for kpi in KPIS},
        MEASURES_KEPT_SECONDS,
    )
    return [(kpi, found[kpi.key]) for kpi in KPIS]


def kpi_colleges(user: Any) -> QuerySet[Organization]:
    """The colleges whose indicators the user reads: their own (staff), their province's (government
    officers), their consortium's members (consortium officers), all (platform administrators)."""
    colleges = Organization.objects.filter(kind=OrgKind.COLLEGE, is_active=True)
    if user.is_superuser:
        return colleges
    own = accounts.role_org_ids(user, (Role.COLLEGE_ADMIN, Role.PROGRAM_LEAD, Role.TEACHER))
    consortia = accounts.role_org_ids(user, (Role.CONSORTIUM_OFFICER,))
    members = Organization.objects.filter(consortium_seats__consortium_id__in=consortia).values("id")
    return colleges.filter(Q(id__in=own) | Q(id__in=accounts.governed_org_ids(user)) | Q(id__in=members))


def sees_students_of(user: Any, colleges: Sequence[int]) -> bool:
    """Whether the reader may see students' names in the records of these colleges: platform
    administrators and the colleges' own staff; government and consortium officers see aggregates."""
    if user.is_superuser:
        return True
    own = set(
        Membership.objects.filter(
            user_id=user.pk, is_active=True, role__in=(Role.COLLEGE_ADMIN, Role.PROGRAM_LEAD, Role.TEACHER)
        ).values_list("organization_id", flat=True)
    )
    return set(colleges) <= own


def may_see_kpis(user: Any) -> bool:
    return bool(user.is_authenticated and kpi_colleges(user).exists())
