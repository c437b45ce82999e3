"""Surveys over the API (``/api/v1/surveys…``): the surveys the caller may read with their response
counts, and one survey's results (the same figures as the results page). Scoped like the pages: the
college's staff and the officers above it; single open answers only for the college's staff."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema

from iehub.core.api_support import Page, PageQuery, paged
from iehub.core.kept_pages import kept_answer
from iehub.core.limits import DbId
from iehub.core.scopes import ACTIVITY
from iehub.core.views_helpers import current_user
from iehub.surveys import permissions, queries
from iehub.surveys.models import Survey

router = Router(tags=["surveys"])


class SurveyOut(Schema):
    id: int
    college_id: int
    college: str
    title: str
    audience: str
    status: str
    version: int
    anonymous: bool
    closes_on: dt.date | None
    links: int
    submitted: int


class RowOut(Schema):
    label: str
    count: int
    percent: float


class ItemOut(Schema):
    label: str
    n: int
    mean: float | None
    sd: float | None


class AlphaOut(Schema):
    alpha: float
    ci: list[float]
    n: int


class TextOut(Schema):
    text: str
    count: int


class QuestionResultOut(Schema):
    code: str
    kind: str
    text: str
    answered: int
    total: int
    rows: list[RowOut]
    items: list[ItemOut]
    mean: float | None
    sd: float | None
    median: float | None
    alpha: AlphaOut | None
    texts: list[TextOut]


class ResultsOut(Schema):
    survey: SurveyOut
    submitted: int
    response_rate: float | None
    questions: list[QuestionResultOut]


def _survey_out(survey: Survey) -> dict[str, Any]:
    return {
        "id": survey.pk,
        "college_id": survey.college_id,
        "college": survey.college.display_name,
        "title": survey.display_title,
        "audience": survey.audience,
        "status": survey.status,
        "version": survey.version,
        "anonymous": survey.anonymous,
        "closes_on": survey.closes_on,
        "links": getattr(survey, "links", 0),
        "submitted": getattr(survey, "submitted", 0),
    }


def _finite(value: float | None) -> float | None:
    return None if value is None or value != value else value


def _result_out(result: queries.QuestionResult) -> dict[str, Any]:
    alpha = result.alpha
    return {
        "code": result.question.code,
        "kind": result.question.kind,
        "text": result.question.display_text,
        "answered": result.answered,
        "total": result.total,
        "rows": [{"label": r.label, "count": r.count, "percent": r.percent} for r in result.rows],
        "items": [
            {"label": label, "n": n, "mean": _finite(mean), "sd": _finite(sd)}
            for label, n, mean, sd in result.items
        ],
        "mean": _finite(result.mean),
        "sd": _finite(result.sd),
        "median": _finite(result.median),
        "alpha": None
        if alpha is None or alpha.alpha != alpha.alpha
        else {"alpha": alpha.alpha, "ci": list(alpha.ci), "n": alpha.n},
        "texts": [{"text": text, "count": count} for text, count in result.texts],
    }


@router.get("/surveys", response=Page[SurveyOut])
@kept_answer(ACTIVITY)
def list_surveys(request: HttpRequest, query: Query[PageQuery]) -> dict[str, Any]:
    """The surveys of the colleges the caller works for or oversees, newest first."""
    rows = queries.surveys_for(current_user(request)).order_by("-created_at", "-pk")
    return paged(rows, query, _survey_out)


@router.get("/surveys/{survey_id}/results", response=ResultsOut)
def survey_results(request: HttpRequest, survey_id: DbId) -> dict[str, Any]:
    """Each question's result over the submitted responses: n and % per option, means, matrix rows with
    Cronbach's alpha; open answers only for the college's staff."""
    user = current_user(request)
    survey = get_object_or_404(queries.surveys_for(user), pk=survey_id)
    progress = queries.progress(survey)
    results = queries.results(survey, show_texts=permissions.reads_answers(user, survey))
    return {
        "survey": _survey_out(survey),
        "submitted": progress.submitted,
        "response_rate": progress.rate,
        "questions": [_result_out(r) for r in results],
    }
