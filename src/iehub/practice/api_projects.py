"""Enterprise projects over the API (``/api/v1/practice/projects…``): the board's list, a project with
its stages and members, its process records, and the gate steps a mentor or client takes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from pydantic import Field

from iehub.core.api_support import Page, PageQuery, paged
from iehub.core.kept_pages import kept_answer
from iehub.core.limits import DbId
from iehub.core.scopes import PROJECTS
from iehub.core.views_helpers import current_user
from iehub.practice import project_queries as queries
from iehub.practice.actions import projects as actions
from iehub.practice.models import ProcessRecord, Project, Stage, Task

router = Router(tags=["practice"])


class ProjectOut(Schema):
    id: int
    kind: str
    state: str
    title: str
    title_en: str
    college_id: int
    client_id: int
    client_name: str
    confidential: bool
    starts_on: dt.date
    due_on: dt.date
    students: int
    stages: int
    stages_done: int


class TaskOut(Schema):
    id: int
    title: str
    assignee_id: int | None
    due_on: dt.date | None
    done: bool


class DeliverableOut(Schema):
    id: int
    name: str
    version: int
    size: int
    uploaded_by_id: int
    uploaded_at: dt.datetime


class StageOut(Schema):
    id: int
    position: int
    name: str
    name_en: str
    state: str
    client_gate: bool
    planned_start: dt.date
    planned_end: dt.date
    actual_start: dt.date | None
    actual_end: dt.date | None
    planned_cost: Decimal
    actual_cost: Decimal
    tasks: list[TaskOut]
    deliverables: list[DeliverableOut]


class MemberOut(Schema):
    user_id: int
    name: str
    kind: str
    team: str
    role: str


class ProjectDetailOut(ProjectOut):
    brief: str
    deliverable_specs: str
    budget: Decimal | None
    need_ids: list[int]
    members: list[MemberOut]
    stage_list: list[StageOut]


class RecordOut(Schema):
    id: int
    kind: str
    stage_id: int | None
    actor_id: int
    subject_id: int | None
    detail: str
    at: dt.datetime


class ProjectQuery(PageQuery):
    kind: str = ""
    state: str = ""
    mine: bool = False
    q: str = Field("", max_length=100)


class GateStep(StrEnum):
    SUBMIT = "submit"
    SIGN_OFF = "sign-off"
    ACCEPT = "accept"
    RETURN = "return"


class GateIn(Schema):
    note: str = Field("", max_length=300)


def _project_out(project: Project) -> dict[str, Any]:
    return {
        "id": project.pk,
        "kind": project.kind,
        "state": project.state,
        "title": project.title,
        "title_en": project.title_en,
        "college_id": project.college_id,
        "client_id": project.client_id,
        "client_name": project.client.display_name,
        "confidential": project.confidential,
        "starts_on": project.starts_on,
        "due_on": project.due_on,
        "students": getattr(project, "student_count", 0),
        "stages": getattr(project, "stage_count", 0),
        "stages_done": getattr(project, "stages_done", 0),
    }


def _stage_out(stage: Stage) -> dict[str, Any]:
    return {
        **{f: getattr(stage, f) for f in ("id", "position", "name", "name_en", "state", "client_gate")},
        **{f: getattr(stage, f) for f in ("planned_start", "planned_end", "actual_start", "actual_end")},
        "planned_cost": stage.planned_cost,
        "actual_cost": stage.actual_cost,
        "tasks": [
            {
                "id": t.pk,
                "title": t.title,
                "assignee_id": t.assignee_id,
                "due_on": t.due_on,
                "done": t.done_at is not None,
            }
            for t in stage.tasks.all()
        ],
        "deliverables": [
            {
                "id": d.pk,
                "name": d.name,
                "version": d.version,
                "size": d.size,
                "uploaded_by_id": d.uploaded_by_id,
                "uploaded_at": d.uploaded_at,
            }
            for d in stage.deliverables.all()
        ],
    }


def _visible(request: HttpRequest, project_id: int) -> Project:
    return get_object_or_404(queries.projects_for(current_user(request)), pk=project_id)


@router.get("/practice/projects", response=Page[ProjectOut])
@kept_answer(PROJECTS)
def list_projects(request: HttpRequest, query: Query[ProjectQuery]) -> dict[str, Any]:
    """Visible projects (filters ``kind``, ``state``, ``mine``, ``q``), newest first."""
    filters = queries.ProjectFilters(query.state, query.kind, query.mine, query.q.strip())
    return paged(queries.projects_for(current_user(request), filters), query, _project_out)


@router.get("/practice/projects/{project_id}", response=ProjectDetailOut)
def get_project(request: HttpRequest, project_id: DbId) -> dict[str, Any]:
    project = _visible(request, project_id)
    detail = queries.project_detail(project)
    members = [
        {
            "user_id": m.user_id,
            "name": m.user.display_name,
            "kind": m.kind,
            "team": m.team,
            "role": m.role.display_name if m.role else "",
        }
        for m in detail["members"]
    ]
    return {
        **_project_out(project),
        "brief": project.brief,
        "deliverable_specs": project.deliverable_specs,
        "budget": project.budget,
        "need_ids": [n.pk for n in detail["needs"]],
        "members": members,
        "stage_list": [_stage_out(s) for s in detail["stages"]],
    }


@router.get("/practice/projects/{project_id}/records", response=Page[RecordOut])
def project_records(request: HttpRequest, project_id: DbId, query: Query[PageQuery]) -> dict[str, Any]:
    """The project's process records, newest first (append-only evidence for evaluation)."""
    project = _visible(request, project_id)

    def out(r: ProcessRecord) -> dict[str, Any]:
        return {
            "id": r.pk,
            "kind": r.kind,
            "stage_id": r.stage_id,
            "actor_id": r.actor_id,
            "subject_id": r.subject_id,
            "detail": r.detail,
            "at": r.at,
        }

    return paged(queries.records_of(project), query, out)


@router.post("/practice/stages/{stage_id}/{step}", response=StageOut)
def stage_step(request: HttpRequest, stage_id: DbId, step: GateStep, payload: GateIn) -> dict[str, Any]:
    """Submit a stage, sign it off, accept it (client) or return it for rework (``note`` says why)."""
    user = current_user(request)
    stage = get_object_or_404(Stage.objects.restrict(user).select_related("project"), pk=stage_id)
    run = {
        GateStep.SUBMIT: lambda: actions.submit_stage(user, stage),
        GateStep.SIGN_OFF: lambda: actions.sign_off(user, stage, payload.note),
        GateStep.ACCEPT: lambda: actions.accept(user, stage, payload.note),
        GateStep.RETURN: lambda: actions.return_stage(user, stage, payload.note),
    }[step]
    run()
    return _stage_out(Stage.objects.prefetch_related("tasks", "deliverables").get(pk=stage.pk))


@router.post("/practice/tasks/{task_id}/done", response=TaskOut)
def task_done(request: HttpRequest, task_id: DbId) -> dict[str, Any]:
    user = current_user(request)
    task = get_object_or_404(Task.objects.restrict(user).select_related("stage__project"), pk=task_id)
    actions.complete_task(user, task)
    return {
        "id": task.pk,
        "title": task.title,
        "assignee_id": task.assignee_id,
        "due_on": task.due_on,
        "done": True,
    }
