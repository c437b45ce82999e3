"""Curriculum pages. Thin: parse, call ``actions`` / ``queries``, render; errors come back translated."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iehub.accounts import permissions as accounts_permissions
from iehub.accounts.permissions import staff_org_ids
from iehub.core.kept_pages import kept_page
from iehub.core.scopes import ALERTS, CHANGE_TALK, CURRICULA, OFFERINGS, PEOPLE, POSTINGS, SERIES
from iehub.core.views_helpers import (
    BoundedPaginator,
    current_user,
    flash_errors,
    int_or_none,
    query_string_without_page,
)
from iehub.curriculum import actions, importing, permissions, queries, reports
from iehub.curriculum.alerts import assignments_for
from iehub.curriculum.models import (
    CareerDirection,
    Certificate,
    ChangeOrigin,
    ChangeRequest,
    ChangeVote,
    Course,
    CurriculumVersion,
    EnterpriseSuggestion,
    Level,
    MicroCourse,
    Module,
    Program,
    RecognitionRequest,
    RecognitionRule,
    TranscriptEntry,
    WorkTask,
)
from iehub.engines.alignment import Status
from iehub.taxonomy.models import Skill


def _program(request: HttpRequest, pk: int) -> Program:
    return get_object_or_404(queries.programs_for(current_user(request)), pk=pk)


def _version(request: HttpRequest, pk: int) -> CurriculumVersion:
    return get_object_or_404(
        CurriculumVersion.objects.restrict(current_user(request)).select_related("program__college"), pk=pk
    )


def _skill(value: str | None) -> Skill | None:
    pk = int_or_none(value)
    return Skill.objects.filter(pk=pk, is_active=True).first() if pk else None


PROGRAMS_PER_PAGE = 50


@login_required
@kept_page(CURRICULA)
def program_list(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    # A province's officer sees hundreds of programs: fifty a page, their versions and requests read
    # for that page only.
    page = BoundedPaginator(
        queries.programs_for(user).order_by("college__name", "major_code", "pk"),
        PROGRAMS_PER_PAGE,
    ).get_page(request.GET.get("page"))
    programs = list(page.object_list)
    current = queries.current_versions([p.pk for p in programs])
    open_requests = queries.open_requests_by_program(programs)
    rows = [(p, current.get(p.pk), open_requests.get(p.pk, 0)) for p in programs]
    return render(
        request,
        "curriculum/program_list.html",
        {"rows": rows, "page": page, "query_string": query_string_without_page(request)},
    )


@login_required
@kept_page(CURRICULA, PEOPLE, POSTINGS)
def program_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    program = _program(request, pk)
    version = queries.current_version(program)
    directions = program.directions.prefetch_related("tasks__competencies__skill")
    return render(
        request,
        "curriculum/program_detail.html",
        {
            "program": program,
            "version": version,
            "courses": queries.version_courses(version) if version else [],
            "versions": queries.versions_for(user, program).select_related("change_request"),
            # a version's change request is linked only for those who may open it (college staff,
            # committee); others see the version without it
            "visible_changes": set(
                queries.change_requests_for(user).filter(program=program).values_list("pk", flat=True)
            ),
            "directions": directions,
            "committee": program.committee.filter(is_active=True).select_related("user"),
            "can_change": permissions.may_change_program(user, program),
            "levels": Level.choices,
            "next_term": importing.next_term(timezone.localdate()),
        },
    )


@login_required
@require_POST
def program_tasks(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a career direction, a typical work task or a required competency (``op`` says which)."""
    user = current_user(request)
    program = _program(request, pk)
    op = request.POST.get("op", "")
    try:
        if op == "direction":
            actions.add_direction(
                user, program, request.POST.get("name", ""), request.POST.get("name_en", "")
            )
        elif op == "task":
            direction = get_object_or_404(
                CareerDirection, pk=int_or_none(request.POST.get("direction")) or 0, program=program
            )
            actions.add_task(
                user,
                direction,
                request.POST.get("name", ""),
                request.POST.get("name_en", ""),
                request.POST.get("description", ""),
            )
        elif op == "competency":
            task = get_object_or_404(
                WorkTask, pk=int_or_none(request.POST.get("task")) or 0, direction__program=program
            )
            skill = _skill(request.POST.get("skill"))
            if skill is None:
                raise ValidationError({"skill": _("Choose a skill.")})
            actions.set_task_competency(user, task, skill, int_or_none(request.POST.get("level")) or 0)
        else:
            raise ValidationError(_("Unknown operation."))
        messages.success(request, _("Saved."))
    except ValidationError as exc:
        flash_errors(request, exc, WorkTask)
    return redirect("curriculum_program", pk=program.pk)


@login_required
def program_import(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    program = _program(request, pk)
    if request.method != "POST":  # a reloaded report page: back to the program and its import form
        return redirect("curriculum_program", pk=program.pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file to import."))
        return redirect("curriculum_program", pk=program.pk)
    result = importing.import_curriculum(
        user, program, upload, upload.name or "", request.POST.get("effective_term", "")
    )
    if not result.report.ok:
        return render(
            request,
            "curriculum/import_report.html",
            {"program": program, "report": result.report},
            status=400,
        )
    messages.success(
        request,
        _("Imported %(courses)s courses, %(modules)s modules and %(competencies)s competencies.")
        % result.counts,
    )
    if result.change_request is not None:
        return redirect("change_request", pk=result.change_request.pk)
    return redirect("curriculum_program", pk=program.pk)


@login_required
@kept_page(CURRICULA, POSTINGS)
def version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The competency matrix of a version; cells are editable on a draft by those who may change it."""
    user = current_user(request)
    version = _version(request, pk)
    request_ = getattr(version, "change_request", None)
    editable = (
        version.editable
        and (request_ is None or request_.state == ChangeRequest.State.DRAFT)
        and permissions.may_edit_version(user, version)
    )
    return render(
        request,
        "curriculum/version_detail.html",
        {
            "version": version,
            "program": version.program,
            "change_request": request_,
            "change_request_visible": request_ is not None
            and queries.change_requests_for(user).filter(pk=request_.pk).exists(),
            "matrix": queries.matrix(version),
            "courses": queries.version_courses(version),
            "editable": editable,
            "levels": Level.choices,
        },
    )


@login_required
@require_POST
def version_cell(request: HttpRequest, pk: int) -> HttpResponse:
    """One matrix cell (htmx): set the level a module covers a skill at; returns the cell."""
    user = current_user(request)
    version = _version(request, pk)
    skill = _skill(request.POST.get("skill"))
    module_pk = int_or_none(request.POST.get("module"))
    if skill is None or module_pk is None:  # the add form sent without a choice (a required picker)
        messages.error(request, _("Choose a skill and a module."))
        return redirect("curriculum_version", pk=version.pk)
    module = get_object_or_404(Module, pk=module_pk, course__version=version)
    level = int_or_none(request.POST.get("level")) or 0
    error = ""
    try:
        actions.set_module_competency(user, module, skill, level)
    except ValidationError as exc:
        error = " ".join(exc.messages)
        level = module.competencies.filter(skill=skill).values_list("level", flat=True).first() or 0
    if not request.headers.get("HX-Request"):
        if error:
            messages.error(request, error)
        return redirect("curriculum_version", pk=version.pk)
    context = {
        "module": module,
        "skill": skill,
        "level": level,
        "levels": Level.choices,
        "editable": True,
        "version": version,
        "error": error,
    }
    return render(request, "curriculum/_cell.html", context, status=400 if error else 200)


@login_required
@require_POST
def version_course(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a course or a module to a draft (``op``), or delete one."""
    user = current_user(request)
    version = _version(request, pk)
    op = request.POST.get("op", "")
    try:
        if op == "course":
            data = {k: request.POST.get(k, "").strip() for k in actions.COURSE_FIELDS}
            actions.save_course(
                user, version, _numbers(data, ("theory_hours", "practice_hours", "term"), ("credits",))
            )
        elif op == "module":
            course = get_object_or_404(
                Course, pk=int_or_none(request.POST.get("course")) or 0, version=version
            )
            data = {k: request.POST.get(k, "").strip() for k in actions.MODULE_FIELDS}
            actions.save_module(user, course, _numbers(data, ("hours",), ("credits",)))
        elif op == "delete_module":
            actions.delete_module(
                user,
                get_object_or_404(
                    Module, pk=int_or_none(request.POST.get("module")) or 0, course__version=version
                ),
            )
        elif op == "delete_course":
            actions.delete_course(
                user,
                get_object_or_404(Course, pk=int_or_none(request.POST.get("course")) or 0, version=version),
            )
        else:
            raise ValidationError(_("Unknown operation."))
        messages.success(request, _("Saved."))
    except ValidationError as exc:
        flash_errors(request, exc, Module if "module" in op else Course)
    return redirect("curriculum_version", pk=version.pk)


def _numbers(data: dict[str, Any], ints: tuple[str, ...], decimals: tuple[str, ...]) -> dict[str, Any]:
    errors = {}
    for key in ints:
        value = data.get(key, "")
        if value == "":
            data.pop(key, None)
        elif value.isdigit():
            data[key] = int(value)
        else:
            errors[key] = _("“%(value)s” is not a whole number.") % {"value": value}
    for key in decimals:
        value = data.get(key, "")
        try:
            data[key] = Decimal(value or "0")
        except InvalidOperation:
            errors[key] = _("“%(value)s” is not a number.") % {"value": value}
    if errors:
        raise ValidationError(errors)
    return data


@login_required
def version_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    version = _version(request, pk)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    payload, name, content_type = importing.export_file(version, fmt)
    response = HttpResponse(payload, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def version_diff(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version(request, pk)
    other_pk = int_or_none(request.GET.get("against"))
    base = (
        get_object_or_404(
            CurriculumVersion.objects.restrict(current_user(request)), pk=other_pk, program=version.program
        )
        if other_pk
        else version.based_on
    )
    return render(
        request,
        "curriculum/version_diff.html",
        {
            "version": version,
            "base": base,
            "diff": queries.version_diff(base, version),
            "program": version.program,
            "versions": queries.versions_for(current_user(request), version.program).exclude(pk=version.pk),
        },
    )


@login_required
@kept_page(CURRICULA, POSTINGS, SERIES)
def gaps(request: HttpRequest, pk: int) -> HttpResponse:
    program = _program(request, pk)
    version_pk = int_or_none(request.GET.get("version"))
    version = (
        get_object_or_404(
            CurriculumVersion.objects.restrict(current_user(request)), pk=version_pk, program=program
        )
        if version_pk
        else None
    )
    direction_pk = int_or_none(request.GET.get("direction"))
    direction = get_object_or_404(program.directions, pk=direction_pk) if direction_pk else None
    found = queries.gap_page(program, version, direction)
    analysis, history = found.analysis, found.history
    fmt = request.GET.get("format", "")
    if fmt in ("xlsx", "pdf"):
        payload, name, content_type = reports.gap_report(analysis, fmt)
        response = HttpResponse(payload, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return render(
        request,
        "curriculum/gaps.html",
        {
            "program": program,
            "analysis": analysis,
            "rows": [(row, skill, reports.status_label(row.status)) for row, skill in found.shown],
            "folded_rows": [(row, skill, reports.status_label(row.status)) for row, skill in found.folded],
            "extra": analysis.extra_rows(),
            "not_covered": analysis.result.count(Status.NOT_COVERED),
            "partial": analysis.result.count(Status.PARTIAL),
            "history": history,
            "chart": reports.history_chart(history),
            "dimensions": found.dimensions,
            "quiet_dimensions": found.quiet_dimensions,
            "versions": queries.versions_for(current_user(request), program).exclude(
                state=CurriculumVersion.State.DISCARDED
            ),
            "directions": program.directions.all(),
            "query": request.GET.urlencode(),
        },
    )


@login_required
@kept_page(CURRICULA, POSTINGS)
def overview(request: HttpRequest) -> HttpResponse:
    """Cycle times against the 3-month target, course ages against 1.5 years, cross-cutting coverage."""
    found = queries.overview(current_user(request))
    return render(
        request,
        "curriculum/overview.html",
        {
            "cycle": found.cycle,
            "ages": found.ages.oldest,
            "overdue_courses": found.ages.overdue,
            "courses": found.ages.total,
            "coverage": found.coverage,
            "update_days": queries.COURSE_UPDATE_DAYS,
        },
    )


# --- change requests ------------------------------------------------------------------------------


@login_required
@kept_page(ALERTS, CURRICULA, PEOPLE, POSTINGS)
def change_list(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    requests = queries.change_requests_for(user)
    state = request.GET.get("state", "")
    if state:
        requests = requests.filter(state=state)
    awaiting_vote = request.GET.get("awaiting") == "vote"
    if awaiting_vote:  # the dashboard's "votes on change requests" link
        requests = requests.filter(pk__in=queries.votes_awaited(user).values("pk"))
    page = BoundedPaginator(requests, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "curriculum/change_list.html",
        {
            "requests": page.object_list,
            "page": page,
            "query_string": query_string_without_page(request),
            "awaiting_vote": awaiting_vote,
            "state": state,
            "states": ChangeRequest.State.choices,
            "cycle": queries.cycle_times(queries.change_requests_for(user)),
        },
    )


@login_required
def change_new(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    programs = queries.own_college_programs(user)
    assignment = None
    if request.GET.get("alert"):
        assignment = get_object_or_404(assignments_for(user), pk=int_or_none(request.GET.get("alert")) or 0)
    if request.method == "POST":
        program = get_object_or_404(programs, pk=int_or_none(request.POST.get("program")) or 0)
        if request.POST.get("alert"):
            assignment = get_object_or_404(
                assignments_for(user), pk=int_or_none(request.POST.get("alert")) or 0
            )
        try:
            created = actions.open_change_request(
                user,
                program,
                request.POST.get("title", ""),
                request.POST.get("rationale", ""),
                request.POST.get("origin", ""),
                request.POST.get("effective_term", ""),
                alert_assignment=assignment,
            )
        except ValidationError as exc:
            flash_errors(request, exc, ChangeRequest)
        else:
            messages.success(request, _("Change request opened. Edit the proposed version, then submit it."))
            return redirect("change_request", pk=created.pk)
    return render(
        request,
        "curriculum/change_new.html",
        {
            "programs": programs,
            "assignment": assignment,
            "origins": ChangeOrigin.choices,
            "values": request.POST if request.method == "POST" else {},
            "next_term": importing.next_term(timezone.localdate()),
            "selected_program": assignment.program_id
            if assignment
            else int_or_none(request.GET.get("program")),
        },
    )


@login_required
@kept_page(ALERTS, CHANGE_TALK, CURRICULA, PEOPLE, POSTINGS)
def change_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    change = get_object_or_404(queries.change_requests_for(user), pk=pk)
    member = queries.committee_seat(user, change.program)
    my_vote = queries.vote_of(member, change)
    return render(
        request,
        "curriculum/change_detail.html",
        {
            "change": change,
            "diff": queries.version_diff(change.base_version, change.proposed_version),
            "tally": actions.tally(change),
            "votes": change.votes.select_related("member__user"),
            "comments": change.comments.select_related("author"),
            "member": member,
            "my_vote": my_vote,
            "choices": ChangeVote.Choice.choices,
            "can_manage": permissions.may_change_program(user, change.program)
            or change.proposed_by_id == user.pk,
            "can_decide": permissions.may_change_program(user, change.program)
            or (member is not None and member.seat == member.Seat.CHAIR),
        },
    )


@login_required
@require_POST
def change_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    user = current_user(request)
    change = get_object_or_404(queries.change_requests_for(user), pk=pk)
    try:
        actions.change_request_step(user, change, step, request.POST)
    except ValidationError as exc:
        flash_errors(request, exc, ChangeRequest)
    except actions.UnknownStep:
        messages.error(request, _("Unknown operation."))
    else:
        change.refresh_from_db()
        done = {
            "submit": _("Sent to the committee."),
            "vote": _("Your vote is recorded."),
            "decide": _("Decision recorded: %(state)s.") % {"state": change.get_state_display()},
        }
        if step in done:
            messages.success(request, done[step])
    return redirect("change_request", pk=change.pk)


# --- micro-courses --------------------------------------------------------------------------------


@login_required
@kept_page(ALERTS, OFFERINGS, PEOPLE, POSTINGS)
def micro_course_list(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    courses = MicroCourse.objects.restrict(user).select_related(
        "program", "skill", "owner", "alert_assignment__alert"
    )
    return render(
        request,
        "curriculum/micro_course_list.html",
        {
            "courses": courses[:200],
            "today": timezone.localdate(),
            "may_create": permissions.may_create_micro_courses(user),
        },
    )


@login_required
def micro_course_new(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    if not permissions.may_create_micro_courses(user):
        raise PermissionDenied(_("Micro-courses are written by the college's teachers."))
    programs = queries.own_college_programs(user)
    assignment = None
    alert_pk = int_or_none(request.GET.get("alert") or request.POST.get("alert"))
    if alert_pk:
        assignment = get_object_or_404(assignments_for(user), pk=alert_pk)
    if request.method == "POST":
        program = get_object_or_404(programs, pk=int_or_none(request.POST.get("program")) or 0)
        skill = _skill(request.POST.get("skill"))
        try:
            if skill is None:
                raise ValidationError({"skill": _("Choose a skill.")})
            due = request.POST.get("due_on", "")
            created = actions.create_micro_course(
                user,
                program,
                request.POST.get("title", ""),
                skill,
                request.POST.get("outline", ""),
                alert_assignment=assignment,
                due_on=dt.date.fromisoformat(due) if due else None,
                materials=request.POST.get("materials", ""),
                module_code=request.POST.get("module_code", ""),
            )
        except ValueError:
            messages.error(request, _("%(field)s: enter a valid date.") % {"field": _("due on")})
        except ValidationError as exc:
            flash_errors(request, exc, MicroCourse)
        else:
            return redirect("micro_course", pk=created.pk)
    return render(
        request,
        "curriculum/micro_course_new.html",
        {
            "programs": programs,
            "assignment": assignment,
            "values": request.POST if request.method == "POST" else {},
        },
    )


@login_required
@kept_page(OFFERINGS, PEOPLE, POSTINGS)
def micro_course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    course = get_object_or_404(
        MicroCourse.objects.restrict(user).select_related("program", "skill", "owner"), pk=pk
    )
    can_publish = permissions.may_publish_micro_course(user, course)
    return render(
        request, "curriculum/micro_course_detail.html", {"course": course, "can_publish": can_publish}
    )


@login_required
@require_POST
def micro_course_publish(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    course = get_object_or_404(MicroCourse.objects.restrict(user), pk=pk)
    try:
        actions.publish_micro_course(user, course)
        messages.success(request, _("Published."))
    except ValidationError as exc:
        flash_errors(request, exc, MicroCourse)
    return redirect("micro_course", pk=course.pk)


# --- certificates and transcript ------------------------------------------------------------------


@login_required
@kept_page(OFFERINGS, PEOPLE, POSTINGS)
def certificates(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    rules = (
        RecognitionRule.objects.restrict(user).filter(is_active=True).select_related("certificate", "program")
    )
    my_programs = queries.student_programs(user)
    pending = RecognitionRequest.objects.restrict(user, "change").filter(
        state=RecognitionRequest.State.PENDING
    )
    return render(
        request,
        "curriculum/certificates.html",
        {
            "catalogue": Certificate.objects.prefetch_related("skills"),
            "rules": rules,
            "my_rules": rules.filter(program__in=my_programs),
            "my_requests": RecognitionRequest.objects.filter(student=user).select_related(
                "rule__certificate"
            ),
            "pending": pending.select_related("student", "rule__certificate", "rule__program"),
            "led_programs": queries.programs_for(user, "change"),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def recognition_new(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    rule = get_object_or_404(
        RecognitionRule.objects.filter(is_active=True), pk=int_or_none(request.POST.get("rule")) or 0
    )
    try:
        obtained = request.POST.get("obtained_on", "")
        actions.request_recognition(
            user,
            rule,
            request.POST.get("certificate_number", ""),
            dt.date.fromisoformat(obtained) if obtained else None,
            request.FILES.get("evidence"),
        )
        messages.success(request, _("Request sent to the program lead."))
    except ValueError:
        messages.error(request, _("%(field)s: enter a valid date.") % {"field": _("obtained on")})
    except ValidationError as exc:
        flash_errors(request, exc, RecognitionRequest)
    return redirect("certificates")


@login_required
@require_POST
def recognition_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    user = current_user(request)
    found = get_object_or_404(RecognitionRequest.objects.restrict(user), pk=pk)
    try:
        actions.recognition_step(user, found, step, request.POST)
    except ValidationError as exc:
        flash_errors(request, exc, RecognitionRequest)
    except actions.UnknownStep:
        messages.error(request, _("Unknown operation."))
    else:
        if step == "approve":
            messages.success(request, _("Approved; the credits are on the student's transcript."))
    return redirect("certificates")


@login_required
@require_POST
def rule_new(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    program = get_object_or_404(
        queries.programs_for(user, "change"), pk=int_or_none(request.POST.get("program")) or 0
    )
    certificate = get_object_or_404(Certificate, pk=int_or_none(request.POST.get("certificate")) or 0)
    try:
        credits = Decimal(request.POST.get("credits", "") or "0")
    except InvalidOperation:
        credits = None
    try:
        actions.save_rule(user, program, certificate, request.POST.get("module_code", ""), credits)
        messages.success(request, _("Saved."))
    except ValidationError as exc:
        flash_errors(request, exc, RecognitionRule)
    return redirect("certificates")


@login_required
def transcript(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    student_pk = int_or_none(request.GET.get("student"))
    entries = TranscriptEntry.objects.restrict(user).select_related(
        "program", "student", "recognition__rule__certificate"
    )
    entries = entries.filter(student_id=student_pk) if student_pk else entries.filter(student=user)
    return render(
        request, "curriculum/transcript.html", {"entries": entries, "total": sum(e.credits for e in entries)}
    )


# --- enterprise suggestions -----------------------------------------------------------------------


@login_required
@kept_page(POSTINGS)
def suggestions(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    is_enterprise = accounts_permissions.is_enterprise_staff(user)
    if request.method == "POST":
        program = get_object_or_404(
            queries.programs_for(user), pk=int_or_none(request.POST.get("program")) or 0
        )
        try:
            actions.suggest(
                user,
                program,
                request.POST.get("title", ""),
                request.POST.get("body", ""),
                _skill(request.POST.get("skill")),
            )
            messages.success(request, _("Thank you. The program lead will answer your suggestion here."))
            return redirect("suggestions")
        except ValidationError as exc:
            flash_errors(request, exc, EnterpriseSuggestion)
    found = EnterpriseSuggestion.objects.restrict(user).select_related(
        "enterprise", "program__college", "skill"
    )
    return render(
        request,
        "curriculum/suggestions.html",
        {
            "suggestions": found.prefetch_related("change_requests")[:200],
            "is_enterprise": is_enterprise,
            "programs": queries.programs_for(user).exclude(college_id__in=staff_org_ids(user))
            if is_enterprise
            else [],
            "changeable": permissions.decidable_suggestion_ids(user),
            "next_term": importing.next_term(timezone.localdate()),
            "values": request.POST if request.method == "POST" else {},
        },
    )


@login_required
@require_POST
def suggestion_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    user = current_user(request)
    found = get_object_or_404(EnterpriseSuggestion.objects.restrict(user), pk=pk)
    try:
        change = actions.suggestion_step(user, found, step, request.POST)
    except ValidationError as exc:
        flash_errors(request, exc, EnterpriseSuggestion)
    except actions.UnknownStep:
        messages.error(request, _("Unknown operation."))
    else:
        if change is not None:
            return redirect("change_request", pk=change.pk)
    return redirect(reverse("suggestions"))
