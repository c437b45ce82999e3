"""Running an enterprise project: from an enterprise need or a brief, through its stages, to the client's
acceptance. Each step checks who may take it, refuses with a message naming the field, and leaves a
``ProcessRecord`` (who did what, when) that evaluation reads as evidence of the process.

The workflow of a stage: open → submitted (the students deliver) → signed off by a teacher or the
enterprise mentor → accepted by the client where the stage is a client gate → done, and the next
stage opens. A sign-off or an acceptance may return the stage for rework, with a reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from iehub.accounts.models import Membership, Organization, Partnership, User
from iehub.accounts.roles import OrgKind, Role
from iehub.core.audit import acting_as
from iehub.core.mailing import absolute_url
from iehub.core.notifications import notify
from iehub.demand.models import SkillNeed
from iehub.practice import permissions, previews
from iehub.practice.models import (
    Deliverable,
    FieldTemplate,
    ProcessRecord,
    ProductionRole,
    Project,
    ProjectMember,
    Stage,
    Task,
)

PROJECT_FIELDS = (
    "kind",
    "title",
    "title_en",
    "brief",
    "deliverable_specs",
    "budget",
    "starts_on",
    "due_on",
    "confidential",
)
MEMBER_ROLES: dict[str, tuple[str, tuple[str, ...]]] = {
    ProjectMember.Kind.STUDENT: ("college", (Role.STUDENT,)),
    ProjectMember.Kind.TEACHER: ("college", (Role.TEACHER, Role.PROGRAM_LEAD, Role.COLLEGE_ADMIN)),
    ProjectMember.Kind.MENTOR: ("client", (Role.ENTERPRISE_MENTOR, Role.ENTERPRISE_ADMIN)),
    ProjectMember.Kind.CLIENT: ("client", (Role.ENTERPRISE_MENTOR, Role.ENTERPRISE_ADMIN)),
}
# What a deliverable may be, by extension, and how such a file begins (its "magic" bytes): a file whose
# content does not match its name is refused, so a renamed executable or script is not stored.
DELIVERABLE_TYPES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "webp": (b"RIFF",),
    "mp4": (b"ftyp",),
    "mov": (b"ftyp", b"moov", b"wide", b"free", b"mdat"),
    "zip": (b"PK\x03\x04",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "pptx": (b"PK\x03\x04",),
}


def _deny(message: str) -> PermissionDenied:
    return PermissionDenied(message)


def _record(
    actor: User,
    project: Project,
    kind: str,
    stage: Stage | None = None,
    subject: User | None = None,
    detail: str = "",
) -> ProcessRecord:
    return ProcessRecord.objects.create(
        project=project, stage=stage, kind=kind, actor=actor, subject=subject, detail=detail[:300]
    )


def _project_url(project: Project) -> str:
    return reverse("project", args=[project.pk])


def _tell(people: Iterable[User], kind: str, project: Project, subject: Any) -> None:
    """Notify after the transaction commits, in each person's language."""
    path = _project_url(project)
    recipients = list(people)

    def message() -> tuple[str, str]:
        title = str(subject())
        return title, f"{project.display_title}\n{absolute_url(path)}"

    transaction.on_commit(lambda: notify(recipients, kind, message, path))


def _members(project: Project, *kinds: str) -> list[User]:
    return [m.user for m in project.members.filter(kind__in=kinds).select_related("user") if m.user.is_active]


# --- creating a project -----------------------------------------------------------------------------


def client_choices(college: Organization) -> Any:
    """Enterprises in an active partnership with the college: the only possible clients."""
    partners = Partnership.objects.active().filter(college=college).values("enterprise_id")
    return Organization.objects.filter(id__in=partners, kind=OrgKind.ENTERPRISE, is_active=True)


def create_project(
    actor: User,
    college: Organization,
    client: Organization | None,
    data: dict[str, Any],
    template: FieldTemplate | None = None,
    needs: Iterable[SkillNeed] = (),
    program: Any = None,
) -> Project:
    """Create a project for ``college``; the creator joins it as its responsible teacher.

    A project or training scenario runs through the stages of its field template, copied onto the
    project with planned dates spread over its schedule; the other kinds are records without stages.
    """
    if not permissions.project_creator_colleges(actor).filter(pk=college.pk).exists():
        raise _deny(_("Only the college's staff create its projects."))
    errors: dict[str, str] = {}
    if client is None or not client_choices(college).filter(pk=client.pk).exists():
        errors["client"] = _("Choose an enterprise in an active partnership with the college.")
    if program is not None and program.college_id != college.pk:
        errors["program"] = _("Choose a program of the college.")
    project = Project(college=college, client=client, created_by=actor, program=program, template=template)
    for field in PROJECT_FIELDS:
        if field in data and data[field] is not None:
            setattr(project, field, data[field])
    if project.has_workflow and template is None:
        errors["template"] = _("A project or training scenario runs through a template's stages: choose one.")
    if template is not None and not template.is_active:
        errors["template"] = _("This template is not in use.")
    foreign = [need for need in needs if client is None or need.enterprise_id != client.pk]
    if foreign:
        errors["needs"] = _("A need can only become a project of the enterprise that stated it.")
    if errors:
        raise ValidationError(errors)
    project.full_clean()
    with acting_as(actor):
        project.save()
        project.needs.set(list(needs))
        ProjectMember.objects.create(project=project, user=actor, kind=ProjectMember.Kind.TEACHER)
        if project.has_workflow and template is not None:
            _copy_stages(project, template)
        _record(actor, project, ProcessRecord.Kind.CREATED, detail=project.title)
    return project


def _copy_stages(project: Project, template: FieldTemplate) -> None:
    """The template's stages with planned dates proportional to their share of the schedule."""
    stages = list(template.stages.order_by("position"))
    total_share = sum(max(stage.share, 1) for stage in stages) or 1
    days = (project.due_on - project.starts_on).days + 1
    start = project.starts_on
    used = 0
    for index, stage in enumerate(stages, start=1):
        used += max(stage.share, 1)
        end = project.starts_on + dt.timedelta(days=max(0, round(days * used / total_share) - 1))
        if index == len(stages):
            end = project.due_on
        end = max(start, end)
        Stage.objects.create(
            project=project,
            position=index,
            name=stage.name,
            name_en=stage.name_en,
            client_gate=stage.client_gate,
            planned_start=start,
            planned_end=end,
        )
        start = min(end + dt.timedelta(days=1), project.due_on)


def transform_need(
    actor: User,
    need: SkillNeed,
    college: Organization,
    data: dict[str, Any],
    template: FieldTemplate | None = None,
    program: Any = None,
) -> Project:
    """A program lead turns an enterprise's stated need into a project, scenario, certification
    requirement or research topic of the college; the need and the project stay linked both ways."""
    if not SkillNeed.objects.restrict(actor).filter(pk=need.pk).exists():
        raise _deny(_("This need is not visible to you."))
    return create_project(actor, college, need.enterprise, data, template, [need], program)


# --- people -----------------------------------------------------------------------------------------


def add_member(
    actor: User,
    project: Project,
    person: User,
    kind: str,
    role: ProductionRole | None = None,
    team: str = "",
) -> ProjectMember:
    """Put a student, teacher, enterprise mentor or client representative on the project."""
    if not permissions.may_manage_project(actor, project):
        raise _deny(_("Only the project's teachers add its members."))
    errors: dict[str, str] = {}
    if kind not in MEMBER_ROLES:
        raise ValidationError({"kind": _("Choose how the person takes part.")})
    side, roles = MEMBER_ROLES[kind]
    organization_id = project.college_id if side == "college" else project.client_id
    if not permissions.holds_role(person, organization_id, roles):
        wrong_person: dict[str, str] = {
            ProjectMember.Kind.STUDENT: _("Choose a student of the project's college."),
            ProjectMember.Kind.TEACHER: _("Choose a teacher of the project's college."),
            ProjectMember.Kind.MENTOR: _("Choose a mentor of the client enterprise."),
            ProjectMember.Kind.CLIENT: _("Choose a person of the client enterprise."),
        }
        errors["user"] = wrong_person[kind]
    if role is not None and (kind != ProjectMember.Kind.STUDENT or role.template_id != project.template_id):
        errors["role"] = _("Choose a production role of the project's template, for a student.")
    if ProjectMember.objects.filter(project=project, user=person).exists():
        errors["user"] = _("This person is already on the project.")
    if errors:
        raise ValidationError(errors)
    with acting_as(actor):
        member = ProjectMember.objects.create(
            project=project, user=person, kind=kind, role=role, team=team.strip()[:60]
        )
        detail = f"{member.get_kind_display()}{' · ' + role.name if role else ''}"
        _record(actor, project, ProcessRecord.Kind.MEMBER_ADDED, subject=person, detail=detail)
    _tell(
        [person],
        "project",
        project,
        lambda: _("You were added to the project %(project)s") % {"project": project.display_title},
    )
    return member


def start_project(actor: User, project: Project) -> Project:
    """Planning → running: the first stage opens. An enterprise project starts with dual mentors."""
    if not permissions.may_manage_project(actor, project):
        raise _deny(_("Only the project's teachers start it."))
    if project.state != Project.State.PLANNING:
        raise ValidationError({"state": _("This project has already started.")})
    if not project.has_workflow:
        raise ValidationError({"kind": _("Only projects and training scenarios run through stages.")})
    kinds = set(project.members.values_list("kind", flat=True))
    missing = []
    if ProjectMember.Kind.STUDENT not in kinds:
        missing.append(_("a student"))
    if project.kind == Project.Kind.ENTERPRISE_PROJECT and ProjectMember.Kind.MENTOR not in kinds:
        missing.append(_("an enterprise mentor"))
    if missing:
        raise ValidationError(
            {"members": _("Before it starts, the project needs %(who)s.") % {"who": _(" and ").join(missing)}}
        )
    first = project.stages.order_by("position").first()
    with acting_as(actor):
        project.state = Project.State.RUNNING
        project.save(update_fields=["state", "updated_at"])
        if first is not None:
            _open(first)
        _record(actor, project, ProcessRecord.Kind.STARTED)
    _tell(
        _members(project, ProjectMember.Kind.STUDENT, ProjectMember.Kind.MENTOR, ProjectMember.Kind.CLIENT),
        "project",
        project,
        lambda: _("The project %(project)s has started") % {"project": project.display_title},
    )
    return project


def _open(stage: Stage) -> None:
    stage.state = Stage.State.OPEN
    stage.actual_start = timezone.localdate()
    stage.save(update_fields=["state", "actual_start"])


# --- tasks and deliverables -------------------------------------------------------------------------


def _require_open(stage: Stage) -> None:
    if stage.project.state != Project.State.RUNNING or stage.state != Stage.State.OPEN:
        raise ValidationError({"stage": _("This stage is not in progress.")})


def add_task(
    actor: User, stage: Stage, title: str, assignee: User | None = None, due_on: dt.date | None = None
) -> Task:
    project = stage.project
    if not (permissions.may_manage_project(actor, project) or permissions.may_sign_off(actor, project)):
        raise _deny(_("Only the project's teachers and mentors set its tasks."))
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("Say what the task is.")
    if stage.state == Stage.State.DONE:
        errors["stage"] = _("This stage is done.")
    if (
        assignee is not None
        and not project.members.filter(user=assignee, kind=ProjectMember.Kind.STUDENT).exists()
    ):
        errors["assignee"] = _("Assign the task to a student on the project.")
    if due_on is not None and not (project.starts_on <= due_on <= project.due_on):
        errors["due_on"] = _("The task is due within the project's dates.")
    if errors:
        raise ValidationError(errors)
    with acting_as(actor):
        task = Task.objects.create(stage=stage, title=title.strip()[:200], assignee=assignee, due_on=due_on)
        _record(actor, project, ProcessRecord.Kind.TASK_ADDED, stage, assignee, task.title)
    if assignee is not None and assignee.pk != actor.pk:
        _tell(
            [assignee], "project_task", project, lambda: _("A task for you: %(task)s") % {"task": task.title}
        )
    return task


def complete_task(actor: User, task: Task) -> Task:
    stage = task.stage
    project = stage.project
    kinds = permissions.member_kinds(actor, project)
    if not (task.assignee_id == actor.pk or ProjectMember.Kind.TEACHER in kinds):
        raise _deny(_("Only the person assigned, or the project's teachers, complete a task."))
    _require_open(stage)
    if task.done_at is not None:
        raise ValidationError({"task": _("This task is already done.")})
    with acting_as(actor):
        task.done_at = timezone.now()
        task.save(update_fields=["done_at"])
        _record(actor, project, ProcessRecord.Kind.TASK_DONE, stage, task.assignee, task.title)
    return task


def check_deliverable(upload: UploadedFile, name: str) -> str:
    """The file's extension, once its size, name and content agree; a translated refusal otherwise."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    allowed = DELIVERABLE_TYPES.get(extension)
    if allowed is None:
        raise ValidationError(
            {"file": _("Upload a PDF, image (PNG, JPG, WebP), video (MP4, MOV) or ZIP/Office file.")}
        )
    size = upload.size or 0
    if size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    limit = settings.IEHUB_UPLOAD_MAX_BYTES
    if size > limit:
        raise ValidationError(
            {"file": _("The file is larger than %(mb)s MB.") % {"mb": limit // (1024 * 1024)}}
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    video_box = head[4:8]
    matches = any(
        head.startswith(magic) or (extension in ("mp4", "mov") and video_box == magic) for magic in allowed
    )
    if extension == "webp":
        matches = matches and head[8:12] == b"WEBP"
    if not matches:
        raise ValidationError({"file": _("The file's content is not a .%(ext)s file.") % {"ext": extension}})
    return extension


def checked_upload(upload: UploadedFile) -> tuple[str, str]:
    """The upload's own name (no path, no NUL) and its extension, once name, size and content agree."""
    name = (upload.name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()[:200]
    if "\x00" in name or not name:
        raise ValidationError({"file": _("The file needs a name.")})
    return name, check_deliverable(upload, name)


def upload_deliverable(
    actor: User, stage: Stage, upload: UploadedFile, note: str = "", task: Task | None = None
) -> Deliverable:
    """Store one version of a deliverable; the same name uploaded again is its next version."""
    project = stage.project
    if not permissions.may_work_on(actor, project):
        raise _deny(_("Only the project's students and teachers upload its deliverables."))
    _require_open(stage)
    name, extension = checked_upload(upload)
    if task is not None and task.stage_id != stage.pk:
        raise ValidationError({"task": _("Choose a task of this stage.")})
    with acting_as(actor):
        Stage.objects.select_for_update().filter(pk=stage.pk).first()
        latest = Deliverable.objects.filter(stage=stage, name=name).aggregate(v=Max("version"))["v"] or 0
        deliverable = Deliverable(
            stage=stage,
            task=task,
            name=name,
            extension=extension,
            version=latest + 1,
            size=upload.size or 0,
            note=note.strip()[:300],
            uploaded_by=actor,
        )
        deliverable.file.save(name, upload, save=False)
        if extension == "pdf":
            upload.seek(0)
            page = previews.pdf_first_page(upload.read())
            if page is not None:
                deliverable.preview.save(f"{name}.png", ContentFile(page), save=False)
        deliverable.save()
        _record(actor, project, ProcessRecord.Kind.DELIVERED, stage, detail=str(deliverable))
    return deliverable


# --- gates ------------------------------------------------------------------------------------------


def submit_stage(actor: User, stage: Stage) -> Stage:
    """The students hand the stage in for sign-off: its tasks are done and something is delivered."""
    project = stage.project
    if not permissions.may_work_on(actor, project):
        raise _deny(_("Only the project's students and teachers submit a stage."))
    _require_open(stage)
    errors: dict[str, str] = {}
    open_tasks = stage.tasks.filter(done_at__isnull=True).count()
    if open_tasks:
        errors["tasks"] = _("%(n)s task(s) of this stage are not done.") % {"n": open_tasks}
    if not stage.deliverables.exists():
        errors["deliverables"] = _("Upload at least one deliverable before submitting.")
    if errors:
        raise ValidationError(errors)
    with acting_as(actor):
        stage.state = Stage.State.SUBMITTED
        stage.save(update_fields=["state"])
        _record(actor, project, ProcessRecord.Kind.SUBMITTED, stage)
    _tell(
        _members(project, ProjectMember.Kind.TEACHER, ProjectMember.Kind.MENTOR),
        "project_gate",
        project,
        lambda: _("%(stage)s is waiting for your sign-off") % {"stage": stage.display_name},
    )
    return stage


def sign_off(actor: User, stage: Stage, note: str = "") -> Stage:
    """A teacher or the enterprise mentor signs the submitted stage off; a client gate then waits for the
    client, any other stage is done and the next one opens."""
    project = stage.project
    if not permissions.may_sign_off(actor, project):
        raise _deny(_("Only the project's teachers and enterprise mentors sign a stage off."))
    if stage.state != Stage.State.SUBMITTED:
        raise ValidationError({"stage": _("Only a submitted stage is signed off.")})
    with acting_as(actor):
        stage.signed_off_by = actor
        _record(actor, project, ProcessRecord.Kind.SIGNED_OFF, stage, detail=note)
        if stage.client_gate:
            stage.state = Stage.State.SIGNED_OFF
            stage.save(update_fields=["state", "signed_off_by"])
        else:
            stage.save(update_fields=["signed_off_by"])
            _close(stage)
    if stage.client_gate:
        _tell(
            _client_side(project),
            "project_gate",
            project,
            lambda: _("%(stage)s is waiting for your acceptance") % {"stage": stage.display_name},
        )
    return stage


def _client_side(project: Project) -> list[User]:
    clients = _members(project, ProjectMember.Kind.CLIENT)
    if clients:
        return clients
    admins = Membership.objects.filter(
        organization_id=project.client_id, role=Role.ENTERPRISE_ADMIN, is_active=True
    ).select_related("user")
    return [m.user for m in admins]


def accept(actor: User, stage: Stage, note: str = "") -> Stage:
    """The client accepts a signed-off gate; the last stage accepted is the project accepted."""
    project = stage.project
    if not permissions.may_accept(actor, project):
        raise _deny(_("Only the client accepts a stage."))
    if stage.state != Stage.State.SIGNED_OFF:
        raise ValidationError({"stage": _("Only a signed-off stage is accepted.")})
    with acting_as(actor):
        stage.accepted_by = actor
        stage.save(update_fields=["accepted_by"])
        _record(actor, project, ProcessRecord.Kind.ACCEPTED, stage, detail=note)
        _close(stage)
    return stage


def _close(stage: Stage) -> None:
    """Done: the next stage opens, or — after the last — the project is accepted."""
    stage.state = Stage.State.DONE
    stage.actual_end = timezone.localdate()
    stage.save(update_fields=["state", "actual_end"])
    following = stage.project.stages.filter(position__gt=stage.position).order_by("position").first()
    if following is not None:
        _open(following)
        return
    project = stage.project
    project.state = Project.State.ACCEPTED
    project.save(update_fields=["state", "updated_at"])
    _tell(
        _members(project, *ProjectMember.Kind.values),
        "project",
        project,
        lambda: _("The client accepted the project %(project)s") % {"project": project.display_title},
    )


def return_stage(actor: User, stage: Stage, reason: str) -> Stage:
    """Send a submitted (or signed-off) stage back for rework, saying why."""
    project = stage.project
    may = (
        permissions.may_sign_off(actor, project)
        if stage.state == Stage.State.SUBMITTED
        else permissions.may_accept(actor, project)
    )
    if stage.state not in (Stage.State.SUBMITTED, Stage.State.SIGNED_OFF):
        raise ValidationError({"stage": _("Only a submitted or signed-off stage is returned.")})
    if not may:
        raise _deny(_("Only whoever signs off or accepts this stage returns it."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say what needs rework.")})
    with acting_as(actor):
        stage.state = Stage.State.OPEN
        stage.save(update_fields=["state"])
        _record(actor, project, ProcessRecord.Kind.RETURNED, stage, detail=reason.strip())
    _tell(
        _members(project, ProjectMember.Kind.STUDENT),
        "project_gate",
        project,
        lambda: _("%(stage)s was returned for rework") % {"stage": stage.display_name},
    )
    return stage


def record_cost(actor: User, stage: Stage, planned: Decimal | None, actual: Decimal | None) -> Stage:
    """Planned and actual cost of a stage (yuan), for cost control."""
    project = stage.project
    if not permissions.may_manage_project(actor, project):
        raise _deny(_("Only the project's teachers record its costs."))
    errors: dict[str, str] = {}
    for field, value in (("planned_cost", planned), ("actual_cost", actual)):
        if value is not None and (value < 0 or value >= Decimal("1e10")):
            errors[field] = _("Enter an amount from 0 to 9,999,999,999.99 yuan.")
    if errors:
        raise ValidationError(errors)
    with acting_as(actor):
        if planned is not None:
            stage.planned_cost = planned
        if actual is not None:
            stage.actual_cost = actual
        stage.save(update_fields=["planned_cost", "actual_cost"])
        _record(
            actor,
            project,
            ProcessRecord.Kind.COST,
            stage,
            detail=f"{stage.planned_cost} / {stage.actual_cost}",
        )
    return stage
