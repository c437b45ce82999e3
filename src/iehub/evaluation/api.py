"""Evaluation over the API (``/api/v1/evaluation/…``): schemes, a student's evaluations and mastery,
recording an evaluation. Reads are scoped like the pages; writes go through the same actions."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from pydantic import Field

from iehub.accounts.models import User
from iehub.core.api_support import Page, PageQuery, paged
from iehub.core.kept_pages import kept_answer
from iehub.core.limits import DbId
from iehub.core.scopes import COOPERATION, EVALUATIONS, PEOPLE, PROJECTS
from iehub.core.views_helpers import current_user
from iehub.evaluation import actions, permissions, queries
from iehub.evaluation.models import Evaluation, Scheme

router = Router(tags=["evaluation"])
RoleName = Literal["self", "peer", "teacher", "mentor", "client", "expert"]


class WeightOut(Schema):
    role: str
    weight: int


class SchemeOut(Schema):
    id: int
    name: str
    college_id: int
    program_id: int | None
    rubric_id: int
    project_id: int | None
    placement_id: int | None
    course_id: int | None
    process_weight: int
    mastery_method: str
    mastery_threshold: float
    weights: list[WeightOut]
    enterprise_weight: int


class MarkOut(Schema):
    criterion_id: int
    skill_id: int
    level: int


class EvaluationOut(Schema):
    id: int
    scheme_id: int
    student_id: int
    role: str
    evaluator_id: int | None
    assessor_name: str
    corrects_id: int | None
    counts: bool
    comment: str
    at: dt.datetime
    marks: list[MarkOut]


class MasteryOut(Schema):
    skill_id: int
    skill: str
    score: float | None
    mastered: bool
    evidence: int


class StudentEvaluationsOut(Schema):
    evaluations: list[EvaluationOut]
    mastery: list[MasteryOut] | None


class MarkIn(Schema):
    criterion_id: DbId
    level: int = Field(ge=1, le=7)


class EvaluationIn(Schema):
    role: RoleName
    marks: list[MarkIn] = Field(max_length=200)
    comment: str = Field("", max_length=4000)
    corrects_id: DbId | None = None


def _scheme_out(scheme: Scheme) -> dict[str, Any]:
    weights = [{"role": w.role, "weight": w.weight} for w in scheme.weights.all()]
    return {
        **{
            f: getattr(scheme, f)
            for f in ("id", "name", "college_id", "program_id", "rubric_id", "project_id", "placement_id")
        },
        "course_id": scheme.course_id,
        "process_weight": scheme.process_weight,
        "mastery_method": scheme.mastery_method,
        "mastery_threshold": float(scheme.mastery_threshold),
        "weights": weights,
        "enterprise_weight": queries.enterprise_weight({w["role"]: w["weight"] for w in weights}),
    }


def _evaluation_out(evaluation: Evaluation, counting: set[int]) -> dict[str, Any]:
    return {
        **{
            f: getattr(evaluation, f)
            for f in ("id", "scheme_id", "student_id", "role", "evaluator_id", "assessor_name", "corrects_id")
        },
        "counts": evaluation.pk in counting,
        "comment": evaluation.comment,
        "at": evaluation.at,
        "marks": [
            {"criterion_id": m.criterion_id, "skill_id": m.criterion.skill_id, "level": m.level}
            for m in evaluation.marks.all()
        ],
    }


@router.get("/evaluation/schemes", response=Page[SchemeOut])
@kept_answer(COOPERATION, EVALUATIONS, PEOPLE, PROJECTS)
def list_schemes(request: HttpRequest, query: Query[PageQuery]) -> dict[str, Any]:
    return paged(queries.schemes_for(current_user(request)).order_by("-id"), query, _scheme_out)


@router.get("/evaluation/schemes/{scheme_id}", response=SchemeOut)
def get_scheme(request: HttpRequest, scheme_id: DbId) -> dict[str, Any]:
    return _scheme_out(get_object_or_404(queries.schemes_for(current_user(request)), pk=scheme_id))


def _student(user: User, scheme_id: int, student_id: int) -> tuple[Scheme, User]:
    scheme = get_object_or_404(queries.schemes_for(user), pk=scheme_id)
    student = get_object_or_404(queries.scheme_students(scheme), pk=student_id)
    return scheme, student


@router.get("/evaluation/schemes/{scheme_id}/students/{student_id}", response=StudentEvaluationsOut)
def student_evaluations(request: HttpRequest, scheme_id: DbId, student_id: DbId) -> dict[str, Any]:
    """The evaluations of the student the caller may see (corrected ones too, ``counts`` false) and,
    for the student and the college's staff, the mastery of each competency."""
    user = current_user(request)
    scheme, student = _student(user, scheme_id, student_id)
    sees_all = user.pk == student.pk or permissions.is_college_staff(user, scheme.college_id)
    if not sees_all and not permissions.evaluator_roles(user, scheme, student.pk):
        raise Http404
    found = queries.history(user, scheme, student.pk)
    counting = {e.pk for e in queries.current(found)}
    mastery = None
    if sees_all:
        mastery = [
            {
                "skill_id": m.skill_id,
                "skill": m.skill,
                "score": m.result.score,
                "mastered": m.result.mastered,
                "evidence": m.result.evidence,
            }
            for m in queries.mastery_by_competency(scheme, found)
        ]
    return {"evaluations": [_evaluation_out(e, counting) for e in found], "mastery": mastery}


@router.post("/evaluation/schemes/{scheme_id}/students/{student_id}", response={201: EvaluationOut})
def record(
    request: HttpRequest, scheme_id: DbId, student_id: DbId, payload: EvaluationIn
) -> Status[dict[str, Any]]:
    """Record the caller's evaluation in ``role``; a correction names one of the caller's own."""
    user = current_user(request)
    scheme, student = _student(user, scheme_id, student_id)
    corrects = None
    if payload.corrects_id is not None:
        corrects = Evaluation.objects.filter(
            pk=payload.corrects_id, evaluator_id=user.pk, scheme=scheme, student=student
        ).first()
        if corrects is None:
            raise ValidationError({"corrects_id": actions.CORRECTION_OF_ONES_OWN})
    marks = {mark.criterion_id: mark.level for mark in payload.marks}
    evaluation = actions.record_evaluation(
        user, scheme, student, payload.role, marks, payload.comment, corrects
    )
    return Status(201, _evaluation_out(evaluation, {evaluation.pk}))
