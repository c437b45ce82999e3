"""Reads of enterprise projects, scoped to the person asking: the board, a project with its stages,
one's tasks, the teachers' and mentors' workload, and the enterprise needs waiting to become teaching."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from iehub.accounts.models import User
from iehub.accounts.roles import Role
from iehub.demand.models import SkillNeed
from iehub.practice.models import (
    Deliverable,
    LogEntry,
    Placement,
    ProcessRecord,
    Project,
    ProjectMember,
    Stage,
    Task,
)

ACTIVE = (Project.State.PLANNING, Project.State.RUNNING)


@dataclass(frozen=True)
class ProjectFilters:
    state: str = ""
    kind: str = ""
    mine: bool = False
    q: str = ""


def projects_for(user: User, filters: ProjectFilters | None = None) -> QuerySet[Project]:
    """Visible projects with college, client, how many students and the stage in progress."""
    f = filters or ProjectFilters()
    qs = (
        Project.objects.restrict(user)
        .select_related("college", "client", "template")
        .annotate(
            student_count=Count("members", filter=Q(members__kind=ProjectMember.Kind.STUDENT), distinct=True),
            stage_count=Count("stages", distinct=True),
            stages_done=Count("stages", filter=Q(stages__state=Stage.State.DONE), distinct=True),
        )
        .prefetch_related(
            Prefetch(
                "stages",
                queryset=Stage.objects.exclude(state__in=(Stage.State.WAITING, Stage.State.DONE)),
                to_attr="current_stages",
            )
        )
        .order_by("-starts_on", "-id")
    )
    if f.state:
        qs = qs.filter(state=f.state)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.mine:
        qs = qs.filter(members__user=user)
    if f.q:
        qs = qs.filter(Q(title__icontains=f.q) | Q(title_en__icontains=f.q) | Q(client__name__icontains=f.q))
    return qs


def board(projects: QuerySet[Project]) -> list[tuple[str, str, list[Project]]]:
    """The project board: columns by state (planning, running, accepted), at most 60 cards each."""
    columns = []
    for state, label in Project.State.choices:
        if state == Project.State.CANCELLED:
            continue
        columns.append((state, str(label), list(projects.filter(state=state)[:60])))
    return columns


def project_detail(project: Project) -> dict[str, Any]:
    """Everything the project page shows, in a fixed number of queries."""
    tasks: QuerySet[Task] = Task.objects.select_related("assignee").order_by("due_on", "id")
    files: QuerySet[Deliverable] = Deliverable.objects.select_related("uploaded_by").order_by(
        "name", "-version"
    )
    stages = list(
        Stage.objects.filter(project=project)
        .prefetch_related(Prefetch("tasks", queryset=tasks), Prefetch("deliverables", queryset=files))
        .select_related("signed_off_by", "accepted_by")
    )
    members = list(project.members.select_related("user", "role").order_by("kind", "team", "id"))
    records = list(project.records.select_related("actor", "subject", "stage")[:100])
    costs = project.stages.aggregate(planned=Sum("planned_cost"), actual=Sum("actual_cost"))
    loads = workload([m.user_id for m in members if m.kind != ProjectMember.Kind.STUDENT])
    for member in members:
        member.workload = loads.get(member.user_id)
    return {
        "stages": stages,
        "members": members,
        "records": records,
        "planned_cost": costs["planned"] or 0,
        "actual_cost": costs["actual"] or 0,
        "days_late": max((s.days_late for s in stages), default=0),
        "needs": list(project.needs.select_related("enterprise", "skill")),
    }


def workload(user_ids: list[int]) -> dict[int, dict[str, int]]:
    """For teachers and mentors: how many active projects they are on and how many students those have."""
    rows = (
        ProjectMember.objects.filter(user_id__in=user_ids, project__state__in=ACTIVE)
        .values("user_id")
        .annotate(projects=Count("project", distinct=True))
    )
    result = {row["user_id"]: {"projects": row["projects"], "students": 0} for row in rows}
    students = (
        ProjectMember.objects.filter(
            kind=ProjectMember.Kind.STUDENT,
            project__state__in=ACTIVE,
            project__members__user_id__in=user_ids,
        )
        .values("project__members__user_id")
        .annotate(n=Count("user", distinct=True))
    )
    for row in students:
        result.setdefault(row["project__members__user_id"], {"projects": 0, "students": 0})["students"] = row[
            "n"
        ]
    return result


def my_tasks(user: User) -> QuerySet[Task]:
    """Open tasks assigned to the user in running projects, soonest first."""
    return (
        Task.objects.filter(
            assignee=user,
            done_at__isnull=True,
            stage__project__state=Project.State.RUNNING,
        )
        .select_related("stage", "stage__project")
        .order_by("due_on", "id")
    )


def waiting_gates(user: User) -> QuerySet[Stage]:
    """Stages waiting for the user: sign-off (teachers, mentors) or acceptance (client representatives)."""
    signing = ProjectMember.objects.filter(
        user=user, kind__in=(ProjectMember.Kind.TEACHER, ProjectMember.Kind.MENTOR)
    ).values("project_id")
    accepting = ProjectMember.objects.filter(user=user, kind=ProjectMember.Kind.CLIENT).values("project_id")
    return (
        Stage.objects.filter(
            Q(state=Stage.State.SUBMITTED, project_id__in=signing)
            | Q(state=Stage.State.SIGNED_OFF, project_id__in=accepting)
        )
        .select_related("project")
        .order_by("planned_end", "id")
    )


def mentees(user: User) -> QuerySet[ProjectMember]:
    """The students of the active projects the user teaches or mentors (the mentor dashboard)."""
    mine = ProjectMember.objects.filter(
        user=user, kind__in=(ProjectMember.Kind.TEACHER, ProjectMember.Kind.MENTOR)
    ).values("project_id")
    return (
        ProjectMember.objects.filter(
            project_id__in=mine, kind=ProjectMember.Kind.STUDENT, project__state__in=ACTIVE
        )
        .select_related("user", "project", "role")
        .order_by("project_id", "team", "id")
    )


def needs_to_transform(user: User) -> QuerySet[SkillNeed]:
    """Enterprise needs the user sees, newest first, with the projects made of them that the user sees."""
    return (
        SkillNeed.objects.restrict(user)
        .filter(withdrawn_at__isnull=True)
        .select_related("enterprise", "skill")
        .prefetch_related(
            Prefetch(
                "projects", queryset=Project.objects.restrict(user).only("id", "title", "title_en", "kind")
            )
        )
        .order_by("-created_at", "-id")
    )


def records_of(project: Project) -> QuerySet[ProcessRecord]:
    return project.records.select_related("actor", "subject", "stage")


def member_candidates(user: User, project: Project) -> list[User]:
    """Who could join: the college's people the user sees, and the client's mentors and administrators
    (the client is an active partner, so its staff may be named to the college's project teachers)."""
    college_people = (
        User.objects.restrict(user)
        .filter(memberships__organization_id=project.college_id, memberships__is_active=True, is_active=True)
        .exclude(project_memberships__project=project)
        .distinct()
        .order_by("username")[:500]
    )
    client_staff = (
        User.objects.filter(
            memberships__organization_id=project.client_id,
            memberships__role__in=(Role.ENTERPRISE_MENTOR, Role.ENTERPRISE_ADMIN),
            memberships__is_active=True,
            is_active=True,
        )
        .exclude(project_memberships__project=project)
        .distinct()
        .order_by("username")[:200]
    )
    return [*college_people, *client_staff]


def workbench(user: User) -> dict[str, int]:
    """The practice figures of the dashboard: the user's active projects, the students they teach or
    mentor there and in placements, the gates and logs waiting for them, their open tasks."""
    mentoring = ProjectMember.objects.filter(
        user=user, kind__in=(ProjectMember.Kind.TEACHER, ProjectMember.Kind.MENTOR)
    ).values("project_id")
    project_students = ProjectMember.objects.filter(
        project_id__in=mentoring, kind=ProjectMember.Kind.STUDENT, project__state__in=ACTIVE
    ).values_list("user_id", flat=True)
    placement_students = Placement.objects.filter(Q(mentor=user) | Q(teacher=user)).values_list(
        "student_id", flat=True
    )
    return {
        "projects": ProjectMember.objects.filter(user=user, project__state__in=ACTIVE)
        .values("project_id")
        .distinct()
        .count(),
        "students": len(set(project_students) | set(placement_students)),
        "gates": waiting_gates(user).count(),
        "logs": LogEntry.objects.filter(
            Q(placement__mentor=user) | Q(placement__teacher=user), co_signed_at__isnull=True
        ).count(),
        "tasks": my_tasks(user).count(),
        "placements": Placement.objects.filter(student=user).count(),
    }
