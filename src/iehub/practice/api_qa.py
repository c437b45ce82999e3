"""Questions and answers over the API (``/api/v1/practice/questions…``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from iehub.core.api_support import Page, PageQuery, paged
from iehub.core.kept_pages import kept_answer
from iehub.core.limits import DbId
from iehub.core.scopes import BASES, COOPERATION, CURRICULA, PEOPLE, PROJECTS, QUESTIONS
from iehub.core.views_helpers import current_user
from iehub.practice import qa_queries as queries
from iehub.practice.actions import qa as actions
from iehub.practice.models import Answer, Question

router = Router(tags=["practice"])


class AnswerOut(Schema):
    id: int
    author_id: int
    author_name: str
    body: str
    created_at: dt.datetime


class QuestionOut(Schema):
    id: int
    title: str
    author_id: int
    college_id: int
    course_id: int | None
    project_id: int | None
    base_id: int | None
    equipment_id: int | None
    accepted_answer_id: int | None
    in_faq: bool
    answers: int
    created_at: dt.datetime


class QuestionDetailOut(QuestionOut):
    body: str
    answer_list: list[AnswerOut]


class QuestionQuery(PageQuery):
    q: str = Field("", max_length=200)
    course: DbId | None = None
    base: DbId | None = None
    project: DbId | None = None
    faq: bool = False
    unanswered: bool = False


class QuestionIn(Schema):
    title: str = Field(max_length=200)
    body: str = Field("", max_length=10000)
    course_id: DbId | None = None
    project_id: DbId | None = None
    base_id: DbId | None = None
    equipment_id: DbId | None = None


class AnswerIn(Schema):
    body: str = Field(max_length=10000)


def _question_out(q: Question) -> dict[str, Any]:
    return {
        **{f: getattr(q, f) for f in ("id", "title", "author_id", "college_id", "course_id", "project_id")},
        **{
            f: getattr(q, f)
            for f in ("base_id", "equipment_id", "accepted_answer_id", "in_faq", "created_at")
        },
        "answers": getattr(q, "answer_count", 0),
    }


def _answer_out(a: Answer) -> dict[str, Any]:
    return {
        "id": a.pk,
        "author_id": a.author_id,
        "author_name": a.author.display_name,
        "body": a.body,
        "created_at": a.created_at,
    }


@router.get("/practice/questions", response=Page[QuestionOut])
@kept_answer(BASES, COOPERATION, CURRICULA, PEOPLE, PROJECTS, QUESTIONS)
def list_questions(request: HttpRequest, query: Query[QuestionQuery]) -> dict[str, Any]:
    """Visible questions; ``q`` matches every term (Chinese pairs of characters, English stems)."""
    filters = queries.QuestionFilters(
        query.q.strip(), query.course, query.base, query.project, query.faq, query.unanswered
    )
    return paged(queries.questions_for(current_user(request), filters), query, _question_out)


@router.get("/practice/questions/{question_id}", response=QuestionDetailOut)
def get_question(request: HttpRequest, question_id: DbId) -> dict[str, Any]:
    question = get_object_or_404(queries.questions_for(current_user(request)), pk=question_id)
    answers = [_answer_out(a) for a in queries.answers_of(question)]
    return {**_question_out(question), "body": question.body, "answer_list": answers}


@router.post("/practice/questions", response={201: QuestionOut})
def ask(request: HttpRequest, payload: QuestionIn) -> Status[dict[str, Any]]:
    """Ask a question of one's college; tags must be the college's (else 422 on the tag)."""
    user = current_user(request)
    college = queries.my_college(user)
    if college is None:
        raise PermissionDenied(_("Only the college's people ask its questions."))
    tags = queries.tags(user, college)

    def tagged(name: str, pk: int | None) -> Any:
        return next((c for c in tags[name] if c.pk == pk), None) if pk else None

    question = actions.ask(
        user,
        college,
        payload.title,
        payload.body,
        tagged("courses", payload.course_id),
        tagged("projects", payload.project_id),
        tagged("bases", payload.base_id),
        tagged("equipment", payload.equipment_id),
    )
    return Status(201, _question_out(question))


@router.post("/practice/questions/{question_id}/answers", response={201: AnswerOut})
def answer(request: HttpRequest, question_id: DbId, payload: AnswerIn) -> Status[dict[str, Any]]:
    user = current_user(request)
    question = get_object_or_404(Question.objects.restrict(user), pk=question_id)
    return Status(201, _answer_out(actions.answer(user, question, payload.body)))


@router.post("/practice/answers/{answer_id}/accept", response=QuestionOut)
def accept(request: HttpRequest, answer_id: DbId) -> dict[str, Any]:
    user = current_user(request)
    reply = get_object_or_404(Answer.objects.restrict(user).select_related("question"), pk=answer_id)
    return _question_out(actions.accept_answer(user, reply.question, reply))
