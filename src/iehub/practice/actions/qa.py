"""Asking, answering, accepting an answer and keeping the FAQ. The search terms of a question (its
title, details and answers) are rebuilt whenever one of them changes."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from iehub.accounts.models import Organization, User
from iehub.core.audit import acting_as
from iehub.core.notifications import notify
from iehub.engines.search_text import index_text
from iehub.practice import permissions
from iehub.practice.models import Answer, Equipment, Project, Question, TrainingBase


def _reindex(question: Question) -> None:
    answers = list(question.answers.values_list("body", flat=True))
    question.search_text = index_text(question.title, question.body, *answers)
    question.save(update_fields=["search_text", "updated_at"])


def ask(
    actor: User,
    college: Organization,
    title: str,
    body: str = "",
    course: Any = None,
    project: Project | None = None,
    base: TrainingBase | None = None,
    equipment: Equipment | None = None,
) -> Question:
    """Ask a question of the college, tagged with a course, project, base or item of equipment."""
    if not permissions.may_ask(actor, college.pk):
        raise PermissionDenied(_("Only the college's people ask its questions."))
    errors: dict[str, str] = {}
    if len(title.strip()) < 4:
        errors["title"] = _("Say what you want to know (at least a few words).")
    if course is not None and course.version.program.college_id != college.pk:
        errors["course"] = _("Choose a course of the college.")
    if project is not None and project.college_id != college.pk:
        errors["project"] = _("Choose a project of the college.")
    if base is not None and base.college_id != college.pk:
        errors["base"] = _("Choose a training base of the college.")
    if equipment is not None:
        base = base or equipment.base
        if equipment.base_id != base.pk:
            errors["equipment"] = _("Choose equipment of the training base.")
    if errors:
        raise ValidationError(errors)
    with acting_as(actor):
        question = Question.objects.create(
            college=college,
            author=actor,
            title=title.strip()[:200],
            body=body.strip()[:10000],
            course=course,
            project=project,
            base=base,
            equipment=equipment,
        )
        _reindex(question)
    return question


def answer(actor: User, question: Question, body: str) -> Answer:
    if not permissions.may_answer(actor, question):
        raise PermissionDenied(_("The college's teachers and the project's or base's mentors answer."))
    if len(body.strip()) < 2:
        raise ValidationError({"body": _("Write the answer.")})
    with acting_as(actor):
        reply = Answer.objects.create(question=question, author=actor, body=body.strip()[:10000])
        _reindex(question)
    path = reverse("question", args=[question.pk])

    def message() -> tuple[str, str]:
        return _("Your question was answered: %(title)s") % {"title": question.title}, reply.body[:500]

    if question.author_id != actor.pk:
        author = question.author
        transaction.on_commit(lambda: notify([author], "answer", message, path))
    return reply


def accept_answer(actor: User, question: Question, reply: Answer) -> Question:
    if not permissions.may_accept_answer(actor, question):
        raise PermissionDenied(_("The asker or the college's teachers accept an answer."))
    if reply.question_id != question.pk:
        raise ValidationError({"accepted_answer": _("Choose an answer to this question.")})
    with acting_as(actor):
        question.accepted_answer = reply
        question.save(update_fields=["accepted_answer", "updated_at"])
    return question


def set_faq(actor: User, question: Question, in_faq: bool) -> Question:
    """Promote a question with an accepted answer to the FAQ of its course or base (or take it out)."""
    if not permissions.may_curate_faq(actor, question):
        raise PermissionDenied(_("The college's teachers keep the FAQ."))
    if in_faq and question.accepted_answer_id is None:
        raise ValidationError({"in_faq": _("Accept an answer before adding the question to the FAQ.")})
    with acting_as(actor):
        question.in_faq = in_faq
        question.save(update_fields=["in_faq", "updated_at"])
    return question
