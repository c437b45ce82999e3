"""The cooperation ledger over the API (``/api/v1/partnerships/…``): partnerships with their depth tier
(why, and what would move it up), their activities, recording and voiding; and the feedback pulses
(``/api/v1/feedback/…``): pulses, requests and an enterprise's answer. Reads are scoped like the pages;
writes go through the same actions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from pydantic import Field

from iehub.accounts.models import Partnership
from iehub.core.api_support import Page, PageQuery, paged
from iehub.core.kept_pages import kept_answer
from iehub.core.limits import DbId
from iehub.core.scopes import COOPERATION
from iehub.core.views_helpers import current_user
from iehub.engines import depth
from iehub.partnership import actions, permissions, pulses, queries
from iehub.partnership.models import Activity, FeedbackPulse, PulseRequest

router = Router(tags=["partnerships"])
KindName = Literal[
    "internship_hosting",
    "curriculum",
    "training_base",
    "joint_research",
    "shared_platform",
    "order_class",
    "apprenticeship",
    "teacher_practice",
    "part_time_teaching",
    "guest_lecture",
    "equipment_funding",
]
TierName = Literal["dormant", "physical", "institutional", "cognitive"]


class ConditionOut(Schema):
    code: str
    tier: TierName
    met: bool
    kinds: list[str]


class PartnershipOut(Schema):
    id: int
    college_id: int
    college: str
    enterprise_id: int
    enterprise: str
    status: str
    started_on: dt.date
    ends_on: dt.date | None
    tier: TierName


class PartnershipDetailOut(PartnershipOut):
    conditions: list[ConditionOut]
    next_steps: list[str]
    history: list[dict[str, str]]


class ActivityOut(Schema):
    id: int
    partnership_id: int
    kind: str
    title: str
    program_id: int | None
    starts_on: dt.date
    ends_on: dt.date | None
    students: int
    hours: Decimal
    amount: Decimal
    equipment_value: Decimal
    description: str
    origin: str
    recorded_for_id: int | None
    voided_at: dt.datetime | None
    void_reason: str
    evidence: list[str]


class ActivityIn(Schema):
    kind: KindName
    title: str = Field(max_length=200)
    starts_on: dt.date
    ends_on: dt.date | None = None
    program_id: DbId | None = None
    students: int = Field(0, ge=0, le=actions.MAX_STUDENTS)
    hours: Decimal = Field(Decimal(0), ge=0, le=actions.MAX_HOURS, max_digits=8, decimal_places=1)
    amount: Decimal = Field(Decimal(0), ge=0, le=actions.MAX_MONEY, max_digits=14, decimal_places=2)
    equipment_value: Decimal = Field(Decimal(0), ge=0, le=actions.MAX_MONEY, max_digits=14, decimal_places=2)
    description: str = Field("", max_length=4000)


class VoidIn(Schema):
    reason: str = Field(max_length=300)


class PartnershipQuery(PageQuery):
    college_id: DbId | None = None
    status: Literal["proposed", "active", "ended"] | None = None


def _tier(tier: depth.Tier) -> TierName:
    names: dict[depth.Tier, TierName] = {
        depth.Tier.DORMANT: "dormant",
        depth.Tier.PHYSICAL: "physical",
        depth.Tier.INSTITUTIONAL: "institutional",
        depth.Tier.COGNITIVE: "cognitive",
    }
    return names[tier]


def _partnership_out(p: Partnership, tier: depth.Tier) -> dict[str, Any]:
    return {
        "id": p.pk,
        "college_id": p.college_id,
        "college": p.college.display_name,
        "enterprise_id": p.enterprise_id,
        "enterprise": p.enterprise.display_name,
        "status": p.status,
        "started_on": p.started_on,
        "ends_on": p.ends_on,
        "tier": _tier(tier),
    }


def _activity_out(a: Activity) -> dict[str, Any]:
    fields = {f: getattr(a, f) for f in ActivityOut.model_fields if f != "evidence"}
    return {**fields, "evidence": [e.name for e in a.evidence.all()]}


def _scope(request: HttpRequest) -> Any:
    return permissions.ledger_partnerships(current_user(request)).select_related("college", "enterprise")


@router.get("/partnerships", response=Page[PartnershipOut])
@kept_answer(COOPERATION)
def list_partnerships(request: HttpRequest, query: Query[PartnershipQuery]) -> dict[str, Any]:
    """Partnerships whose ledger the caller reads, each with its depth tier today."""
    rows = _scope(request).order_by("college__code", "enterprise__code", "pk")
    if query.college_id is not None:
        rows = rows.filter(college_id=query.college_id)
    if query.status is not None:
        rows = rows.filter(status=query.status)
    page = paged(rows, query, lambda p: p)
    tiers = queries.assessments([p.pk for p in page["results"]])
    page["results"] = [_partnership_out(p, tiers[p.pk].tier) for p in page["results"]]
    return page


@router.get("/partnerships/{partnership_id}", response=PartnershipDetailOut)
def get_partnership(request: HttpRequest, partnership_id: DbId) -> dict[str, Any]:
    """One partnership: its tier, every rule with whether it holds, what would move it up, and its tier
    at the end of each of the last eight quarters."""
    found = get_object_or_404(_scope(request), pk=partnership_id)
    facts = queries.facts_of([found.pk]).get(found.pk, [])
    today = timezone.localdate()
    assessment = depth.assess(facts, today)
    return {
        **_partnership_out(found, assessment.tier),
        "conditions": [
            {"code": c.code, "tier": _tier(c.tier), "met": c.met, "kinds": list(c.kinds)}
            for c in assessment.conditions
        ],
        "next_steps": [c.code for c in assessment.next_steps],
        "history": [{"quarter": q, "tier": _tier(t)} for q, t in depth.history(facts, today)],
    }


@router.get("/partnerships/{partnership_id}/activities", response=Page[ActivityOut])
def list_activities(request: HttpRequest, partnership_id: DbId, query: Query[PageQuery]) -> dict[str, Any]:
    found = get_object_or_404(_scope(request), pk=partnership_id)
    rows = (
        Activity.objects.filter(partnership=found).prefetch_related("evidence").order_by("-starts_on", "-pk")
    )
    return paged(rows, query, _activity_out)


@router.post("/partnerships/{partnership_id}/activities", response={201: ActivityOut})
def record_activity(
    request: HttpRequest, partnership_id: DbId, payload: ActivityIn
) -> Status[dict[str, Any]]:
    """Record an activity as either partner (the college's administrators and program leads, the
    enterprise's administrators)."""
    user = current_user(request)
    found = get_object_or_404(_scope(request), pk=partnership_id)
    data = actions.ActivityInput(
        kind=payload.kind,
        title=payload.title,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        program_id=payload.program_id,
        students=payload.students,
        hours=payload.hours,
        amount=payload.amount,
        equipment_value=payload.equipment_value,
        description=payload.description,
    )
    return Status(201, _activity_out(actions.record_activity(user, found, data)))


@router.post("/partnerships/activities/{activity_id}/void", response=ActivityOut)
def void_activity(request: HttpRequest, activity_id: DbId, payload: VoidIn) -> dict[str, Any]:
    user = current_user(request)
    found = get_object_or_404(Activity.objects.restrict(user).select_related("partnership"), pk=activity_id)
    return _activity_out(actions.void_activity(user, found, payload.reason))


# --- feedback pulses --------------------------------------------------------------------------------


class PulseOut(Schema):
    id: int
    college_id: int
    college: str
    term: str
    opens_on: dt.date
    closes_on: dt.date
    message: str
    asked: int
    answered: int
    cooperation_mean: float | None
    students_mean: float | None


class PulseRequestOut(Schema):
    id: int
    pulse_id: int
    college: str
    term: str
    closes_on: dt.date
    enterprise_id: int
    enterprise: str
    answered_at: dt.datetime | None
    cooperation_rating: int | None
    students_rating: int | None
    outlook: str
    skills_lacking: str
    comment: str
    suggestion_id: int | None
    reminders: int


class AnswerIn(Schema):
    cooperation_rating: int = Field(ge=1, le=5)
    students_rating: int | None = Field(None, ge=1, le=5, description="null: no students this term")
    outlook: Literal["deepen", "continue", "reduce", "end"]
    skills_lacking: str = Field("", max_length=1000)
    comment: str = Field("", max_length=2000)
    program_id: DbId | None = Field(None, description="the program a suggestion is for")
    suggestion_title: str = Field("", max_length=200)
    suggestion: str = Field("", max_length=4000)


class PulseRequestQuery(PageQuery):
    pulse_id: DbId | None = None
    answered: bool | None = None


def _pulse_out(pulse: FeedbackPulse, summary: pulses.PulseSummary) -> dict[str, Any]:
    return {
        **{f: getattr(pulse, f) for f in ("id", "college_id", "term", "opens_on", "closes_on", "message")},
        "college": pulse.college.display_name,
        "asked": summary.asked,
        "answered": summary.answered,
        "cooperation_mean": summary.cooperation_mean,
        "students_mean": summary.students_mean,
    }


def _request_out(r: PulseRequest) -> dict[str, Any]:
    fields = (
        "id",
        "pulse_id",
        "enterprise_id",
        "answered_at",
        "cooperation_rating",
        "students_rating",
        "outlook",
        "skills_lacking",
        "comment",
        "suggestion_id",
        "reminders",
    )
    return {
        **{f: getattr(r, f) for f in fields},
        "college": r.pulse.college.display_name,
        "term": r.pulse.term,
        "closes_on": r.pulse.closes_on,
        "enterprise": r.enterprise.display_name,
    }


@router.get("/feedback/pulses", response=Page[PulseOut], tags=["feedback"])
@kept_answer(COOPERATION)
def list_pulses(request: HttpRequest, query: Query[PageQuery]) -> dict[str, Any]:
    """The feedback pulses of the colleges the caller works for or oversees, newest first, with how many
    partners were asked and answered."""
    rows = FeedbackPulse.objects.restrict(current_user(request)).select_related("college")
    page = paged(rows.order_by("-opens_on", "-pk"), query, lambda p: p)
    found = pulses.summaries(page["results"])
    page["results"] = [_pulse_out(p, found[p.pk]) for p in page["results"]]
    return page


@router.get("/feedback/requests", response=Page[PulseRequestOut], tags=["feedback"])
@kept_answer(COOPERATION)
def list_pulse_requests(request: HttpRequest, query: Query[PulseRequestQuery]) -> dict[str, Any]:
    """An enterprise's staff: its requests to answer; the college's side: the requests of its pulses."""
    rows = PulseRequest.objects.restrict(current_user(request)).select_related("pulse__college", "enterprise")
    if query.pulse_id is not None:
        rows = rows.filter(pulse_id=query.pulse_id)
    if query.answered is not None:
        rows = rows.filter(answered_at__isnull=not query.answered)
    return paged(rows.order_by("-pulse__opens_on", "enterprise__code", "pk"), query, _request_out)


@router.post("/feedback/requests/{request_id}/answer", response=PulseRequestOut, tags=["feedback"])
def answer_pulse_request(request: HttpRequest, request_id: DbId, payload: AnswerIn) -> dict[str, Any]:
    """Answer once, while the pulse is open (the enterprise's administrators and mentors)."""
    user = current_user(request)
    found = get_object_or_404(
        PulseRequest.objects.restrict(user, "change").select_related("pulse__college", "enterprise"),
        pk=request_id,
    )
    answer = pulses.Answer(**payload.dict())
    return _request_out(pulses.answer_request(user, found, answer))
