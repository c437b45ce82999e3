"""Programs (专业) and teaching classes. Courses, modules and competency matrices come with the
curriculum issue; students already need a program, a cohort and a class."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from iehub.core.models import CHANGE, RestrictedQuerySet, TimeStampedModel, bilingual
from iehub.taxonomy.models import Field

if TYPE_CHECKING:
    from iehub.accounts.models import User


class Program(TimeStampedModel):
    """A college's program, identified by its code in the national catalogue of majors (专业目录)."""

    college = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.CASCADE,
        related_name="programs",
        limit_choices_to={"kind": "college"},
        verbose_name=_("college"),
    )
    major_code = models.CharField(_("national major code"), max_length=10)
    name = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    career_directions = models.TextField(
        _("career directions"), blank=True, help_text=_("One per line, e.g. colourist, DIT.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    field = models.CharField(
        _("field"),
        max_length=24,
        choices=Field.choices,
        default=Field.OTHER,
        help_text=_("Which skills of the demand data make up the program's job profile."),
    )
    committee_quorum = models.PositiveSmallIntegerField(
        _("committee quorum"),
        null=True,
        blank=True,
        help_text=_("Votes needed to decide a change request; empty means a majority of the committee."),
    )
    key_skills = models.ManyToManyField(
        "taxonomy.Skill",
        blank=True,
        related_name="programs",
        verbose_name=_("key skills"),
        help_text=_(
            "Skills the program's career directions need; skill alerts about them reach the program lead."
        ),
    )

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = ["college_id", "major_code"]
        constraints = [models.UniqueConstraint(fields=["college", "major_code"], name="uniq_program_code")]

    def __str__(self) -> str:
        return f"{self.major_code} {self.name}"

    @property
    def display_name(self) -> str:
        return bilingual(self.name_en, self.name)

    @classmethod
    def scope_filter(cls, user: User, action: str) -> Q | None:
        from iehub.accounts import scoping

        if action == CHANGE:
            return Q(college_id__in=scoping.admin_org_ids(user))
        return Q(college_id__in=scoping.visible_org_ids(user))


class ClassGroup(TimeStampedModel):
    """A teaching class (班级) of one program and cohort, e.g. “2024级影视多媒体1班”."""

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="classes", verbose_name=_("program")
    )
    cohort = models.PositiveSmallIntegerField(_("cohort"))
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    head_teacher = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="head_of_classes",
        verbose_name=_("head teacher"),
    )

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        ordering = ["program_id", "cohort", "name"]
        constraints = [models.UniqueConstraint(fields=["program", "name"], name="uniq_class_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return bilingual(self.name_en, self.name)

    @classmethod
    def scope_filter(cls, user: User, action: str) -> Q | None:
        from iehub.accounts import scoping

        if action == CHANGE:
            return Q(program__college_id__in=scoping.admin_org_ids(user))
        return Q(program__college_id__in=scoping.visible_org_ids(user))


# ---------------------------------------------------------------------------------------------------
# Typical work tasks → required competencies (the job side of the competency matrix).


def _program_scope(user: User, action: str, prefix: str = "") -> Q:
    """Read: whoever may see the program's college; change: its program lead and college administrators."""
    from iehub.accounts import scoping

    if action == CHANGE:
        return Q(**{f"{prefix}program_id__in": led_program_ids(user)}) | Q(
            **{f"{prefix}program__college_id__in": scoping.admin_org_ids(user)}
        )
    return Q(**{f"{prefix}program__college_id__in": scoping.visible_org_ids(user)})


def _version_scope(user: User, action: str, prefix: str = "") -> Q:
    """Versions in force or superseded are read by whoever sees the college; drafts and discarded drafts
    only by the college's staff, the program's committee and the enterprise whose suggestion a draft
    answers — not by students, partners at large or other colleges of a consortium.

    ``prefix`` is the path from the model to its version (``""`` for a version itself).
    """
    from iehub.accounts import scoping

    if action == CHANGE:
        return _program_scope(user, CHANGE, prefix)
    staff = scoping.staff_org_ids(user)
    published = (CurriculumVersion.State.CURRENT, CurriculumVersion.State.SUPERSEDED)
    suggested_drafts = ChangeRequest.objects.filter(suggestion__enterprise_id__in=staff).values(
        "proposed_version_id"
    )
    return (
        (Q(**{f"{prefix}state__in": published}) & _program_scope(user, action, prefix))
        | Q(**{f"{prefix}program__college_id__in": staff})
        | Q(**{f"{prefix}program_id__in": committee_program_ids(user)})
        | Q(**{f"{prefix or 'pk'}{'id' if prefix else ''}__in": suggested_drafts})
    )


def led_program_ids(user: User) -> models.QuerySet[Any]:
    """Programs the user leads (an id subquery)."""
    from iehub.accounts.models import Membership, Role

    return Membership.objects.filter(
        user_id=user.pk, role=Role.PROGRAM_LEAD, is_active=True, program__isnull=False
    ).values("program_id")


class Level(models.IntegerChoices):
    """How far a module takes a competency, and how far a task needs it."""

    INTRODUCED = 1, _("Introduced")
    PRACTISED = 2, _("Practised")
    MASTERED = 3, _("Mastered")


class CareerDirection(TimeStampedModel):
    """A job a program prepares for (e.g. colourist), the anchor of typical work tasks."""

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="directions", verbose_name=_("program")
    )
    name = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("career direction")
        verbose_name_plural = _("career directions")
        ordering = ["program_id", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["program", "name"], name="uniq_direction_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return bilingual(self.name_en, self.name)

    @classmethod
    def scope_filter(cls, user: User, action: str) -> Q | None:
        return _program_scope(user, action)


class WorkTask(TimeStampedModel):
    """A typical work task (典型工作任务) of a career direction."""

    direction = models.ForeignKey(
        CareerDirection, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("career direction")
    )
    name = models.CharField(_("name (Chinese)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("typical work task")
        verbose_name_plural = _("typical work tasks")
        ordering = ["direction_id", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return bilingual(self.name_en, self.name)

    @classmethod
    def scope_filter(cls, user: User, action: str) -> Q | None:
        return _program_scope(user, action, "direction__")


class TaskCompetency(models.Model):
    """A competency a work task needs, at a level."""

    task = models.ForeignKey(WorkTask, on_delete=models.CASCADE, related_name="competencies")
    skill = models.ForeignKey("taxonomy.Skill", on_delete=models.PROTECT, verbose_name=_("skill"))
    level = models.PositiveSmallIntegerField(
        _("required level"), choices=Level.choices, default=Level.PRACTISED
    )

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("task competency")
        verbose_name_plural = _("task competencies")
        constraints = [models.UniqueConstraint(fields=["task", "skill"], name="uniq_task_skill")]

    def __str__(self) -> str:
        return f"{self.task_id}: {self.skill_id}"

    @classmethod
    def scope_filter(cls, user: User, action: str) -> Q | None:
        return _program_scope(user, action, "task__direction__")


# ---------------------------------------------------------------------------------------------------
# Curriculum versions: courses → modules → competencies covered. A version is never edited once it
# is in force; changes are made on a draft copy that a change request carries to approval.


class CurriculumVersion(TimeStampedModel):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CURRENT = "current", _("In force")
        SUPERSEDED = "superseded", _("Superseded")
        DISCARDED = "discarded", _("Discarded")

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="versions", verbose_name=_("program")
    )
    number = models.PositiveSmallIntegerField(_("version"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    based_on = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("based on")
    )
    effective_term = models.CharField(
        _("effective from term"), max_length=12, blank=True, help_text=_("e.g. 2026-2027-1")
    )
    in_force_from = models.DateTimeField(_("in force since"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("curriculum version")
        verbose_name_plural = _("curriculum versions")
        ordering = ["program_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["program", "number"], name="uniq_version_number"),
            models.UniqueConstraint(
                fields=["program"], condition=Q(state="current"), name="one_current_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program} v{self.number}"

    @property
    def label(self) -> str:
        return f"v{self.number}"

    @property
    def editable(self) -> bool:
        return self.state == self.State.DRAFT

    @classmethod
    def scope_filter(cls, user: User, action: str) -> Q | None:
        return _version_scope(user, action)


class Course(TimeStampedModel):
    version = models.ForeignKey(
        CurriculumVersion,
        on_delete=models.CASCADE,
        related_name="courses",
        verbose_name=_("curriculum version"),
    )
    code = models.CharField(_("course code"), max_length=20)
    name = models.CharField(_("name (Chinese)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    credits = models.DecimalField(_("credits"), max_digits=4, decimal_places=1, default=0)
    theory_hours = models.PositiveSmallIntegerField(_("theory hours"), default=0)
    practice_hours = models.PositiveSmallIntegerField(_("practice hours"), default=0)
    term = models.PositiveSmallIntegerField(
        _("term"), default=1, help_text=_("1–6 for a three-year program.")
    )
    revised_on = models.DateField(
        _("last revised"),
        null=True,
        blank=True,
        help_text=_("When the course's content last changed; carried over by versions that leave it alone."),
    )

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["version_id", "term", "code"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="uniq_course_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def display_name(self) -> str:
        return bilingual(self.name_en, self.name)

    @classmethod
    def scope_filter(cls, user: User, action: str) -> Q | None:
        return _version_scope(user, action, "version__")


class Module(TimeStampedModel):
    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="modules", verbose_name=_("course")
    )
    code = models.CharField(_("module code"), max_length=24)
    name = models.CharField(_("name (Chinese)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    outcomes = models.TextField(_("learning outcomes"), blank=True, help_text=_("One per line."))
    hours = models.PositiveSmallIntegerField(_("hours"), default=0)
    credits = models.DecimalField(_("credits"), max_digits=4, decimal_places=1, default=0)

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        ordering = ["course_id", "code"]
        constraints = [models.UniqueConstraint(fields=["course", "code"], name="uniq_module_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def display_name(self) -> str:
        return bilingual(self.name_en, self.name)

    @classmethod
    def scope_filter(cls, user: User, action: str) -> Q | None:
        return _version_scope(user, action, "course__version__")


class ModuleCompetency(models.Model):
    """A competency a module covers, at a level (one cell of the competency matrix)."""

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="competencies")
    skill = models.ForeignKey("taxonomy.Skill", on_delete=models.PROTECT, verbose_name=_("skill"))
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("module competency")
        verbose_name_plural = _("module competencies")
        constraints = [models.UniqueConstraint(fields=["module", "skill"], name="uniq_module_skill")]

    def __str__(self) -> str:
        return f"{self.module_id}: {self.skill_id} {self.level}"

    @classmethod
    def scope_filter(cls, user: User, action: str) -> Q | None:
        return _version_scope(user, action, "module__course__version__")


# ---------------------------------------------------------------------------------------------------
# The professional development committee (专业建设委员会) and curriculum change requests.


class CommitteeMember(TimeStampedModel):
    """A seat on a program's committee; enterprise people sit on it too."""

    class Seat(models.TextChoices):
        CHAIR = "chair", _("Chair")
        MEMBER = "member", _("Member")

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="committee", verbose_name=_("program")
    )
    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="committee_seats", verbose_name=_("person")
    )
    seat = models.CharField(_("seat"), max_length=8, choices=Seat.choices, default=Seat.MEMBER)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["program_id", "seat", "id"]
        constraints = [models.UniqueConstraint(fields=["program", "user"], name="uniq_committee_seat")]

    def __str__(self) -> str:
        return f"{self.program}: {self.user}"

    @classmethod
    def scope_filter(cls, user: User, action: str) -> Q | None:
        if action == CHANGE:
            return _program_scope(user, CHANGE)
        return _program_scope(user, action) | Q(user_id=user.pk)


def committee_program_ids(user: User) -> models.QuerySet[Any]:
    return CommitteeMember.objects.filter(user_id=user.pk, is_active=True).values("program_id")


class ChangeOrigin(models.TextChoices):
    ALERT = "alert", _("Skill alert")
    COHORT_WEAKNESS = "cohort_weakness", _("Cohort weakness")
    ENTERPRISE_SUGGESTION = "enterprise_suggestion", _("Enterprise suggestion")
    TEACHER = "teacher", _("Teacher proposal")


class ChangeRequest(TimeStampedModel):
    """A proposal to change a program's curriculum, carried by a draft version to a committee decision.

    Cycle time runs from creation to decision; the papers' target is under three months (today ~six).
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In committee review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="change_requests", verbose_name=_("program")
    )
    title = models.CharField(_("title"), max_length=200)
    rationale = models.TextField(_("rationale"))
    origin = models.CharField(_("origin"), max_length=24, choices=ChangeOrigin.choices)
    alert_assignment = models.ForeignKey(
        "demand.AlertAssignment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="change_requests",
        verbose_name=_("skill alert"),
    )
    suggestion = models.ForeignKey(
        "curriculum.EnterpriseSuggestion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="change_requests",
        verbose_name=_("enterprise suggestion"),
    )
    proposed_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("proposed by")
    )
    base_version = models.ForeignKey(
        CurriculumVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current version"),
    )
    proposed_version = models.OneToOneField(
        CurriculumVersion,
        on_delete=models.PROTECT,
        related_name="change_request",
        verbose_name=_("proposed version"),
    )
    effective_term = models.CharField(
        _("effective from term"), max_length=12, help_text=_("e.g. 2026-2027-1")
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.DRAFT, db_index=True
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decision_reason = models.TextField(_("reasons for the decision"), blank=True)

    class Meta:
        verbose_name = _("curriculum change request")
        verbose_name_plural = _("curriculum change requests")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def cycle_days(self) -> int | None:
        """Days from proposal to decision; None while undecided."""
        if self.decided_at is None:
            return None
        return (self.decided_at - self.created_at).days

    @classmethod
    def scope_filter(cls, user: User, action: str) -> Q | None:
        """College staff and committee members read; the program lead and college administrators act."""
        from iehub.accounts import scoping

        if action == CHANGE:
            return _program_scope(user, CHANGE)
        return (
            Q(program__college_id__in=scoping.staff_org_ids(user))
            | Q(program_id__in=committee_program_ids(user))
            | Q(suggestion__enterprise_id__in=scoping.staff_org_ids(user))
        )


class ChangeVote(TimeStampedModel):
    class Choice(models.TextChoices):
        APPROVE = "approve", _("Approve")
        REJECT = "reject", _("Reject")
        ABSTAIN = "abstain", _("Abstain")

    request = models.ForeignKey(ChangeRequest, on_delete=models.CASCADE, related_name="votes")
    member = models.ForeignKey(CommitteeMember, on_delete=models.CASCADE, related_name="votes")
    choice = models.CharField(_("vote"), max_length=8, choices=Choice.choices)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("committee vote")
        verbose_name_plural = _("committee votes")
        constraints = [models.UniqueConstraint(fields=["request", "member"], name="uniq_vote")]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.choice}"


class ChangeComment(TimeStampedModel):
    request = models.ForeignKey(ChangeRequest, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")
    body = models.TextField(_("comment"))

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:40]


# ---------------------------------------------------------------------------------------------------
# Micro-courses (微课): the fast answer to a skill alert.


class MicroCourse(TimeStampedModel):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="micro_courses", verbose_name=_("program")
    )
    title = models.CharField(_("title"), max_length=200)
    skill = models.ForeignKey("taxonomy.Skill", on_delete=models.PROTECT, verbose_name=_("skill"))
    alert_assignment = models.ForeignKey(
        "demand.AlertAssignment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="micro_courses",
        verbose_name=_("skill alert"),
    )
    owner = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="micro_courses", verbose_name=_("owner")
    )
    due_on = models.DateField(_("due on"))
    outline = models.TextField(_("outline"))
    materials = models.TextField(
        _("materials"), blank=True, help_text=_("Links or file names, one per line.")
    )
    module_code = models.CharField(_("linked module"), max_length=24, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("micro-course")
        verbose_name_plural = _("micro-courses")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def days_to_publish(self) -> int | None:
        return None if self.published_at is None else (self.published_at - self.created_at).days

    @classmethod
    def scope_filter(cls, user: User, action: str) -> Q | None:
        """Published: everyone who sees the college reads (students learn from them). Drafts: the
        college's staff and the owner. Owner, lead and admins change."""
        from iehub.accounts import scoping

        if action == CHANGE:
            return _program_scope(user, CHANGE) | Q(owner_id=user.pk)
        return (
            (Q(state=cls.State.PUBLISHED) & _program_scope(user, action))
            | Q(program__college_id__in=scoping.staff_org_ids(user))
            | Q(owner_id=user.pk)
        )


# ---------------------------------------------------------------------------------------------------
# Curriculum–certificate integration (课证融通).


class Certificate(TimeStampedModel):
    """A certificate in the catalogue: vendor, national 1+X, or occupational skill level."""

    class Kind(models.TextChoices):
        VENDOR = "vendor", _("Vendor certificate")
        ONE_PLUS_X = "1+x", _("1+X vocational skill certificate")
        SKILL_LEVEL = "skill_level", _("Occupational skill level")

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name (Chinese)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    issuer = models.CharField(_("issuer"), max_length=150)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    level = models.CharField(_("level"), max_length=40, blank=True)
    skills = models.ManyToManyField(  # type: ignore[var-annotated]
        "taxonomy.Skill",
        through="CertificateSkill",
        related_name="certificates",
        verbose_name=_("competencies"),
    )

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["kind", "code"]

    def __str__(self) -> str:
        return f"{self.name} {self.level}".strip()

    @property
    def display_name(self) -> str:
        return f"{bilingual(self.name_en, self.name)} {self.level}".strip()

    @classmethod
    def scope_filter(cls, user: User, action: str) -> Q | None:
        """Reference data: every signed-in person reads it; platform administrators edit it."""
        return Q() if action != CHANGE else None


class CertificateSkill(models.Model):
    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE)
    skill = models.ForeignKey("taxonomy.Skill", on_delete=models.PROTECT, verbose_name=_("skill"))
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices, default=Level.PRACTISED)

    class Meta:
        verbose_name = _("certificate competency")
        verbose_name_plural = _("certificate competencies")
        constraints = [
            models.UniqueConstraint(fields=["certificate", "skill"], name="uniq_certificate_skill")
        ]

    def __str__(self) -> str:
        return f"{self.certificate_id}: {self.skill_id}"


class RecognitionRule(TimeStampedModel):
    """A certificate substitutes a module's credits in a program (identified by the module's code, so
    the rule survives new curriculum versions)."""

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="recognition_rules", verbose_name=_("program")
    )
    certificate = models.ForeignKey(
        Certificate, on_delete=models.PROTECT, related_name="rules", verbose_name=_("certificate")
    )
    module_code = models.CharField(_("module code"), max_length=24)
    module_name = models.CharField(_("module"), max_length=150)
    credits = models.DecimalField(_("credits"), max_digits=4, decimal_places=1)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("credit recognition rule")
        verbose_name_plural = _("credit recognition rules")
        ordering = ["program_id", "module_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "certificate", "module_code"], name="uniq_recognition_rule"
            )
        ]

    def __str__(self) -> str:
        return f"{self.certificate} → {self.module_code}"

    @classmethod
    def scope_filter(cls, user: User, action: str) -> Q | None:
        return _program_scope(user, action)


class RecognitionRequest(TimeStampedModel):
    """A student asks for a module's credits on the strength of a certificate."""

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    student = models.ForeignKey(
        "accounts.User",
        on_delete=models.CASCADE,
        related_name="recognition_requests",
        verbose_name=_("student"),
    )
    rule = models.ForeignKey(
        RecognitionRule, on_delete=models.PROTECT, related_name="requests", verbose_name=_("rule")
    )
    certificate_number = models.CharField(_("certificate number"), max_length=60)
    obtained_on = models.DateField(_("obtained on"))
    evidence = models.FileField(_("evidence"), upload_to="recognition/%Y/", blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    decided_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("recognition request")
        verbose_name_plural = _("recognition requests")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.student} {self.rule}"

    @classmethod
    def scope_filter(cls, user: User, action: str) -> Q | None:
        staff = _program_scope(user, CHANGE, "rule__")
        return staff if action == CHANGE else staff | Q(student_id=user.pk)


class TranscriptEntry(TimeStampedModel):
    """A line on a student's transcript. Append-only: a correction is a new entry."""

    class Source(models.TextChoices):
        CERTIFICATE = "certificate", _("Certificate recognition")

    student = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="transcript", verbose_name=_("student")
    )
    program = models.ForeignKey(
        Program, on_delete=models.PROTECT, related_name="+", verbose_name=_("program")
    )
    module_code = models.CharField(_("module code"), max_length=24)
    module_name = models.CharField(_("module"), max_length=150)
    credits = models.DecimalField(_("credits"), max_digits=4, decimal_places=1)
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    recognition = models.OneToOneField(
        RecognitionRequest, on_delete=models.PROTECT, null=True, blank=True, related_name="transcript_entry"
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("transcript entry")
        verbose_name_plural = _("transcript entries")
        ordering = ["student_id", "created_at"]

    def __str__(self) -> str:
        return f"{self.student}: {self.module_code} {self.credits}"

    @classmethod
    def scope_filter(cls, user: User, action: str) -> Q | None:
        from iehub.accounts import scoping

        if action == CHANGE:
            return None
        return Q(student_id=user.pk) | Q(program__college_id__in=scoping.staff_org_ids(user))


# ---------------------------------------------------------------------------------------------------
# Enterprise suggestions (only 18.99 % of enterprises send any today).


class EnterpriseSuggestion(TimeStampedModel):
    class State(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted: change request opened")
        DECLINED = "declined", _("Declined")

    enterprise = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.CASCADE,
        related_name="curriculum_suggestions",
        verbose_name=_("enterprise"),
    )
    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="suggestions", verbose_name=_("program")
    )
    author = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("suggestion"))
    skill = models.ForeignKey(
        "taxonomy.Skill", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("skill")
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.SUBMITTED)
    decision_note = models.TextField(_("answer to the enterprise"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("enterprise curriculum suggestion")
        verbose_name_plural = _("enterprise curriculum suggestions")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def scope_filter(cls, user: User, action: str) -> Q | None:
        """The suggesting enterprise's staff and the program's college staff read; the college decides."""
        from iehub.accounts import scoping

        if action == CHANGE:
            return _program_scope(user, CHANGE)
        return Q(enterprise_id__in=scoping.staff_org_ids(user)) | Q(
            program__college_id__in=scoping.staff_org_ids(user)
        )
