"""Reads of curricula, always scoped to the person asking: versions, matrices, alignment, dashboards."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from iehub.accounts.models import User
from iehub.accounts.permissions import staff_org_ids
from iehub.core import data_versions
from iehub.core.models import CHANGE, VIEW, bilingual
from iehub.core.scopes import CHANGE_TALK, CLASSES, CURRICULA, OFFERINGS, SERIES, TRANSCRIPTS
from iehub.curriculum import permissions, terms
from iehub.curriculum.diffing import Snapshot, VersionDiff, diff
from iehub.curriculum.models import (
    CareerDirection,
    ChangeRequest,
    ChangeVote,
    CommitteeMember,
    Course,
    CurriculumVersion,
    EnterpriseSuggestion,
    Module,
    ModuleCompetency,
    Program,
    RecognitionRequest,
    TaskCompetency,
)
from iehub.curriculum.snapshots import snapshot
from iehub.demand.models import Cut, Granularity, PostingVolume, SkillDemand
from iehub.engines import alignment
from iehub.engines.periods import Period
from iehub.taxonomy.models import Field, Skill

# The curricula's structure: what the overview and the indicators count (kept values read them under
# every scope's token; see ``overview``).
CURRICULUM_TABLES = (
    "curriculum_careerdirection",
    "curriculum_course",
    "curriculum_curriculumversion",
    "curriculum_module",
    "curriculum_modulecompetency",
    "curriculum_program_key_skills",
    "curriculum_taskcompetency",
    "curriculum_worktask",
)
# The demand series the gap analysis aligns with (written by ``iehub demand refresh``).
SERIES_TABLES = ("demand_postingvolume", "demand_skilldemand")
data_versions.register({CURRICULA: CURRICULUM_TABLES, SERIES: SERIES_TABLES})
# Read by pages only (kept pages, core.kept_pages), so outside every scope.
data_versions.register(
    {
        CLASSES: ("curriculum_classgroup",),
        OFFERINGS: ("curriculum_microcourse", "curriculum_certificate", "curriculum_certificateskill"),
        CHANGE_TALK: ("curriculum_changecomment",),
        TRANSCRIPTS: ("curriculum_transcriptentry",),
    },
    in_every_scope=False,
)
# The overview's windows are days: the date is in the key; ten minutes at most all the same.
OVERVIEW_KEPT_SECONDS = 600

T = TypeVar("T")

CHANGE_TARGET_DAYS = 90  # the papers' goal: a curriculum change approved in under three months
COURSE_UPDATE_DAYS = 548  # courses are updated every ~1.5 years today
DIMENSIONS = ("digital", "green", "innovation")


def programs_for(user: User, action: str = VIEW) -> QuerySet[Program]:
    return Program.objects.restrict(user, action).select_related("college")


def current_version(program: Program) -> CurriculumVersion | None:
    """The version in force (a scheduled one whose term has begun is put in force first)."""
    terms.activate_due()
    return program.versions.filter(state=CurriculumVersion.State.CURRENT).first()


def current_versions(program_ids: list[int]) -> dict[int, CurriculumVersion]:
    """Program id → its version in force, for a page of programs."""
    terms.activate_due()
    found = CurriculumVersion.objects.filter(
        program_id__in=program_ids, state=CurriculumVersion.State.CURRENT
    )
    return {version.program_id: version for version in found}


def versions_for(user: User, program: Program) -> QuerySet[CurriculumVersion]:
    """The program's versions the user may read (drafts only for its college's staff and committee)."""
    return CurriculumVersion.objects.restrict(user).filter(program=program)


def version_courses(version: CurriculumVersion) -> QuerySet[Course]:
    """Courses with their modules and competencies (three queries whatever the size)."""
    return version.courses.prefetch_related("modules__competencies__skill")


def version_diff(old: CurriculumVersion | None, new: CurriculumVersion) -> VersionDiff:
    before = snapshot(old) if old else Snapshot()
    after = snapshot(new)
    uris = {uri for _, uri in before.competencies} | {uri for _, uri in after.competencies}
    labels = {s.uri: s.display_name for s in Skill.objects.filter(uri__in=uris)}
    return diff(before, after, labels, display=bilingual)


def taught_levels(version: CurriculumVersion | None) -> dict[int, int]:
    """Skill id → highest level any module of the version reaches."""
    if version is None:
        return {}
    rows = (
        ModuleCompetency.objects.filter(module__course__version=version)
        .values("skill_id")
        .annotate(level=Max("level"))
    )
    return {row["skill_id"]: row["level"] for row in rows}


def required_levels(program: Program, direction: CareerDirection | None = None) -> dict[int, int]:
    """Skill id → highest level the program's typical work tasks (of one career direction) require."""
    tasks = TaskCompetency.objects.filter(task__direction__program=program)
    if direction is not None:
        tasks = tasks.filter(task__direction=direction)
    rows = tasks.values("skill_id").annotate(level=Max("level"))
    return {row["skill_id"]: row["level"] for row in rows}


@dataclass(frozen=True)
class DemandData:
    periods: list[str]
    counts: dict[int, dict[str, int]]  # skill id → period → postings
    totals: dict[str, int]
    cross_cutting: frozenset[int] = frozenset()

    def at(self, period_index: int) -> dict[str, alignment.Demand]:
        """Demand of every skill as it stood at ``periods[period_index]``."""
        upto = self.periods[: period_index + 1]
        by_key = {str(k): v for k, v in self.counts.items()}
        found = alignment.shares_and_growth(by_key, self.totals, upto)
        return found


def demand_data(fields: tuple[str, ...]) -> DemandData:
    """Quarterly counts of the skills of these fields (plus cross-cutting ones): two queries."""
    totals = dict(
        PostingVolume.objects.filter(granularity=Granularity.QUARTER, cut=Cut.ALL, value="").values_list(
            "period", "total"
        )
    )
    periods = sorted(totals, key=Period.parse)
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    rows = SkillDemand.objects.filter(
        granularity=Granularity.QUARTER,
        cut=Cut.ALL,
        value="",
        skill__field__in=(*fields, Field.CROSS_CUTTING),
    ).values_list("skill_id", "period", "count")
    for skill_id, period, count in rows:
        counts[skill_id][period] = count
    cross = frozenset(Skill.objects.filter(field=Field.CROSS_CUTTING).values_list("pk", flat=True))
    return DemandData(periods, dict(counts), totals, cross)


@dataclass(frozen=True)
class ProgramAlignment:
    program: Program
    version: CurriculumVersion | None
    direction: CareerDirection | None
    period: str
    result: alignment.Alignment
    skills: dict[int, Skill]

    def rows(self) -> list[tuple[alignment.SkillAlignment, Skill]]:
        return [(row, self.skills[int(row.skill)]) for row in self.result.demanded]

    def extra_rows(self) -> list[tuple[alignment.SkillAlignment, Skill]]:
        return [(row, self.skills[int(row.skill)]) for row in self.result.not_demanded]


RISING = 0.3  # field skills growing at least this much join the job profile


def profile_skills(program: Program) -> frozenset[int]:
    """Skills the program's career directions name (its key skills)."""
    return frozenset(program.key_skills.values_list("pk", flat=True))


def _align(
    data: DemandData,
    index: int,
    required: dict[int, int],
    taught: dict[int, int],
    profile: frozenset[int] = frozenset(),
) -> alignment.Alignment:
    """Candidates: the profile, cross-cutting skills, and field skills rising by at least ``RISING``."""
    demand = data.at(index) if data.periods else {}
    core = {str(k) for k in (*required, *profile)}
    candidates = {
        key: d
        for key, d in demand.items()
        if key in core or int(key) in data.cross_cutting or d.growth >= RISING
    }
    return alignment.align(
        candidates,
        {str(k): v for k, v in required.items()},
        {str(k): v for k, v in taught.items()},
        profile=frozenset(str(k) for k in profile),
    )


def program_alignment(
    program: Program,
    version: CurriculumVersion | None = None,
    data: DemandData | None = None,
    direction: CareerDirection | None = None,
) -> ProgramAlignment:
    """Gap list and alignment score of a version (the one in force by default) against the latest demand.

    With a career direction, the job profile is that direction's task requirements (plus cross-cutting
    and rising field skills) instead of the whole program's.
    """
    version = version or current_version(program)
    data = data or demand_data((program.field,))
    profile = frozenset() if direction is not None else profile_skills(program)
    result = _align(
        data, len(data.periods) - 1, required_levels(program, direction), taught_levels(version), profile
    )
    ids = {int(r.skill) for r in result.demanded} | {int(r.skill) for r in result.not_demanded}
    skills = Skill.objects.in_bulk(ids)
    period = data.periods[-1] if data.periods else ""
    return ProgramAlignment(program, version, direction, period, result, skills)


def alignment_history(program: Program, data: DemandData | None = None) -> list[tuple[str, float | None]]:
    """Score at the end of each quarter: the version in force then, against demand as it stood then."""
    data = data or demand_data((program.field,))
    versions = list(program.versions.filter(in_force_from__isnull=False).order_by("in_force_from"))
    taught = {v.pk: taught_levels(v) for v in versions}
    required = required_levels(program)
    profile = profile_skills(program)
    history: list[tuple[str, float | None]] = []
    for index, period in enumerate(data.periods):
        end = Period.parse(period).end
        in_force = [v for v in versions if timezone.localdate(v.in_force_from) <= end]
        if not in_force:
            history.append((period, None))  # no curriculum in force yet: nothing to align
            continue
        history.append((period, _align(data, index, required, taught[in_force[-1].pk], profile).score))
    return history


@dataclass(frozen=True)
class DimensionCoverage:
    key: str
    label: str
    courses: int
    total: int

    @property
    def percent(self) -> float:
        return round(100 * self.courses / self.total, 1) if self.total else 0.0


HEAVIEST_SHOWN = 10  # the heaviest demanded skills stay in view even when fully covered
MIN_FOLDED = 3


def fold(items: Sequence[T], relevant: Callable[[int, T], bool]) -> tuple[list[T], list[T]]:
    """Split a long list into what the reader acts on (shown, order kept) and the rest (folded away).

    Why: a film program's gap page listed 120 cross-cutting skills at "0 / 4" below its real gaps; the
    page keeps every row (nothing is hidden from the export) but puts the relevant ones first.
    """
    shown: list[T] = []
    folded: list[T] = []
    for index, item in enumerate(items):
        (shown if relevant(index, item) else folded).append(item)
    if len(folded) < MIN_FOLDED:  # folding one or two rows saves nothing and hides them
        return list(items), []
    return shown, folded


def gap_rows(
    analysis: ProgramAlignment,
) -> tuple[list[tuple[alignment.SkillAlignment, Skill]], list[tuple[alignment.SkillAlignment, Skill]]]:
    """Demanded skills, heaviest first: every gap, every skill a work task requires and the heaviest
    ``HEAVIEST_SHOWN`` are shown; covered, lighter skills are folded."""
    return fold(
        analysis.rows(),
        lambda index, pair: (
            index < HEAVIEST_SHOWN or pair[0].status != alignment.Status.COVERED or pair[0].required_by_tasks
        ),
    )


def dimension_rows(
    coverage: list[DimensionCoverage], analysis: ProgramAlignment
) -> tuple[list[DimensionCoverage], list[DimensionCoverage]]:
    """The three dimensions, and the cross-cutting skills that a course covers or the market asks of
    this program, are shown; cross-cutting skills nobody covers nor demands here are folded."""
    demanded = {skill.uri for _row, skill in analysis.rows()}
    return fold(coverage, lambda _index, row: row.key in DIMENSIONS or row.courses > 0 or row.key in demanded)


def dimension_coverage(version: CurriculumVersion | None) -> list[DimensionCoverage]:
    """Share of the version's courses that cover each cross-cutting dimension and cross-cutting skill."""
    if version is None:
        return []
    total = version.courses.count()
    found = []
    for name in DIMENSIONS:
        n = (
            version.courses.filter(**{f"modules__competencies__skill__{name}": True})
            .values("pk")
            .distinct()
            .count()
        )
        label = getattr(Skill._meta.get_field(name), "verbose_name", name)
        found.append(DimensionCoverage(name, str(label), n, total))
    by_skill = dict(
        ModuleCompetency.objects.filter(module__course__version=version, skill__field=Field.CROSS_CUTTING)
        .values("skill_id")
        .annotate(n=Count("module__course", distinct=True))
        .values_list("skill_id", "n")
    )
    for skill in Skill.objects.filter(field=Field.CROSS_CUTTING, is_active=True):
        found.append(DimensionCoverage(skill.uri, skill.display_name, by_skill.get(skill.pk, 0), total))
    return found


@dataclass(frozen=True)
class GapPage:
    """Everything the gap analysis page shows of a program (and its export writes)."""

    analysis: ProgramAlignment
    history: list[tuple[str, float | None]]
    shown: list[tuple[alignment.SkillAlignment, Skill]]
    folded: list[tuple[alignment.SkillAlignment, Skill]]
    dimensions: list[DimensionCoverage]
    quiet_dimensions: list[DimensionCoverage]


def gap_page(
    program: Program, version: CurriculumVersion | None, direction: CareerDirection | None
) -> GapPage:
    """The gap analysis of a program, kept between requests while nothing versioned is written: it
    aligns the curriculum with every quarter of demand (~26 queries, ~40 ms on PostgreSQL at 100,000
    students). Demand comes from the stored series (``iehub demand refresh`` writes them: versioned).
    The date (the quarter) and the language (the dimensions' names) are in the key; the caller checks
    that the reader may see the program and the version."""
    terms.activate_due()  # a write, not kept: a scheduled version whose term began goes in force now

    def compute() -> GapPage:
        data = demand_data((program.field,))
        analysis = program_alignment(program, version, data, direction=direction)
        shown, folded = gap_rows(analysis)
        dimensions, quiet = dimension_rows(dimension_coverage(analysis.version), analysis)
        history = alignment_history(program, data)
        return GapPage(analysis, history, shown, folded, dimensions, quiet)

    key = data_versions.key_for_today(
        "gaps", program.pk, version.pk if version else "", direction.pk if direction else ""
    )
    return data_versions.kept_under_every_scope(key, compute, OVERVIEW_KEPT_SECONDS)


def overview_programs(user: User) -> QuerySet[Program]:
    """College staff look at their own colleges; government, consortium and platform staff at all they see."""

    own = Program.objects.filter(college_id__in=staff_org_ids(user))
    return own if own.exists() else programs_for(user)


def cross_cutting_coverage(user: User) -> list[DimensionCoverage]:
    """Across the current curricula of ``overview_programs``: share of courses covering each cross-cutting
    skill (the papers found international collaboration in under 15 % of courses)."""
    versions = CurriculumVersion.objects.filter(
        program__in=overview_programs(user), state=CurriculumVersion.State.CURRENT
    )
    total = Course.objects.filter(version__in=versions).count()
    by_skill = dict(
        ModuleCompetency.objects.filter(
            module__course__version__in=versions, skill__field=Field.CROSS_CUTTING
        )
        .values("skill_id")
        .annotate(n=Count("module__course", distinct=True))
        .values_list("skill_id", "n")
    )
    rows = [
        DimensionCoverage(s.uri, s.display_name, by_skill.get(s.pk, 0), total)
        for s in Skill.objects.filter(field=Field.CROSS_CUTTING, is_active=True)
    ]
    return sorted(rows, key=lambda r: r.percent)


def change_requests_for(user: User) -> QuerySet[ChangeRequest]:
    return ChangeRequest.objects.restrict(user).select_related(
        "program__college", "proposed_version", "proposed_by", "alert_assignment__alert__skill"
    )


@dataclass(frozen=True)
class CycleTimes:
    decided: int
    median_days: float | None
    within_target: int
    open: int
    target_days: int = CHANGE_TARGET_DAYS


def cycle_times(requests: QuerySet[ChangeRequest]) -> CycleTimes:
    """Median days from submission to decision (the approval time the papers measure), decided and
    open requests, and how many were decided within the 3-month target."""
    decided = [
        (decided_at - (submitted_at or created_at)).days
        for created_at, submitted_at, decided_at in requests.filter(decided_at__isnull=False).values_list(
            "created_at", "submitted_at", "decided_at"
        )
        if decided_at is not None
    ]
    open_ = requests.filter(state__in=(ChangeRequest.State.DRAFT, ChangeRequest.State.IN_REVIEW)).count()
    return CycleTimes(
        decided=len(decided),
        median_days=statistics.median(decided) if decided else None,
        within_target=sum(1 for d in decided if d <= CHANGE_TARGET_DAYS),
        open=open_,
    )


@dataclass(frozen=True)
class CourseAge:
    course: Course
    days: int | None

    @property
    def overdue(self) -> bool:
        return self.days is not None and self.days > COURSE_UPDATE_DAYS


@dataclass(frozen=True)
class CourseAges:
    oldest: list[CourseAge]  # the first ``shown``, oldest revision first
    overdue: int
    total: int


def course_ages(user: User, today: dt.date | None = None, shown: int = 50) -> CourseAges:
    """Courses in force: the ``shown`` oldest revisions, and how many there are and are overdue past
    the 1.5-year update cycle — counted in the database (a province has thousands of courses)."""
    today = today or timezone.localdate()
    courses = Course.objects.filter(version__program__in=overview_programs(user)).filter(
        version__state=CurriculumVersion.State.CURRENT
    )
    counts = courses.aggregate(
        total=Count("pk"),
        overdue=Count("pk", filter=Q(revised_on__lt=today - dt.timedelta(days=COURSE_UPDATE_DAYS))),
    )
    oldest = courses.select_related("version__program").order_by("revised_on", "code")[:shown]
    return CourseAges(
        oldest=[CourseAge(c, (today - c.revised_on).days if c.revised_on else None) for c in oldest],
        overdue=counts["overdue"],
        total=counts["total"],
    )


@dataclass(frozen=True)
class Overview:
    cycle: CycleTimes
    ages: CourseAges
    coverage: list[DimensionCoverage]


def overview(user: User) -> Overview:
    """The curriculum overview of what the user may see, kept between requests while nothing versioned
    is written (``core.data_versions``): for an officer it counts a province's change requests, courses
    and competencies through the scope rules (~40 ms of queries on PostgreSQL at 100,000 students). The
    date and the language (the cross-cutting skills' names) are in the key."""
    key = data_versions.key_for_today("curriculum-overview", reader=user)
    return data_versions.kept_under_every_scope(
        key,
        lambda: Overview(
            cycle_times(change_requests_for(user).filter(program__in=overview_programs(user))),
            course_ages(user),
            cross_cutting_coverage(user),
        ),
        OVERVIEW_KEPT_SECONDS,
    )


def matrix(version: CurriculumVersion) -> dict[str, Any]:
    """The competency grid: skills (rows) × modules (columns), with the levels the tasks require."""
    modules = list(
        Module.objects.filter(course__version=version)
        .select_related("course")
        .order_by("course__term", "course__code", "code")
    )
    cells = {
        (mc.skill_id, mc.module_id): mc.level
        for mc in ModuleCompetency.objects.filter(module__course__version=version)
    }
    required = required_levels(version.program)
    skill_ids = set(required) | {skill_id for skill_id, _ in cells}
    skills = sorted(Skill.objects.filter(pk__in=skill_ids), key=lambda s: (s.field, str(s)))
    rows = []
    for skill in skills:
        levels = [(module, cells.get((skill.pk, module.pk), 0)) for module in modules]
        taught = max((level for _, level in levels), default=0)
        need = required.get(skill.pk, 0)
        rows.append(
            {"skill": skill, "required": need, "taught": taught, "cells": levels, "gap": need > taught}
        )
    return {"modules": modules, "rows": rows}


def open_requests_by_program(programs: list[Program]) -> dict[int, int]:
    return dict(
        ChangeRequest.objects.filter(
            program__in=programs, state__in=(ChangeRequest.State.DRAFT, ChangeRequest.State.IN_REVIEW)
        )
        .values("program_id")
        .annotate(n=Count("pk"))
        .values_list("program_id", "n")
    )


def student_programs(user: User) -> QuerySet[Program]:
    return Program.objects.filter(pk__in=permissions.student_program_ids(user))


def programs_teaching(user: User, skill: Skill) -> QuerySet[Program]:
    """The visible programs that have the skill among their key skills."""
    return Program.objects.restrict(user).filter(key_skills=skill).select_related("college")


def own_college_programs(user: User) -> QuerySet[Program]:
    """Programs of the colleges where the user works (where they propose changes or micro-courses)."""
    return programs_for(user).filter(college_id__in=staff_org_ids(user))


def committee_seat(user: User, program: Program) -> CommitteeMember | None:
    """The user's active seat on the program's committee, if any."""
    return program.committee.filter(user_id=user.pk, is_active=True).first()


def vote_of(seat: CommitteeMember | None, request: ChangeRequest) -> ChangeVote | None:
    return request.votes.filter(member=seat).first() if seat is not None else None


def votes_awaited(user: User) -> QuerySet[ChangeRequest]:
    """Change requests with the committee where the user holds a seat and has not voted yet."""
    seats = CommitteeMember.objects.filter(user_id=user.pk, is_active=True)
    return (
        ChangeRequest.objects.filter(state=ChangeRequest.State.IN_REVIEW, program__committee__in=seats)
        .exclude(votes__member__in=seats)
        .select_related("program")
        .distinct()
    )


def recognitions_to_decide(user: User) -> QuerySet[RecognitionRequest]:
    return RecognitionRequest.objects.restrict(user, CHANGE).filter(state=RecognitionRequest.State.PENDING)


def suggestions_to_answer(user: User) -> QuerySet[EnterpriseSuggestion]:
    return EnterpriseSuggestion.objects.restrict(user, CHANGE).filter(
        state=EnterpriseSuggestion.State.SUBMITTED
    )
