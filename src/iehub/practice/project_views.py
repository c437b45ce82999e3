"""Project pages: the board, a project with its stages, my tasks, the mentor's view, needs to transform.
Every page reads through ``project_queries`` (scoped) and writes through ``actions.projects``."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iehub.accounts.models import Organization, User
from iehub.core.kept_pages import kept_page
from iehub.core.scopes import COOPERATION, PEOPLE, POSTINGS, PROJECTS
from iehub.core.views_helpers import current_user, int_or_none, perform, uploaded_file_response
from iehub.demand.models import SkillNeed
from iehub.practice import permissions, placement_queries
from iehub.practice import project_queries as queries
from iehub.practice.actions import projects as actions
from iehub.practice.forms import ProjectForm
from iehub.practice.models import Deliverable, ProductionRole, Project, ProjectMember, Stage, Task


def _filters(request: HttpRequest) -> queries.ProjectFilters:
    return queries.ProjectFilters(
        kind=request.GET.get("kind", ""),
        mine=request.GET.get("mine") == "1",
        q=request.GET.get("q", "").strip()[:100],
    )


@login_required
@kept_page(PROJECTS)
def project_board(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    filters = _filters(request)
    projects = queries.projects_for(user, filters)
    return render(
        request,
        "practice/project_board.html",
        {
            "columns": queries.board(projects),
            "filters": filters,
            "kinds": Project.Kind.choices,
            "may_create": permissions.project_creator_colleges(user).exists(),
        },
    )


def _project(request: HttpRequest, pk: int) -> Project:
    return get_object_or_404(
        Project.objects.restrict(current_user(request)).select_related(
            "college", "client", "template", "program"
        ),
        pk=pk,
    )


def _clients(colleges: Any) -> Any:
    ids = [c.pk for college in colleges for c in actions.client_choices(college)]
    return Organization.objects.filter(id__in=ids).order_by("name")


@login_required
def project_new(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    colleges = permissions.project_creator_colleges(user)
    if not colleges.exists():
        raise PermissionDenied(_("Only the college's staff create its projects."))
    need = None
    need_id = int_or_none(request.GET.get("need") or request.POST.get("need"))
    if need_id:
        need = get_object_or_404(
            SkillNeed.objects.restrict(user).select_related("enterprise", "skill"), pk=need_id
        )
    initial: dict[str, Any] = {"college": colleges.first()}
    if need is not None:
        initial.update(client=need.enterprise_id, brief=need.description, title=str(need.skill))
    form = ProjectForm(colleges, _clients(colleges), request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {field: form.cleaned_data.get(field) for field in actions.PROJECT_FIELDS}
        college, client = form.cleaned_data["college"], form.cleaned_data["client"]
        template = form.cleaned_data.get("template")
        try:
            if need is not None:
                project = actions.transform_need(user, need, college, data, template)
            else:
                project = actions.create_project(user, college, client, data, template)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Project created. Add its students and mentors, then start it."))
            return redirect("project", pk=project.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "practice/project_form.html", {"form": form, "need": need}, status=status)


@login_required
@kept_page(COOPERATION, PEOPLE, POSTINGS, PROJECTS)
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    project = _project(request, pk)
    detail = queries.project_detail(project)
    may_manage = permissions.may_manage_project(user, project)
    return render(
        request,
        "practice/project_detail.html",
        {
            "project": project,
            **detail,
            "may_manage": may_manage,
            "may_work": permissions.may_work_on(user, project),
            "may_sign_off": permissions.may_sign_off(user, project),
            "may_accept": permissions.may_accept(user, project),
            "member_kinds": ProjectMember.Kind.choices,
            "roles": ProductionRole.objects.filter(template_id=project.template_id) if may_manage else [],
            "candidates": queries.member_candidates(user, project) if may_manage else [],
            "students": [m for m in detail["members"] if m.kind == ProjectMember.Kind.STUDENT],
        },
    )


def _act(
    request: HttpRequest, project: Project, model: Any, step: Callable[[], Any], done: str
) -> HttpResponse:
    perform(request, step, model, done)
    return redirect("project", pk=project.pk)


@login_required
@require_POST
def project_add_member(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    project = _project(request, pk)
    person = User.objects.filter(pk=int_or_none(request.POST.get("user")) or 0).first()
    role = ProductionRole.objects.filter(pk=int_or_none(request.POST.get("role")) or 0).first()

    def step() -> None:
        if person is None:
            raise ValidationError({"user": _("Choose a person.")})
        actions.add_member(
            user, project, person, request.POST.get("kind", ""), role, request.POST.get("team", "")
        )

    return _act(request, project, ProjectMember, step, _("Added."))


@login_required
@require_POST
def project_start(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    project = _project(request, pk)
    return _act(
        request, project, Project, lambda: actions.start_project(user, project), _("The project has started.")
    )


def _stage(request: HttpRequest, pk: int) -> Stage:
    visible = Stage.objects.restrict(current_user(request)).select_related("project")
    return get_object_or_404(visible, pk=pk)


@login_required
@require_POST
def stage_add_task(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    stage = _stage(request, pk)
    assignee = User.objects.filter(pk=int_or_none(request.POST.get("assignee")) or 0).first()
    due = parse_date(request.POST.get("due_on", "") or "")

    def step() -> None:
        actions.add_task(user, stage, request.POST.get("title", ""), assignee, due)

    return _act(request, stage.project, Task, step, _("Task added."))


@login_required
@require_POST
def task_done(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    task = get_object_or_404(Task.objects.restrict(user).select_related("stage__project"), pk=pk)
    return _act(request, task.stage.project, Task, lambda: actions.complete_task(user, task), _("Task done."))


@login_required
@require_POST
def stage_upload(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    stage = _stage(request, pk)
    upload = request.FILES.get("file")
    task = Task.objects.filter(pk=int_or_none(request.POST.get("task")) or 0, stage=stage).first()

    def step() -> None:
        if upload is None:
            raise ValidationError({"file": _("Choose a file.")})
        actions.upload_deliverable(user, stage, upload, request.POST.get("note", ""), task)

    return _act(request, stage.project, Deliverable, step, _("Uploaded."))


@login_required
@require_POST
def stage_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """Submit, sign off, accept or return a stage."""
    user = current_user(request)
    stage = _stage(request, pk)
    note = request.POST.get("note", "")
    steps: dict[str, tuple[Callable[[], Any], str]] = {
        "submit": (lambda: actions.submit_stage(user, stage), _("Submitted for sign-off.")),
        "sign-off": (lambda: actions.sign_off(user, stage, note), _("Signed off.")),
        "accept": (lambda: actions.accept(user, stage, note), _("Accepted.")),
        "return": (lambda: actions.return_stage(user, stage, note), _("Returned for rework.")),
    }
    if step not in steps:
        raise PermissionDenied
    run, done = steps[step]
    return _act(request, stage.project, Stage, run, done)


def _amount(value: str) -> Decimal | None:
    if not value.strip():
        return None
    try:
        return Decimal(value.strip())
    except InvalidOperation:
        return Decimal("-1")  # refused by the action with the field's message


@login_required
@require_POST
def stage_cost(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    stage = _stage(request, pk)
    planned, actual = (
        _amount(request.POST.get("planned_cost", "")),
        _amount(request.POST.get("actual_cost", "")),
    )
    return _act(
        request, stage.project, Stage, lambda: actions.record_cost(user, stage, planned, actual), _("Saved.")
    )


@login_required
def deliverable_file(request: HttpRequest, pk: int) -> FileResponse:
    """The file, to whoever sees its project: images, PDFs and videos inline, the rest as a download."""
    deliverable = get_object_or_404(Deliverable.objects.restrict(current_user(request)), pk=pk)
    return uploaded_file_response(deliverable.file, deliverable.name, deliverable.extension)


@login_required
def deliverable_preview(request: HttpRequest, pk: int) -> FileResponse:
    """The PNG preview of a PDF deliverable, to whoever sees its project."""
    deliverable = get_object_or_404(Deliverable.objects.restrict(current_user(request)), pk=pk)
    if not deliverable.preview:
        raise Http404
    response = FileResponse(deliverable.preview.open("rb"), content_type="image/png")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@kept_page(COOPERATION, PEOPLE, PROJECTS)
def my_work(request: HttpRequest) -> HttpResponse:
    """My tasks, the gates waiting for me, and — for teachers and mentors — the students I mentor."""
    user = current_user(request)
    return render(
        request,
        "practice/my_work.html",
        {
            "tasks": queries.my_tasks(user)[:100],
            "gates": queries.waiting_gates(user)[:50],
            "mentees": queries.mentees(user)[:200],
            "evaluations": placement_queries.evaluations_coming(user)[:100],
        },
    )


@login_required
@kept_page(COOPERATION, POSTINGS, PROJECTS)
def needs_list(request: HttpRequest) -> HttpResponse:
    """Enterprise needs and technology updates, with what the college made of them."""
    user = current_user(request)
    return render(
        request,
        "practice/needs.html",
        {
            "needs": queries.needs_to_transform(user)[:200],
            "may_create": permissions.project_creator_colleges(user).exists(),
        },
    )
