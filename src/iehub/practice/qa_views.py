"""Q&A pages: search and ask, a question with its answers, accepting an answer, the FAQ."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iehub.core.kept_pages import kept_page
from iehub.core.scopes import BASES, COOPERATION, CURRICULA, PEOPLE, PROJECTS, QUESTIONS
from iehub.core.views_helpers import (
    BoundedPaginator,
    current_user,
    flash_errors,
    int_or_none,
    perform,
    query_string_without_page,
)
from iehub.practice import permissions, qa_queries
from iehub.practice.actions import qa as actions
from iehub.practice.models import Answer, Question


def _filters(request: HttpRequest) -> qa_queries.QuestionFilters:
    return qa_queries.QuestionFilters(
        q=request.GET.get("q", "").strip()[:200],
        course=int_or_none(request.GET.get("course")),
        base=int_or_none(request.GET.get("base")),
        project=int_or_none(request.GET.get("project")),
        faq=request.GET.get("faq") == "1",
        unanswered=request.GET.get("unanswered") == "1",
    )


@login_required
@kept_page(BASES, COOPERATION, CURRICULA, PEOPLE, PROJECTS, QUESTIONS)
def question_list(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    filters = _filters(request)
    college = qa_queries.my_college(user)
    return render(
        request,
        "practice/question_list.html",
        {
            "page": BoundedPaginator(qa_queries.questions_for(user, filters), 30).get_page(
                request.GET.get("page")
            ),
            "filters": filters,
            "college": college,
            "may_ask": college is not None,
            **qa_queries.tags(user, college),
            "query_string": query_string_without_page(request),
        },
    )


@login_required
@require_POST
def question_ask(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    college = qa_queries.my_college(user)
    if college is None:
        messages.error(request, _("Only the college's people ask its questions."))
        return redirect("questions")
    choices_for = qa_queries.tags(user, college)

    def tagged(name: str, choices: Any) -> Any:
        pk = int_or_none(request.POST.get(name))
        return choices.model.objects.filter(pk=pk, id__in=[c.pk for c in choices]).first() if pk else None

    try:
        question = actions.ask(
            user,
            college,
            request.POST.get("title", ""),
            request.POST.get("body", ""),
            tagged("course", choices_for["courses"]),
            tagged("project", choices_for["projects"]),
            tagged("base", choices_for["bases"]),
            tagged("equipment", choices_for["equipment"]),
        )
    except ValidationError as exc:
        flash_errors(request, exc, Question)
        return redirect("questions")
    messages.success(request, _("Asked. The college's teachers and mentors will answer."))
    return redirect("question", pk=question.pk)


def _question(request: HttpRequest, pk: int) -> Question:
    visible = Question.objects.restrict(current_user(request)).select_related(
        "author", "course", "project", "base", "equipment", "accepted_answer"
    )
    return get_object_or_404(visible, pk=pk)


@login_required
@kept_page(BASES, COOPERATION, CURRICULA, PEOPLE, PROJECTS, QUESTIONS)
def question_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    question = _question(request, pk)
    return render(
        request,
        "practice/question_detail.html",
        {
            "question": question,
            "answers": qa_queries.answers_of(question),
            "may_answer": permissions.may_answer(user, question),
            "may_accept": permissions.may_accept_answer(user, question),
            "may_curate": permissions.may_curate_faq(user, question),
        },
    )


@login_required
@require_POST
def question_answer(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    question = _question(request, pk)
    perform(
        request, lambda: actions.answer(user, question, request.POST.get("body", "")), Answer, _("Answered.")
    )
    return redirect("question", pk=question.pk)


@login_required
@require_POST
def answer_accept(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    reply = get_object_or_404(Answer.objects.restrict(user).select_related("question"), pk=pk)
    perform(
        request, lambda: actions.accept_answer(user, reply.question, reply), Question, _("Answer accepted.")
    )
    return redirect("question", pk=reply.question_id)


@login_required
@require_POST
def question_faq(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    question = _question(request, pk)
    in_faq = request.POST.get("in_faq") == "1"
    perform(request, lambda: actions.set_faq(user, question, in_faq), Question, _("Saved."))
    return redirect("question", pk=question.pk)
