"""Placements and logbooks over the API (``/api/v1/practice/placements…``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from pydantic import Field

from iehub.core.api_support import Page, PageQuery, paged
from iehub.core.kept_pages import kept_answer
from iehub.core.limits import DbId
from iehub.core.scopes import COOPERATION, PEOPLE, PLACEMENT_DAYS
from iehub.core.views_helpers import current_user
from iehub.practice import placement_queries as queries
from iehub.practice.actions import placements as actions
from iehub.practice.models import CheckIn, LogEntry, Placement, ProblemReport

router = Router(tags=["practice"])


class PlacementOut(Schema):
    id: int
    kind: str
    state: str
    student_id: int
    student_name: str
    college_id: int
    enterprise_id: int
    enterprise_name: str
    teacher_id: int
    mentor_id: int
    post: str
    starts_on: dt.date
    ends_on: dt.date
    logs: int
    flagged_logs: int


class LogOut(Schema):
    id: int
    day: dt.date
    period: str
    hours: Decimal
    off_the_job: bool
    text: str
    task_id: int | None
    similar_to_id: int | None
    similarity: float | None
    co_signed_by_id: int | None
    co_signed_at: dt.datetime | None


class LogIn(Schema):
    day: dt.date
    text: str = Field(max_length=5000)
    hours: Decimal = Field(Decimal("8"), ge=0, le=40, max_digits=4, decimal_places=1)
    period: LogEntry.Period = LogEntry.Period.DAY
    off_the_job: bool = False


class PlacementQuery(PageQuery):
    kind: str = ""


def _placement_out(p: Placement) -> dict[str, Any]:
    return {
        "id": p.pk,
        "kind": p.kind,
        "state": p.state,
        "student_id": p.student_id,
        "student_name": p.student.display_name,
        "college_id": p.college_id,
        "enterprise_id": p.enterprise_id,
        "enterprise_name": p.enterprise.display_name,
        "teacher_id": p.teacher_id,
        "mentor_id": p.mentor_id,
        "post": p.post,
        "starts_on": p.starts_on,
        "ends_on": p.ends_on,
        "logs": getattr(p, "log_count", 0),
        "flagged_logs": getattr(p, "flagged_count", 0),
    }


def _log_out(log: LogEntry) -> dict[str, Any]:
    fields = ("id", "day", "period", "hours", "off_the_job", "text", "task_id", "similar_to_id", "similarity")
    return {
        **{name: getattr(log, name) for name in fields},
        "co_signed_by_id": log.co_signed_by_id,
        "co_signed_at": log.co_signed_at,
    }


def _placement(request: HttpRequest, placement_id: int) -> Placement:
    return get_object_or_404(queries.placements_for(current_user(request)), pk=placement_id)


@router.get("/practice/placements", response=Page[PlacementOut])
@kept_answer(COOPERATION, PEOPLE, PLACEMENT_DAYS)
def list_placements(request: HttpRequest, query: Query[PlacementQuery]) -> dict[str, Any]:
    """Visible placements (filter ``kind``), with their numbers of logs and of logs flagged as copied."""
    return paged(queries.placements_for(current_user(request), query.kind), query, _placement_out)


@router.get("/practice/placements/{placement_id}/logs", response=Page[LogOut])
def placement_logs(request: HttpRequest, placement_id: DbId, query: Query[PageQuery]) -> dict[str, Any]:
    """The logbook, newest first; ``similar_to_id`` names the earlier log a flagged one resembles."""
    return paged(queries.logbook(_placement(request, placement_id)), query, _log_out)


@router.post("/practice/placements/{placement_id}/logs", response={201: LogOut})
def write_log(request: HttpRequest, placement_id: DbId, payload: LogIn) -> Status[dict[str, Any]]:
    """The student writes a log (the student only)."""
    placement = _placement(request, placement_id)
    entry = actions.write_log(
        current_user(request),
        placement,
        payload.day,
        payload.text,
        payload.hours,
        payload.period,
        payload.off_the_job,
    )
    return Status(201, _log_out(entry))


@router.post("/practice/logs/{log_id}/co-sign", response=LogOut)
def co_sign_log(request: HttpRequest, log_id: DbId) -> dict[str, Any]:
    """The placement's mentor or teacher co-signs a log."""
    user = current_user(request)
    entry = get_object_or_404(LogEntry.objects.restrict(user).select_related("placement"), pk=log_id)
    return _log_out(actions.co_sign(user, entry))


class CheckInIn(Schema):
    kind: CheckIn.Kind


class CheckInOut(Schema):
    id: int
    kind: str
    day: dt.date
    at: dt.datetime


class ProblemIn(Schema):
    text: str = Field(max_length=5000)


class ProblemAnswerIn(Schema):
    answer: str = Field(max_length=5000)


class ProblemOut(Schema):
    id: int
    text: str
    state: str
    created_at: dt.datetime
    escalated_at: dt.datetime | None
    answer: str
    answered_by_id: int | None
    answered_at: dt.datetime | None


def _problem_out(p: ProblemReport) -> dict[str, Any]:
    fields = ("id", "text", "state", "created_at", "escalated_at", "answer", "answered_by_id", "answered_at")
    return {name: getattr(p, name) for name in fields}


@router.post("/practice/placements/{placement_id}/check-in", response={201: CheckInOut})
def check_in(request: HttpRequest, placement_id: DbId, payload: CheckInIn) -> Status[dict[str, Any]]:
    """The student checks in (``in``) or out (``out``) today; once each a day, out after in."""
    entry = actions.check_in(current_user(request), _placement(request, placement_id), payload.kind)
    return Status(201, {"id": entry.pk, "kind": entry.kind, "day": entry.day, "at": entry.at})


@router.get("/practice/placements/{placement_id}/problems", response=list[ProblemOut])
def problems(request: HttpRequest, placement_id: DbId) -> list[dict[str, Any]]:
    placement = _placement(request, placement_id)
    return [_problem_out(p) for p in placement.problems.all()[:200]]


@router.post("/practice/placements/{placement_id}/problems", response={201: ProblemOut})
def report_problem(request: HttpRequest, placement_id: DbId, payload: ProblemIn) -> Status[dict[str, Any]]:
    """The student reports a problem; the teacher and mentor are notified."""
    problem = actions.report_problem(current_user(request), _placement(request, placement_id), payload.text)
    return Status(201, _problem_out(problem))


@router.post("/practice/problems/{problem_id}/answer", response=ProblemOut)
def answer_problem(request: HttpRequest, problem_id: DbId, payload: ProblemAnswerIn) -> dict[str, Any]:
    user = current_user(request)
    problem = get_object_or_404(
        ProblemReport.objects.restrict(user).select_related("placement"), pk=problem_id
    )
    return _problem_out(actions.answer_problem(user, problem, payload.answer))
