"""Reads of questions: search in Chinese and English (the same on SQLite and PostgreSQL), the FAQ."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet

from iehub.accounts.models import Membership, Organization, User
from iehub.accounts.roles import OrgKind
from iehub.curriculum.models import Course, CurriculumVersion
from iehub.engines.search_text import query_terms
from iehub.practice.models import Answer, Equipment, Project, Question, TrainingBase

_SINGLE_CJK = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]$")


@dataclass(frozen=True)
class QuestionFilters:
    q: str = ""
    course: int | None = None
    base: int | None = None
    project: int | None = None
    faq: bool = False
    unanswered: bool = False


def questions_for(user: User, filters: QuestionFilters | None = None) -> QuerySet[Question]:
    """Visible questions, newest first, with their number of answers; ``q`` must match every term."""
    f = filters or QuestionFilters()
    qs = (
        Question.objects.restrict(user)
        .select_related("author", "course", "project", "base", "equipment", "college")
        .annotate(answer_count=Count("answers"))
        .order_by("-created_at", "-id")
    )
    for term in query_terms(f.q):
        # a pair or a stem is a whole term; a single Chinese character is found inside the pairs
        qs = qs.filter(search_text__contains=term if _SINGLE_CJK.match(term) else f" {term} ")
    if f.course:
        qs = qs.filter(course_id=f.course)
    if f.base:
        qs = qs.filter(base_id=f.base)
    if f.project:
        qs = qs.filter(project_id=f.project)
    if f.faq:
        qs = qs.filter(in_faq=True)
    if f.unanswered:
        qs = qs.filter(answer_count=0)
    return qs


def answers_of(question: Question) -> list[Answer]:
    return list(question.answers.select_related("author").order_by("created_at", "id"))


def my_college(user: User) -> Organization | None:
    membership = (
        Membership.objects.filter(user=user, is_active=True, organization__kind=OrgKind.COLLEGE)
        .select_related("organization")
        .order_by("id")
        .first()
    )
    return membership.organization if membership else None


def tags(user: User, college: Organization | None) -> dict[str, Any]:
    """What a question can be tagged with: the college's courses in force, its projects the user sees,
    its bases and their equipment."""
    if college is None:
        return {"courses": [], "projects": [], "bases": [], "equipment": []}
    versions = CurriculumVersion.objects.filter(
        program__college=college, state=CurriculumVersion.State.CURRENT
    ).values("id")
    return {
        "courses": Course.objects.filter(version_id__in=versions).order_by("code")[:300],
        "projects": Project.objects.restrict(user).filter(college=college).order_by("-id")[:100],
        "bases": TrainingBase.objects.filter(college=college, is_active=True).order_by("name"),
        "equipment": Equipment.objects.filter(base__college=college, is_active=True).select_related("base")[
            :300
        ],
    }
