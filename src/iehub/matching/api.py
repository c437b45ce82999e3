"""Matching over the API (``/api/v1/matching/…``): opportunities, the caller's score and explanation,
recommendations, applications and their steps, allocation rounds with their stability proof. Reads are
scoped like the pages; writes go through the same actions."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from iehub.accounts import permissions as accounts
from iehub.core.api_support import Page, PageQuery, paged
from iehub.core.kept_pages import kept_answer
from iehub.core.limits import DbId
from iehub.core.scopes import APPLICATIONS, MATCH_SCORES, MATCHING, POSTINGS
from iehub.core.views_helpers import current_user
from iehub.engines.match_scoring import Score
from iehub.matching import actions, queries
from iehub.matching.models import AllocationRound, Application, MatchScore, Opportunity

router = Router(tags=["matching"])
KindName = Literal["job", "internship", "apprenticeship", "programme"]
StatusName = Literal["shortlisted", "interview", "offer", "accepted", "declined", "rejected", "withdrawn"]


class RequiredSkillOut(Schema):
    skill_id: int
    skill: str
    level: int
    importance: int


class OpportunityOut(Schema):
    id: int
    organization_id: int
    organization: str
    kind: str
    title: str
    title_en: str
    status: str
    region_code: str
    places: int
    starts_on: dt.date | None
    ends_on: dt.date | None
    apply_by: dt.date | None
    stipend_monthly: float | None
    skills: list[RequiredSkillOut]


class SkillFitOut(Schema):
    skill_id: int
    required_level: int
    importance: float
    student_level: float | None
    via_skill_id: int | None
    similarity: float
    credit: float
    points: float
    fit: str


class ScoreOut(Schema):
    total: float
    skill_points: float
    preference_points: float
    skills: list[SkillFitOut]
    preferences: dict[str, bool]


class RecommendationOut(Schema):
    opportunity_id: int
    title: str
    score: float
    computed_at: dt.datetime


class ApplicationOut(Schema):
    id: int
    student_id: int
    opportunity_id: int
    status: str
    note: str
    created_at: dt.datetime
    updated_at: dt.datetime


class ApplicationIn(Schema):
    note: str = Field("", max_length=4000)
    consent: bool = False


class StepIn(Schema):
    status: StatusName | None = None
    message: str = Field("", max_length=4000)


class RoundOut(Schema):
    id: int
    college_id: int
    name: str
    status: str
    program_id: int | None
    cohort: int | None
    max_choices: int
    positions: int
    stability: dict[str, Any] | None


class OpportunityQuery(PageQuery):
    kind: KindName | None = None
    region: str = Field("", max_length=6, pattern=r"^[0-9]*$")
    q: str = Field("", max_length=100)


def _opportunity_out(o: Opportunity) -> dict[str, Any]:
    return {
        **{
            f: getattr(o, f)
            for f in (
                "id",
                "organization_id",
                "kind",
                "title",
                "title_en",
                "status",
                "region_code",
                "places",
                "starts_on",
                "ends_on",
                "apply_by",
            )
        },
        "organization": o.organization.display_name,
        "stipend_monthly": float(o.stipend_monthly) if o.stipend_monthly is not None else None,
        "skills": [
            {
                "skill_id": s.skill_id,
                "skill": s.skill.display_name,
                "level": s.level,
                "importance": s.importance,
            }
            for s in o.skills.all()
        ],
    }


def _score_out(score: Score) -> dict[str, Any]:
    return {
        "total": score.total,
        "skill_points": score.skill_points,
        "preference_points": score.preference_points,
        "skills": [
            {
                "skill_id": line.skill,
                "required_level": line.required_level,
                "importance": line.importance,
                "student_level": line.student_level,
                "via_skill_id": line.via_skill,
                "similarity": line.similarity,
                "credit": line.credit,
                "points": line.points,
                "fit": str(line.fit),
            }
            for line in score.skills
        ],
        "preferences": dict(score.preferences),
    }


def _application_out(a: Application) -> dict[str, Any]:
    return {f: getattr(a, f) for f in ApplicationOut.model_fields}


@router.get("/matching/opportunities", response=Page[OpportunityOut])
@kept_answer(MATCHING, POSTINGS)
def list_opportunities(request: HttpRequest, query: Query[OpportunityQuery]) -> dict[str, Any]:
    rows = queries.opportunities_for(current_user(request), query.kind or "", query.region, query.q)
    return paged(rows.prefetch_related("skills__skill"), query, _opportunity_out)


@router.get("/matching/opportunities/{opportunity_id}", response=OpportunityOut)
def get_opportunity(request: HttpRequest, opportunity_id: DbId) -> dict[str, Any]:
    found = get_object_or_404(queries.opportunities_for(current_user(request)), pk=opportunity_id)
    return _opportunity_out(found)


@router.get("/matching/opportunities/{opportunity_id}/my-score", response=ScoreOut)
def my_score(request: HttpRequest, opportunity_id: DbId) -> dict[str, Any]:
    """The caller's own score for the opportunity with its explanation (students)."""
    user = current_user(request)
    found = get_object_or_404(queries.opportunities_for(user), pk=opportunity_id)
    if not accounts.is_student(user):
        raise PermissionDenied(_("The matching profile is for students."))
    return _score_out(queries.explain(user, found).score)


@router.get("/matching/recommendations", response=list[RecommendationOut])
@kept_answer(APPLICATIONS, MATCH_SCORES, MATCHING)
def recommendations(request: HttpRequest) -> list[dict[str, Any]]:
    """The caller's stored best matches among open opportunities (empty for non-students)."""
    rows: list[MatchScore] = list(queries.recommendations(current_user(request)))
    return [
        {
            "opportunity_id": m.opportunity_id,
            "title": m.opportunity.display_title,
            "score": m.score,
            "computed_at": m.computed_at,
        }
        for m in rows
    ]


@router.get("/matching/applications", response=Page[ApplicationOut])
@kept_answer(APPLICATIONS, MATCHING)
def list_applications(request: HttpRequest, query: Query[PageQuery]) -> dict[str, Any]:
    rows = Application.objects.restrict(current_user(request)).order_by("-updated_at", "-id")
    return paged(rows, query, _application_out)


@router.post("/matching/opportunities/{opportunity_id}/applications", response={201: ApplicationOut})
def apply(request: HttpRequest, opportunity_id: DbId, payload: ApplicationIn) -> Status[dict[str, Any]]:
    """Apply as the calling student; ``consent`` must be true (the employer sees the portfolio)."""
    user = current_user(request)
    found = get_object_or_404(queries.opportunities_for(user), pk=opportunity_id)
    return Status(201, _application_out(actions.apply(user, found, payload.note, payload.consent)))


@router.post("/matching/applications/{application_id}/steps", response=ApplicationOut)
def step(request: HttpRequest, application_id: DbId, payload: StepIn) -> dict[str, Any]:
    """Move the application (each side its own steps) and/or add a message."""
    user = current_user(request)
    found = get_object_or_404(Application.objects.restrict(user), pk=application_id)
    return _application_out(actions.move_application(user, found, payload.status or "", payload.message))


@router.get("/matching/rounds/{round_id}", response=RoundOut)
def get_round(request: HttpRequest, round_id: DbId) -> dict[str, Any]:
    """A round; its stability proof for the college's staff who run it."""
    user = current_user(request)
    found: AllocationRound = get_object_or_404(queries.rounds_for(user), pk=round_id)
    return {
        **{
            f: getattr(found, f)
            for f in ("id", "college_id", "name", "status", "program_id", "cohort", "max_choices")
        },
        "positions": found.positions.count(),
        "stability": found.stability if queries.may_run(user, found) else None,
    }
