"""Real enterprise projects taught as production (项目化教学): a client's brief worked through the stages
of a real workflow by students in production roles, with a teacher and an enterprise mentor.

Field templates hold the stages and roles of a kind of production (film & TV, software, manufacturing);
a project copies them when it is created, so editing a template never rewrites running projects.
Every step leaves a ``ProcessRecord``, append-only, which evaluation reads as process evidence.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iehub.core.models import RestrictedQuerySet, TimeStampedModel, bilingual
from iehub.curriculum.models import Level


class Field(models.TextChoices):
    FILM = "film", _("Film & TV")
    SOFTWARE = "software", _("Software")
    MANUFACTURING = "manufacturing", _("Manufacturing")


class FieldTemplate(TimeStampedModel):
    """The stages and roles of a kind of production, edited by platform administrators."""

    field = models.CharField(_("field"), max_length=20, choices=Field.choices)
    name = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("project template")
        verbose_name_plural = _("project templates")
        ordering = ("field", "name")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return bilingual(self.name_en, self.name)


class StageTemplate(models.Model):
    template = models.ForeignKey(
        FieldTemplate, on_delete=models.CASCADE, related_name="stages", verbose_name=_("template")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    client_gate = models.BooleanField(
        _("client acceptance"), default=False, help_text=_("The client accepts this stage's deliverables.")
    )
    share = models.PositiveSmallIntegerField(
        _("share of the schedule (%)"), default=10, help_text=_("Used to plan the stage's dates.")
    )

    class Meta:
        verbose_name = _("template stage")
        verbose_name_plural = _("template stages")
        ordering = ("template", "position")
        constraints = [
            models.UniqueConstraint(fields=("template", "position"), name="stage_template_position")
        ]

    def __str__(self) -> str:
        return bilingual(self.name_en, self.name)


class ProductionRole(models.Model):
    """A role in a field's production (director, cinematographer, colourist, DIT …) and the
    competencies it exercises, on the curriculum's scale (1 introduced · 2 practised · 3 mastered)."""

    template = models.ForeignKey(
        FieldTemplate, on_delete=models.CASCADE, related_name="roles", verbose_name=_("template")
    )
    name = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("production role")
        verbose_name_plural = _("production roles")
        ordering = ("template", "id")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return bilingual(self.name_en, self.name)


class RoleCompetency(models.Model):
    role = models.ForeignKey(
        ProductionRole, on_delete=models.CASCADE, related_name="competencies", verbose_name=_("role")
    )
    skill = models.ForeignKey("taxonomy.Skill", on_delete=models.PROTECT, verbose_name=_("skill"))
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices, default=Level.PRACTISED)

    class Meta:
        verbose_name = _("role competency")
        verbose_name_plural = _("role competencies")
        constraints = [models.UniqueConstraint(fields=("role", "skill"), name="role_competency_once")]

    def __str__(self) -> str:
        return f"{self.role} · {self.skill}"


class Project(TimeStampedModel):
    """A brief from a client enterprise, or what a program lead made of an enterprise need."""

    class Kind(models.TextChoices):
        ENTERPRISE_PROJECT = "project", _("Enterprise project")
        TRAINING_SCENARIO = "scenario", _("Training scenario")
        CERTIFICATION = "certification", _("Certification requirement")
        RESEARCH = "research", _("Research topic")

    class State(models.TextChoices):
        PLANNING = "planning", _("Planning")
        RUNNING = "running", _("Running")
        ACCEPTED = "accepted", _("Accepted by the client")
        CANCELLED = "cancelled", _("Cancelled")

    college = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="projects", verbose_name=_("college")
    )
    client = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        related_name="client_projects",
        verbose_name=_("client enterprise"),
    )
    program = models.ForeignKey(
        "curriculum.Program",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("program"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.ENTERPRISE_PROJECT)
    template = models.ForeignKey(
        FieldTemplate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("template"),
    )
    title = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    brief = models.TextField(_("brief"))
    deliverable_specs = models.TextField(_("deliverable specifications"), blank=True)
    budget = models.DecimalField(_("budget (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True)
    starts_on = models.DateField(_("starts on"))
    due_on = models.DateField(_("due on"))
    confidential = models.BooleanField(
        _("under NDA"),
        default=False,
        help_text=_("Only the project's members and the client enterprise see it."),
    )
    needs = models.ManyToManyField(
        "demand.SkillNeed", blank=True, related_name="projects", verbose_name=_("enterprise needs")
    )
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.PLANNING)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ("-starts_on", "-id")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due_on__gte=models.F("starts_on")), name="project_dates"
            )
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        return bilingual(self.title_en, self.title)

    @property
    def has_workflow(self) -> bool:
        """Projects and training scenarios run through stages; the other kinds are records."""
        return self.kind in (self.Kind.ENTERPRISE_PROJECT, self.Kind.TRAINING_SCENARIO)


class ProjectMember(models.Model):
    class Kind(models.TextChoices):
        STUDENT = "student", _("Student")
        TEACHER = "teacher", _("Teacher")
        MENTOR = "mentor", _("Enterprise mentor")
        CLIENT = "client", _("Client representative")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="members", verbose_name=_("project")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="project_memberships",
        verbose_name=_("person"),
    )
    kind = models.CharField(_("as"), max_length=10, choices=Kind.choices)
    team = models.CharField(_("team"), max_length=60, blank=True)
    role = models.ForeignKey(
        ProductionRole,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("production role"),
    )
    joined_at = models.DateTimeField(_("joined at"), default=timezone.now)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("project member")
        verbose_name_plural = _("project members")
        ordering = ("project", "kind", "team", "id")
        constraints = [models.UniqueConstraint(fields=("project", "user"), name="project_member_once")]
        indexes = [models.Index(fields=("user", "kind"), name="project_member_user")]

    def __str__(self) -> str:
        return f"{self.project} · {self.user}"


class Stage(models.Model):
    class State(models.TextChoices):
        WAITING = "waiting", _("Not started")
        OPEN = "open", _("In progress")
        SUBMITTED = "submitted", _("Submitted for sign-off")
        SIGNED_OFF = "signed_off", _("Signed off, awaiting the client")
        DONE = "done", _("Done")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="stages", verbose_name=_("project")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    client_gate = models.BooleanField(_("client acceptance"), default=False)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.WAITING)
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    planned_cost = models.DecimalField(
        _("planned cost (yuan)"), max_digits=12, decimal_places=2, default=Decimal("0")
    )
    actual_cost = models.DecimalField(
        _("actual cost (yuan)"), max_digits=12, decimal_places=2, default=Decimal("0")
    )
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed off by"),
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ("project", "position")
        constraints = [models.UniqueConstraint(fields=("project", "position"), name="stage_position")]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return bilingual(self.name_en, self.name)

    @property
    def days_late(self) -> int:
        """Days past the planned end: at the actual end when done, today while still running."""
        if self.state == self.State.WAITING:
            return 0
        end = self.actual_end or timezone.localdate()
        return max(0, (end - self.planned_end).days)


class Task(models.Model):
    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("stage"))
    title = models.CharField(_("task"), max_length=200)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="practice_tasks",
        verbose_name=_("assigned to"),
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ("stage", "due_on", "id")

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        return self.done_at is None and self.due_on is not None and self.due_on < timezone.localdate()


def deliverable_path(instance: Deliverable, filename: str) -> str:
    """Stored under a name of our own (the original name is kept in a field, never used as a path)."""
    today: dt.date = timezone.localdate()
    return f"deliverables/{today:%Y/%m}/{instance.stage_id}-{timezone.now():%H%M%S%f}.{instance.extension}"


class Deliverable(models.Model):
    """One uploaded version of a deliverable; a new upload of the same name is the next version."""

    stage = models.ForeignKey(
        Stage, on_delete=models.CASCADE, related_name="deliverables", verbose_name=_("stage")
    )
    task = models.ForeignKey(
        Task,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deliverables",
        verbose_name=_("task"),
    )
    name = models.CharField(_("file name"), max_length=200)
    extension = models.CharField(_("type"), max_length=8)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    file = models.FileField(_("file"), upload_to=deliverable_path)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    preview = models.FileField(_("preview"), upload_to="deliverables/previews/%Y/%m/", blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("deliverable")
        verbose_name_plural = _("deliverables")
        ordering = ("stage", "name", "-version")
        constraints = [
            models.UniqueConstraint(fields=("stage", "name", "version"), name="deliverable_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"

    @property
    def is_image(self) -> bool:
        return self.extension in ("png", "jpg", "jpeg", "webp")

    @property
    def is_video(self) -> bool:
        return self.extension in ("mp4", "mov")


class ProcessRecord(models.Model):
    """What happened in a project, by whom, when: append-only evidence of the process."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Project created")
        MEMBER_ADDED = "member_added", _("Member added")
        STARTED = "started", _("Project started")
        TASK_ADDED = "task_added", _("Task added")
        TASK_DONE = "task_done", _("Task done")
        DELIVERED = "delivered", _("Deliverable uploaded")
        SUBMITTED = "submitted", _("Stage submitted")
        RETURNED = "returned", _("Stage returned for rework")
        SIGNED_OFF = "signed_off", _("Stage signed off")
        ACCEPTED = "accepted", _("Accepted by the client")
        COST = "cost", _("Cost recorded")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="records", verbose_name=_("project")
    )
    stage = models.ForeignKey(
        Stage,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="records",
        verbose_name=_("stage"),
    )
    kind = models.CharField(_("what"), max_length=16, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("concerning"),
    )
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("process record")
        verbose_name_plural = _("process records")
        ordering = ("-at", "-id")
        indexes = [models.Index(fields=("project", "at"), name="process_record_time")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args: object, **kwargs: object) -> None:
        """Append-only: a record, once written, is never changed."""
        if self.pk is not None:
            raise ValueError("process records are append-only")
        super().save(*args, **kwargs)
