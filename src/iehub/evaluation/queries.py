"""Reads for evaluation, always scoped to the reader: schemes, histories, mastery, panel reliability."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet

from iehub.accounts.models import User
from iehub.accounts.roles import Role
from iehub.curriculum.models import Course, CurriculumVersion, Program
from iehub.engines.mastery import Mastery, Observation, mastery, rubric_level_to_scale
from iehub.engines.reliability import drifts, krippendorff_alpha, panel_disagrees, rater_drift
from iehub.evaluation import permissions
from iehub.evaluation.models import (
    ENTERPRISE_SIDE,
    Component,
    Criterion,
    Evaluation,
    EvaluationPolicy,
    EvaluatorRole,
    Mark,
    Rubric,
    Scheme,
)
from iehub.practice.models import Placement, Project, ProjectMember


def minimum_enterprise_weight(college_id: int, program_id: int | None) -> int:
    """The policy that applies: the program's own, else the college's, else the platform default."""
    applicable = EvaluationPolicy.objects.filter(college_id=college_id).filter(
        Q(program__isnull=True) | Q(program_id=program_id)
    )
    return applicable_minimum(
        {policy.program_id: policy.min_enterprise_weight for policy in applicable}, program_id
    )


def applicable_minimum(college_policies: dict[int | None, int], program_id: int | None) -> int:
    """Of one college's policies (by program id, ``None`` for the whole college): the program's own,
    else the college's, else the platform default."""
    if program_id is not None and program_id in college_policies:
        return college_policies[program_id]
    return college_policies.get(None, int(settings.IEHUB_MIN_ENTERPRISE_WEIGHT))


def enterprise_weight(weights: dict[str, int]) -> int:
    return sum(weight for role, weight in weights.items() if role in ENTERPRISE_SIDE)


def schemes_for(user: Any) -> QuerySet[Scheme]:
    return (
        Scheme.objects.restrict(user)
        .select_related("college", "program", "rubric", "project", "placement__student")
        .prefetch_related("weights")
    )


def scheme_students(scheme: Scheme) -> QuerySet[User]:
    """Who is evaluated under the scheme: the project's students, the intern, or the college's students."""
    if scheme.project_id is not None:
        ids = ProjectMember.objects.filter(project_id=scheme.project_id, kind=ProjectMember.Kind.STUDENT)
        return User.objects.filter(id__in=ids.values("user_id")).order_by("username")
    if scheme.placement_id is not None:
        return User.objects.filter(placements=scheme.placement_id)
    return User.objects.filter(
        memberships__organization_id=scheme.college_id,
        memberships__role=Role.STUDENT,
        memberships__is_active=True,
    ).order_by("username")


def criteria_of(scheme: Scheme, role: str) -> list[Criterion]:
    """The role's variant of the scheme's rubric: the criteria that evaluator marks."""
    return [c for c in scheme.rubric.criteria.select_related("skill") if c.marked_by(role)]


def history(user: Any, scheme: Scheme, student_id: int) -> list[Evaluation]:
    """Every evaluation of the student under the scheme the reader may see, newest first, corrections
    included (a corrected evaluation stays, marked as corrected)."""
    return list(
        Evaluation.objects.restrict(user)
        .filter(scheme=scheme, student_id=student_id)
        .select_related("evaluator", "corrects")
        .prefetch_related(
            Prefetch("marks", queryset=Mark.objects.select_related("criterion__skill")),
            "corrections",
        )
    )


def current(evaluations: list[Evaluation]) -> list[Evaluation]:
    """Evaluations that no later evaluation corrects: the ones that count."""
    corrected = {e.corrects_id for e in evaluations if e.corrects_id is not None}
    return [e for e in evaluations if e.pk not in corrected]


@dataclass(frozen=True)
class CompetencyMastery:
    skill_id: int
    skill: str
    result: Mastery


def mastery_by_competency(scheme: Scheme, evaluations: list[Evaluation]) -> list[CompetencyMastery]:
    """Mastery of each competency the rubric evidences, by the scheme's method, from the evaluations
    that count, each mark weighted by its evaluator role's weight in the scheme."""
    weights = {w.role: w.weight for w in scheme.weights.all()}
    levels = scheme.rubric.levels
    observations: dict[int, list[Observation]] = defaultdict(list)
    names: dict[int, str] = {}
    for evaluation in current(evaluations):
        for mark in evaluation.marks.all():
            skill = mark.criterion.skill
            names[skill.pk] = skill.display_name
            observations[skill.pk].append(
                Observation(
                    rubric_level_to_scale(mark.level, levels),
                    evaluation.at,
                    float(weights.get(evaluation.role, 0)) or 1.0,
                )
            )
    for criterion in scheme.rubric.criteria.select_related("skill"):
        names.setdefault(criterion.skill_id, criterion.skill.display_name)
    return [
        CompetencyMastery(
            skill_id,
            names[skill_id],
            mastery(
                observations.get(skill_id, []),
                scheme.mastery_method,
                float(scheme.mastery_threshold),
                times=scheme.mastery_times,
            ),
        )
        for skill_id in sorted(names, key=lambda pk: names[pk])
    ]


@dataclass(frozen=True)
class Drift:
    rater: str
    mean_difference: float
    units: int
    flagged: bool


@dataclass(frozen=True)
class PanelAgreement:
    alpha: float | None
    raters: int
    students: int
    disagrees: bool
    drift: tuple[Drift, ...] = ()


def panel_agreement(scheme: Scheme) -> PanelAgreement:
    """Krippendorff's alpha (interval) of the scheme's evaluators over every mark they gave: a unit is
    one criterion of one student, a rater one evaluator (an outside assessor by name and role), and each
    rater's latest current evaluation of a student counts. Self-evaluations are left out (a student is
    not a rater of the panel)."""
    evaluations = current(
        list(
            Evaluation.objects.filter(scheme=scheme)
            .exclude(role="self")
            .select_related("evaluator")
            .prefetch_related("marks")
            .order_by("at", "id")
        )
    )
    table: dict[str, dict[tuple[int, int], float]] = defaultdict(dict)
    names: dict[str, str] = {}
    students: set[int] = set()
    for evaluation in evaluations:
        rater = (
            f"user:{evaluation.evaluator_id}"
            if evaluation.evaluator_id
            else f"{evaluation.role}:{evaluation.assessor_name}"
        )
        names[rater] = f"{evaluation.get_role_display()} · {evaluation.evaluator_label}"
        for mark in evaluation.marks.all():
            table[rater][(evaluation.student_id, mark.criterion_id)] = float(mark.level)
            students.add(evaluation.student_id)
    units = sorted({unit for row in table.values() for unit in row})
    rows = [[row.get(unit) for unit in units] for row in table.values()]
    try:
        alpha: float | None = krippendorff_alpha(rows) if len(rows) >= 2 else None
    except ValueError:
        alpha = None
    raters = list(table)
    drift = tuple(
        Drift(names[raters[d.rater]], d.mean_difference, d.units, drifts(d))
        for d in (rater_drift(rows) if rows else [])
    )
    return PanelAgreement(
        alpha, len(rows), len(students), alpha is not None and panel_disagrees(alpha), drift
    )


def subject_choices(user: Any, college_id: int) -> dict[str, Any]:
    """What a scheme of the college may evaluate (the form's choices): its rubrics, programs, the
    projects and internships the user sees, and the courses of its programs' versions in force."""
    from_college = {"college_id": college_id}
    return {
        "rubrics": Rubric.objects.restrict(user).filter(**from_college),
        "programs": Program.objects.filter(**from_college, is_active=True),
        "projects": Project.objects.restrict(user).filter(**from_college).order_by("-created_at")[:200],
        "placements": Placement.objects.restrict(user)
        .filter(**from_college)
        .select_related("student", "enterprise")
        .order_by("-starts_on")[:200],
        "courses": Course.objects.filter(
            version__program__college_id=college_id, version__state=CurriculumVersion.State.CURRENT
        ).select_related("version__program"),
    }


def weighted_result(
    marks: dict[str, dict[str, list[float]]], role_weights: dict[str, int], process_weight: int
) -> float | None:
    """A student's result on the 1–3 scale: per part (process, product) the mean of each role's marks,
    weighted by the roles' shares among those that marked that part; then the two parts by the scheme's
    process weight (a part nobody marked leaves the other alone)."""
    parts: dict[str, float] = {}
    for part, by_role in marks.items():
        counted = {role: sum(v) / len(v) for role, v in by_role.items() if role_weights.get(role)}
        total = sum(role_weights[role] for role in counted)
        if total:
            parts[part] = sum(role_weights[role] * mean for role, mean in counted.items()) / total
    if not parts:
        return None
    shares = {"process": process_weight, "product": 100 - process_weight}
    total = sum(shares[part] for part in parts)
    if not total:
        return sum(parts.values()) / len(parts)
    return sum(shares[part] * value for part, value in parts.items()) / total


def students_with_results(scheme: Scheme) -> list[dict[str, Any]]:
    """Each student of the scheme with how many current evaluations count and their weighted result
    (``weighted_result``: evaluator roles by their weights, process and product by the scheme's split)."""
    students = list(scheme_students(scheme)[:500])
    evaluations = current(
        list(
            Evaluation.objects.filter(scheme=scheme, student__in=students).prefetch_related(
                Prefetch("marks", queryset=Mark.objects.select_related("criterion"))
            )
        )
    )
    weights = {w.role: w.weight for w in scheme.weights.all()}
    by_student: dict[int, dict[str, dict[str, list[float]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(list))
    )
    roles_of: dict[int, set[str]] = defaultdict(set)
    for evaluation in evaluations:
        roles_of[evaluation.student_id].add(evaluation.role)
        for mark in evaluation.marks.all():
            part = "product" if mark.criterion.component == Component.PRODUCT else "process"
            by_student[evaluation.student_id][part][evaluation.role].append(
                rubric_level_to_scale(mark.level, scheme.rubric.levels)
            )
    return [
        {
            "student": student,
            "roles": [EvaluatorRole(role).label for role in sorted(roles_of.get(student.pk, set()))],
            "evaluations": sum(1 for e in evaluations if e.student_id == student.pk),
            "result": weighted_result(by_student.get(student.pk, {}), weights, scheme.process_weight),
        }
        for student in students
    ]


def policies_of(colleges: list[Any]) -> list[EvaluationPolicy]:
    return list(EvaluationPolicy.objects.filter(college__in=colleges).select_related("college", "program"))


def students_i_evaluate(user: Any, scheme: Scheme) -> list[tuple[User, list[str]]]:
    """For an evaluator who is not college staff: the scheme's students they may evaluate, with roles."""
    shared = permissions.shared_roles(user, scheme)
    found = []
    for student in scheme_students(scheme)[:500]:
        roles = permissions.roles_for_student(scheme, shared, user, student.pk)
        if roles:
            found.append((student, roles))
    return found


@dataclass
class PolicyCompliance:
    college: Any
    program: Any
    schemes: int
    meeting: int

    @property
    def share(self) -> float | None:
        return self.meeting / self.schemes if self.schemes else None


def policy_compliance(colleges: QuerySet[Any]) -> list[PolicyCompliance]:
    """Per college and per program: how many schemes give enterprise-side evaluators at least the
    minimum the policy sets today (a policy raised later shows the older schemes that fall short)."""
    schemes = list(
        Scheme.objects.filter(college__in=colleges)
        .select_related("college", "program")
        .prefetch_related("weights")
    )
    policies: dict[int, dict[int | None, int]] = defaultdict(dict)
    for policy in EvaluationPolicy.objects.filter(college__in=colleges):
        policies[policy.college_id][policy.program_id] = policy.min_enterprise_weight

    def minimum(scheme: Scheme) -> int:
        return applicable_minimum(policies[scheme.college_id], scheme.program_id)

    rows: dict[tuple[int, int | None], PolicyCompliance] = {}
    for scheme in schemes:
        meets = enterprise_weight({w.role: w.weight for w in scheme.weights.all()}) >= minimum(scheme)
        levels = [(None, None)] + ([(scheme.program_id, scheme.program)] if scheme.program_id else [])
        for program_id, program in levels:
            row = rows.setdefault(
                (scheme.college_id, program_id), PolicyCompliance(scheme.college, program, 0, 0)
            )
            row.schemes += 1
            row.meeting += int(meets)
    return sorted(rows.values(), key=lambda r: (r.college.pk, r.program.pk if r.program else 0))


def drifting_evaluators(colleges: QuerySet[Any]) -> list[tuple[Scheme, Drift]]:
    """Evaluators consistently harsher or more lenient than their panel, scheme by scheme."""
    found = []
    for scheme in Scheme.objects.filter(college__in=colleges).order_by("-id")[:200]:
        for drift in panel_agreement(scheme).drift:
            if drift.flagged:
                found.append((scheme, drift))
    return found
