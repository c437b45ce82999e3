"""Reads for matching, scoped to the caller: opportunities, scores with explanations, recommendations,
candidates, rounds and regional supply vs demand. Scores come from the pure engine
(``iehub.engines.match_scoring``); this module gathers its inputs from the records."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from scipy import sparse

from iehub.accounts import permissions as accounts
from iehub.accounts.models import Membership, User
from iehub.accounts.roles import Role
from iehub.core import data_versions
from iehub.core.models import CHANGE
from iehub.core.scopes import APPLICATIONS, MATCH_SCORES, MATCHING
from iehub.demand.models import PostingSkill, SkillRelation
from iehub.engines import match_scoring as engine
from iehub.evaluation.models import Evaluation
from iehub.evaluation.portfolio import competency_levels
from iehub.matching import permissions
from iehub.matching.models import (
    AllocationRound,
    Application,
    MatchingProfile,
    MatchScore,
    Opportunity,
    OpportunitySkill,
    RoundAssignment,
    RoundChoice,
    RoundPosition,
)
from iehub.taxonomy.models import Skill

TOP_N = 20
# Opportunities (with the vetting and complaints that decide who sees them) and allocation rounds: what
# the supply and demand, the quality indicators and the dashboard count (kept under this scope's token).
MATCHING_TABLES = (
    "matching_allocationround",
    "matching_complaint",
    "matching_opportunity",
    "matching_opportunityskill",
    "matching_roundassignment",
    "matching_roundposition",
    "matching_vetting",
)
data_versions.register({MATCHING: MATCHING_TABLES})
# Read by pages only (kept pages, core.kept_pages), so outside every scope. The match scores apart: the
# scoring task rewrites them in bulk, a chunk of students a transaction (``STUDENT_CHUNK``), so each
# transaction queues one trigger event a row it writes, run at its commit.
data_versions.register(
    {
        APPLICATIONS: (
            "matching_application",
            "matching_applicationevent",
            "matching_matchingprofile",
            "matching_roundchoice",
            "matching_roundranking",
        ),
        MATCH_SCORES: ("matching_matchscore",),
    },
    in_every_scope=False,
)
SUPPLY_KEPT_SECONDS = 600
SUPPLY_STUDENTS = 5000  # evaluated students counted for a supply figure (the lowest ids beyond it)


def opportunities_for(user: User, kind: str = "", region: str = "", text: str = "") -> QuerySet[Opportunity]:
    """Opportunities the user may see, filtered; organisation and skills fetched with them."""
    rows = Opportunity.objects.restrict(user).select_related("organization", "occupation")
    if kind:
        rows = rows.filter(kind=kind)
    if region:
        rows = rows.filter(region_code__startswith=region.rstrip("0")[:6])
    if text:
        rows = rows.filter(
            Q(title__icontains=text) | Q(title_en__icontains=text) | Q(description__icontains=text)
        )
    return rows.order_by("-published_at", "-id")


def open_opportunities() -> QuerySet[Opportunity]:
    """What students may be matched to now: open to students and not past its application date."""
    today = timezone.localdate()
    return Opportunity.objects.filter(permissions.open_to_students_q()).filter(
        Q(apply_by__isnull=True) | Q(apply_by__gte=today)
    )


def levels_of(student_ids: Iterable[int]) -> dict[int, dict[int, float]]:
    """Each student's competency levels (skill id → portfolio score on 1–3), kept between requests."""
    return competency_levels(student_ids)


def preferences_of(profile: MatchingProfile | None) -> engine.Preferences:
    if profile is None:
        return engine.Preferences()
    return engine.Preferences(
        regions=frozenset(profile.regions or ()),
        industries=frozenset(profile.industries or ()),
        enterprise_types=frozenset(profile.enterprise_types or ()),
    )


def facts_of(opportunities: Sequence[Opportunity]) -> dict[int, engine.OpportunityFacts]:
    """What the engine reads of each opportunity (one query for all their required skills)."""
    requirements: dict[int, list[engine.Requirement]] = defaultdict(list)
    for line in OpportunitySkill.objects.filter(opportunity__in=[o.pk for o in opportunities]).order_by("pk"):
        requirements[line.opportunity_id].append(
            engine.Requirement(line.skill_id, line.level, float(line.importance))
        )
    return {
        o.pk: engine.OpportunityFacts(
            tuple(requirements[o.pk]),
            region=o.region_code or o.organization.region_code,
            industry=o.organization.industry,
            enterprise_type=o.organization.ownership,
        )
        for o in opportunities
    }


def related_skills(skill_ids: Iterable[int]) -> dict[int, list[tuple[int, float]]]:
    """For each skill, the skills that stand in for it (best first), by how much the postings that
    mention them overlap, as of the last demand refresh (``demand.series``): one query of a few rows
    per skill. Counting the overlap here, live, read every posting of those skills on each page (50 to
    80 ms for an opportunity's page on the large demo)."""
    wanted = sorted(set(skill_ids))
    if not wanted:
        return {}
    related: dict[int, list[tuple[int, float]]] = defaultdict(list)
    stored = SkillRelation.objects.filter(skill_id__in=wanted).values_list(
        "skill_id", "related_id", "overlap"
    )
    for skill, near, overlap in stored:
        related[skill].append((near, overlap))
    return {skill: sorted(near, key=lambda x: (-x[1], x[0])) for skill, near in related.items()}


@dataclass
class Explained:
    """A score with the skills and preferences behind it, ready for a page."""

    opportunity: Opportunity
    score: engine.Score
    skills: dict[int, Skill]

    @property
    def lines(self) -> list[tuple[engine.SkillFit, Skill, Skill | None]]:
        return [
            (line, self.skills[line.skill], self.skills.get(line.via_skill or 0))
            for line in self.score.skills
        ]


def _skills_by_id(scores: Iterable[engine.Score]) -> dict[int, Skill]:
    ids = {line.skill for s in scores for line in s.skills} | {
        line.via_skill for s in scores for line in s.skills if line.via_skill
    }
    return Skill.objects.in_bulk(ids)


def scorer(
    opportunities: Sequence[Opportunity], student_ids: Iterable[int]
) -> Callable[[int, int], engine.Score]:
    """The engine's score of any (student id, opportunity id) among these, with its explanation: the
    opportunities' requirements, their related skills, the students' levels and profiles are read once,
    in a fixed number of queries."""
    students = set(student_ids)
    facts = facts_of(opportunities)
    related = related_skills(r.skill for f in facts.values() for r in f.requirements)
    levels = levels_of(students)
    profiles = {p.student_id: p for p in MatchingProfile.objects.filter(student_id__in=students)}

    def score(student_id: int, opportunity_id: int) -> engine.Score:
        preferences = preferences_of(profiles.get(student_id))
        return engine.score(levels[student_id], preferences, facts[opportunity_id], related)

    return score


def explain(student: User, opportunity: Opportunity) -> Explained:
    """The student's score for the opportunity with every line that produced it (computed now)."""
    result = scorer([opportunity], [student.pk])(student.pk, opportunity.pk)
    return Explained(opportunity, result, _skills_by_id([result]))


def serialise(result: engine.Score) -> dict[str, Any]:
    """An explanation as stored with a score (JSON)."""
    return {
        "skills": [
            {
                "skill": line.skill,
                "required_level": line.required_level,
                "importance": line.importance,
                "student_level": line.student_level,
                "via_skill": line.via_skill,
                "similarity": line.similarity,
                "credit": round(line.credit, 4),
                "points": round(line.points, 3),
                "fit": str(line.fit),
            }
            for line in result.skills
        ],
        "preferences": dict(result.preferences),
    }


STUDENT_CHUNK = 2000  # students scored and stored together (bounded memory, one transaction each)


def recompute_scores(student_ids: Sequence[int] | None = None, n: int = TOP_N) -> int:
    """Store each student's ``n`` best open opportunities with their explanations (the background task).

    All students with a student seat when ``student_ids`` is None, in chunks of ``STUDENT_CHUNK``: the
    vectorised engine ranks, the scalar one explains the kept pairs, so stored explanations are exactly
    what a page would compute; each chunk replaces its students' scores in one transaction.
    """
    if student_ids is None:
        student_ids = list(
            Membership.objects.filter(role=Role.STUDENT, is_active=True)
            .values_list("user_id", flat=True)
            .distinct()
        )
    student_ids = sorted(set(student_ids))
    opportunities = list(open_opportunities().select_related("organization"))
    facts = facts_of(opportunities)
    fact_list = [facts[o.pk] for o in opportunities]
    related = related_skills(r.skill for f in fact_list for r in f.requirements)
    stored = 0
    for start in range(0, len(student_ids), STUDENT_CHUNK):
        chunk = student_ids[start : start + STUDENT_CHUNK]
        scores = _best_scores(chunk, opportunities, fact_list, related, n) if opportunities else []
        with transaction.atomic():
            MatchScore.objects.filter(student_id__in=chunk).delete()
            MatchScore.objects.bulk_create(scores, batch_size=2000)
        stored += len(scores)
    return stored


def _best_scores(
    student_ids: Sequence[int],
    opportunities: Sequence[Opportunity],
    fact_list: Sequence[engine.OpportunityFacts],
    related: dict[int, list[tuple[int, float]]],
    n: int,
) -> list[MatchScore]:
    """The unsaved best scores of some students (ranked by the vectorised engine, explained by the
    scalar one)."""
    levels = levels_of(student_ids)
    profiles = {p.student_id: p for p in MatchingProfile.objects.filter(student_id__in=student_ids)}
    columns = sorted(
        {r.skill for f in fact_list for r in f.requirements}
        | {k for pairs in related.values() for k, _s in pairs}
        | {k for student in levels.values() for k in student}
    )
    column = {k: i for i, k in enumerate(columns)}
    width = max(len(columns), 1)
    entries = [
        (i, column[skill], level) for i, pk in enumerate(student_ids) for skill, level in levels[pk].items()
    ]
    matrix = sparse.csr_matrix(
        ([e[2] for e in entries], ([e[0] for e in entries], [e[1] for e in entries])),
        shape=(len(student_ids), width),
    )
    relation_rows = [(column[j], column[k], s) for k, pairs in related.items() for j, s in pairs]
    relations = sparse.csr_matrix(
        ([r[2] for r in relation_rows], ([r[0] for r in relation_rows], [r[1] for r in relation_rows])),
        shape=(width, width),
    )
    remapped = [
        engine.OpportunityFacts(
            tuple(engine.Requirement(column[r.skill], r.level, r.importance) for r in f.requirements),
            f.region,
            f.industry,
            f.enterprise_type,
        )
        for f in fact_list
    ]
    preferences = [preferences_of(profiles.get(pk)) for pk in student_ids]
    ranked = engine.top_n(matrix, preferences, remapped, relations, n)
    now = timezone.now()
    found = []
    for i, pk in enumerate(student_ids):
        for j in ranked.opportunities[i]:
            result = engine.score(levels[pk], preferences[i], fact_list[int(j)], related)
            found.append(
                MatchScore(
                    student_id=pk,
                    opportunity=opportunities[int(j)],
                    score=round(result.total, 3),
                    skill_points=round(result.skill_points, 3),
                    preference_points=round(result.preference_points, 3),
                    explanation=serialise(result),
                    computed_at=now,
                )
            )
    return found


def recommendations(student: User, limit: int = TOP_N) -> QuerySet[MatchScore]:
    """The student's stored best matches among opportunities still open (their own only), leaving out
    those whose dates fall outside the availability the student gave."""
    rows = (
        MatchScore.objects.restrict(student)
        .filter(student=student, opportunity__in=open_opportunities())
        .select_related("opportunity__organization")
    )
    profile = MatchingProfile.objects.filter(student=student).first()
    if profile is not None and profile.available_until:
        rows = rows.exclude(opportunity__starts_on__gt=profile.available_until)
    if profile is not None and profile.available_from:
        rows = rows.exclude(opportunity__ends_on__lt=profile.available_from)
    return rows.order_by("-score", "opportunity_id")[:limit]


@dataclass
class Candidate:
    student: User
    score: engine.Score
    application: Application | None
    round_choice: RoundChoice | None


def candidates(user: User, opportunity: Opportunity) -> tuple[list[Candidate], int]:
    """The opportunity's applicants (outside or inside rounds) who consented, best score first, and how
    many others applied without consenting (counted, never named). For the organisation's staff only."""
    if (
        not Opportunity.objects.restrict(user)
        .filter(pk=opportunity.pk, organization_id__in=accounts.staff_org_ids(user))
        .exists()
        and not user.is_superuser
    ):
        return [], 0
    applicant_ids = set(
        Application.objects.filter(opportunity=opportunity).values_list("student_id", flat=True)
    ) | set(
        RoundChoice.objects.filter(position__opportunity=opportunity).values_list("student_id", flat=True)
    )
    consenting = set(
        MatchingProfile.objects.filter(student_id__in=applicant_ids, share_with_enterprises=True).values_list(
            "student_id", flat=True
        )
    )
    hidden = len(applicant_ids - consenting)
    score = scorer([opportunity], consenting)
    applications = {
        a.student_id: a
        for a in Application.objects.filter(opportunity=opportunity, student_id__in=consenting)
    }
    choices = {
        c.student_id: c
        for c in RoundChoice.objects.filter(position__opportunity=opportunity, student_id__in=consenting)
    }
    found = [
        Candidate(
            student,
            score(student.pk, opportunity.pk),
            applications.get(student.pk),
            choices.get(student.pk),
        )
        for student in User.objects.filter(pk__in=consenting)
    ]
    found.sort(key=lambda c: (-c.score.total, c.student.pk))
    return found, hidden


def round_scores(allocation: AllocationRound) -> dict[tuple[int, int], float]:
    """Scores of every (student, opportunity) pair ranked in the round, for the positions' order."""
    choices = list(RoundChoice.objects.filter(position__round=allocation).select_related("position"))
    opportunities = list(
        Opportunity.objects.filter(round_positions__round=allocation)
        .select_related("organization")
        .distinct()
    )
    score = scorer(opportunities, {c.student_id for c in choices})
    return {
        (c.student_id, c.position.opportunity_id): score(c.student_id, c.position.opportunity_id).total
        for c in choices
    }


def round_applicants(
    position: RoundPosition, scores: dict[tuple[int, int], float]
) -> list[tuple[User, float, int | None]]:
    """The consenting students who ranked the position: score (from the round's ``round_scores``) and
    the enterprise's rank so far."""
    consenting = RoundChoice.objects.filter(
        position=position, student_id__in=permissions.consenting_students()
    )
    students = list(User.objects.filter(pk__in=consenting.values("student_id")))
    ranks = dict(position.rankings.values_list("student_id", "rank"))
    rows = [(s, scores.get((s.pk, position.opportunity_id), 0.0), ranks.get(s.pk)) for s in students]
    rows.sort(key=lambda row: (row[2] or 10**9, -row[1], row[0].pk))
    return rows


def round_student_ids(allocation: AllocationRound) -> Any:
    """The students the round is for: the college's, narrowed to its program and cohort."""
    seats = Membership.objects.filter(
        organization_id=allocation.college_id, role=Role.STUDENT, is_active=True
    )
    if allocation.program_id:
        seats = seats.filter(program_id=allocation.program_id)
    if allocation.cohort:
        seats = seats.filter(cohort=allocation.cohort)
    return seats.values("user_id")


def current_assignments(allocation: AllocationRound) -> dict[int, RoundAssignment]:
    """Each student's assignment that counts: the latest (overrides after the solver's)."""
    latest: dict[int, RoundAssignment] = {}
    for assignment in allocation.assignments.order_by("at", "id").select_related("position__opportunity"):
        latest[assignment.student_id] = assignment
    return latest


def round_results(allocation: AllocationRound) -> tuple[list[str], list[list[Any]]]:
    """The round's results as a table (for the export): every student who took part, their placement,
    choice, how it was decided and why; then the eligible students who ranked nothing."""
    current = current_assignments(allocation)
    seats = {
        m.user_id: m
        for m in Membership.objects.filter(
            organization_id=allocation.college_id, role=Role.STUDENT
        ).select_related("user")
    }
    header = [
        _("Student number"),
        _("Student"),
        _("Position"),
        _("Organisation"),
        _("Choice"),
        _("Source"),
        _("Reason"),
    ]
    rows: list[list[Any]] = []
    for student_id, a in sorted(
        current.items(), key=lambda item: seats[item[0]].student_number if item[0] in seats else ""
    ):
        seat = seats.get(student_id)
        opportunity = a.position.opportunity if a.position else None
        rows.append(
            [
                seat.student_number if seat else "",
                seat.user.display_name if seat else student_id,
                opportunity.display_title if opportunity else _("unplaced"),
                opportunity.organization.display_name if opportunity else "",
                a.choice_rank or "",
                a.get_source_display(),
                a.reason,
            ]
        )
    for seat in silent_students(allocation):
        rows.append([seat.student_number, seat.user.display_name, _("ranked no position"), "", "", "", ""])
    return [str(h) for h in header], rows


def silent_students(allocation: AllocationRound) -> list[Membership]:
    """Eligible students who ranked no position in the round (they are outside the allocation)."""
    ranked = RoundChoice.objects.filter(position__round=allocation).values("student_id")
    return list(
        Membership.objects.filter(
            organization_id=allocation.college_id,
            role=Role.STUDENT,
            user_id__in=round_student_ids(allocation),
        )
        .exclude(user_id__in=ranked)
        .select_related("user")
        .order_by("student_number", "pk")
    )


def rounds_for(user: User) -> QuerySet[AllocationRound]:
    return AllocationRound.objects.restrict(user).select_related("college", "program").order_by("-created_at")


def may_run(user: User, allocation: AllocationRound) -> bool:
    return AllocationRound.objects.restrict(user, CHANGE).filter(pk=allocation.pk).exists()


# --- supply vs demand -------------------------------------------------------------------------------


@dataclass
class Gap:
    skill: Skill
    openings: int  # places of open opportunities that ask for the skill
    postings: int  # job postings of the last year that mention it
    supply: int  # students who master it (portfolio score ≥ 2.5)

    @property
    def shortfall(self) -> int:
        return self.openings - self.supply


def supply_and_demand(
    user: User, region: str = "", program_id: int | None = None, limit: int = 30
) -> list[Gap]:
    """:func:`measured_supply_and_demand`, kept between requests while nothing versioned is written
    (``core.data_versions``): a province's figures count a year of postings and up to 5,000 students'
    levels (~50 ms on PostgreSQL at 100,000 students). The date is in the key (the year of postings)."""
    key = data_versions.key_for_today("supply-demand", region, program_id or "", limit, reader=user)
    return data_versions.kept_under_every_scope(
        key, lambda: measured_supply_and_demand(user, region, program_id, limit), SUPPLY_KEPT_SECONDS
    )


def measured_supply_and_demand(
    user: User, region: str = "", program_id: int | None = None, limit: int = 30
) -> list[Gap]:
    """Skills ranked by how far open places exceed the students who master them, in the user's view
    (students of the colleges they see; opportunities they see), optionally in one region and for the
    students of one program."""
    opportunities = Opportunity.objects.restrict(user).filter(status=Opportunity.Status.PUBLISHED)
    if region:
        opportunities = opportunities.filter(region_code__startswith=region.rstrip("0"))
    openings = dict(
        OpportunitySkill.objects.filter(opportunity__in=opportunities)
        .values_list("skill_id")
        .annotate(places=Sum("opportunity__places"))
    )
    year_ago = timezone.localdate().replace(year=timezone.localdate().year - 1)
    postings = dict(
        PostingSkill.objects.filter(skill_id__in=list(openings), posting__posted_on__gte=year_ago)
        .filter(Q(posting__region_code__startswith=region.rstrip("0")) if region else Q())
        .values_list("skill_id")
        .annotate(n=Count("pk"))
    )
    seats = Membership.objects.filter(
        role=Role.STUDENT, is_active=True, organization_id__in=accounts.visible_org_ids(user)
    )
    if program_id:
        seats = seats.filter(program_id=program_id)
    # Only students with evaluations can master a skill: taking the scope's first rows instead counted
    # whoever came first (a province's first 5,000 students, most of them never evaluated).
    evaluated = seats.filter(user_id__in=Evaluation.objects.values("student_id"))
    students = list(
        evaluated.order_by("user_id").values_list("user_id", flat=True).distinct()[:SUPPLY_STUDENTS]
    )
    supply: dict[int, int] = defaultdict(int)
    for student_levels in levels_of(students).values():
        for skill, level in student_levels.items():
            if level >= 2.5:
                supply[skill] += 1
    skills = Skill.objects.in_bulk(list(openings))
    gaps = [
        Gap(skills[k], int(openings[k] or 0), postings.get(k, 0), supply.get(k, 0))
        for k in openings
        if k in skills
    ]
    gaps.sort(key=lambda g: (-g.shortfall, -g.postings, g.skill.pk))
    return gaps[:limit]
