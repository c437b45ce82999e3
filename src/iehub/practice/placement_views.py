"""Placement pages: the list, arranging one under the national rules, a placement with its logbook."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iehub.accounts.models import User
from iehub.accounts.queries import search_people
from iehub.accounts.views import person_option
from iehub.core.kept_pages import kept_page
from iehub.core.scopes import COOPERATION, PEOPLE, PLACEMENT_DAYS, PROJECTS
from iehub.core.views_helpers import (
    BoundedPaginator,
    current_user,
    flash_errors,
    int_or_none,
    perform,
    query_string_without_page,
)
from iehub.practice import permissions, placement_queries
from iehub.practice.actions import placements as actions
from iehub.practice.forms import PlacementForm
from iehub.practice.models import CheckIn, LogEntry, Placement, ProblemReport, Task


@login_required
@kept_page(COOPERATION, PEOPLE, PLACEMENT_DAYS)
def placement_list(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    actions.escalate_overdue()  # on read, like curriculum activation: no scheduler needed on a laptop
    kind = request.GET.get("kind", "")
    placements = placement_queries.placements_for(user, kind)
    return render(
        request,
        "practice/placement_list.html",
        {
            "page": BoundedPaginator(placements, 50).get_page(request.GET.get("page")),
            "kind": kind,
            "kinds": Placement.Kind.choices,
            "may_create": permissions.placement_colleges(user).exists(),
            "query_string": query_string_without_page(request),
        },
    )


def _placement_colleges(user: User) -> Any:
    colleges = permissions.placement_colleges(user)
    if not colleges.exists():
        raise PermissionDenied(_("Only the college's teachers and administrators arrange placements."))
    return colleges


@login_required
def placement_people_search(request: HttpRequest, field: str) -> JsonResponse:
    """The people a placement form's picker lists as the user types (``?q=``): the form's own choices
    for that field (the colleges' students or staff, the partners' mentors), which also validate what
    is sent, so the page carries only the person chosen whatever the size of the college."""
    if field not in PlacementForm.SEARCHED_PEOPLE:
        raise Http404
    user = current_user(request)
    people = placement_queries.form_choices(user, _placement_colleges(user))[field]
    found = search_people(people, request.GET.get("q", ""), int_or_none(request.GET.get("limit")) or 20)
    return JsonResponse({"results": [person_option(person) for person in found]})


@login_required
def placement_new(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    colleges = _placement_colleges(user)
    form = PlacementForm(
        placement_queries.form_choices(user, colleges),
        request.POST or None,
        initial={"college": colleges.first()},
    )
    if request.method == "POST" and form.is_valid():
        data = {field: form.cleaned_data.get(field) for field in actions.PLACEMENT_FIELDS}
        people = {
            name: form.cleaned_data[name]
            for name in ("college", "student", "enterprise", "teacher", "mentor")
        }
        try:
            placement = actions.create_placement(user, data=data, **people)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Placement arranged."))
            return redirect("placement", pk=placement.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "practice/placement_form.html", {"form": form}, status=status)


def _add_errors(form: PlacementForm, exc: ValidationError) -> None:
    """Each rule's message on its field (a field the form lacks gets it at the top)."""
    for field, errors in exc.message_dict.items():
        for message in errors:
            form.add_error(field if field in form.fields else None, message)


def _placement(request: HttpRequest, pk: int) -> Placement:
    visible = Placement.objects.restrict(current_user(request)).select_related(
        "student", "college", "enterprise", "teacher", "mentor"
    )
    return get_object_or_404(visible, pk=pk)


@login_required
@kept_page(COOPERATION, PEOPLE, PLACEMENT_DAYS, PROJECTS)
def placement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    placement = _placement(request, pk)
    logs = placement_queries.logbook(placement)
    return render(
        request,
        "practice/placement_detail.html",
        {
            "placement": placement,
            "page": BoundedPaginator(logs, 30).get_page(request.GET.get("page")),
            "summary": placement_queries.logbook_summary(placement),
            "is_student": user.pk == placement.student_id,
            "may_co_sign": permissions.may_co_sign(user, placement),
            "periods": LogEntry.Period.choices,
            "tasks": placement_queries.tasks_of(placement.student) if user.pk == placement.student_id else [],
            "attendance": placement_queries.attendance(placement),
            "problems": placement.problems.select_related("answered_by"),
            "may_answer_problem": permissions.may_answer_problem(user, placement),
            "query_string": query_string_without_page(request),
        },
    )


def _hours(value: str) -> Decimal:
    try:
        return Decimal(value or "8")
    except InvalidOperation:
        return Decimal("-1")  # refused by the action, on the field


@login_required
@require_POST
def placement_log(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    placement = _placement(request, pk)
    day = parse_date(request.POST.get("day", "") or "")
    task = Task.objects.filter(pk=int_or_none(request.POST.get("task")) or 0).select_related("stage").first()
    try:
        if day is None:
            raise ValidationError({"day": _("Enter a date.")})
        entry = actions.write_log(
            user,
            placement,
            day,
            request.POST.get("text", ""),
            _hours(request.POST.get("hours", "")),
            request.POST.get("period", LogEntry.Period.DAY),
            request.POST.get("off_the_job") == "on",
            task,
        )
    except ValidationError as exc:
        flash_errors(request, exc, LogEntry)
    else:
        if entry.flagged:
            messages.warning(
                request, _("Saved. This log reads much like an earlier one; your teacher will see that.")
            )
        else:
            messages.success(request, _("Saved."))
    return redirect("placement", pk=placement.pk)


@login_required
@require_POST
def log_co_sign(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    entry = get_object_or_404(LogEntry.objects.restrict(user).select_related("placement"), pk=pk)
    perform(request, lambda: actions.co_sign(user, entry), LogEntry, _("Co-signed."))
    return redirect("placement", pk=entry.placement_id)


@login_required
@require_POST
def placement_check_in(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    placement = _placement(request, pk)
    kind = request.POST.get("kind", "")
    done = _("Checked in.") if kind == CheckIn.Kind.IN else _("Checked out.")
    perform(request, lambda: actions.check_in(user, placement, kind), CheckIn, done)
    return redirect("placement", pk=placement.pk)


@login_required
@require_POST
def placement_problem(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    placement = _placement(request, pk)
    text = request.POST.get("text", "")
    done = _("Reported. Your teacher and mentor have been told.")
    perform(request, lambda: actions.report_problem(user, placement, text), ProblemReport, done)
    return redirect("placement", pk=placement.pk)


@login_required
@require_POST
def problem_answer(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    problem = get_object_or_404(ProblemReport.objects.restrict(user).select_related("placement"), pk=pk)
    answer = request.POST.get("answer", "")
    perform(request, lambda: actions.answer_problem(user, problem, answer), ProblemReport, _("Answered."))
    return redirect("placement", pk=problem.placement_id)
