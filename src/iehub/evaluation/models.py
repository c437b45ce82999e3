"""Rubrics, evaluation schemes with evaluator weights, append-only evaluations, outside assessors' links.

A competency is a ``taxonomy.Skill`` on the curriculum's 1–3 scale (``curriculum.Level``): each rubric
criterion names the skill it evidences, and a mark on a rubric of N performance levels maps onto that
scale linearly (``engines.mastery.rubric_level_to_scale``), so portfolio, competency matrix and gap
analysis speak of the same thing.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from iehub.core.models import RestrictedQuerySet, TimeStampedModel, bilingual
from iehub.engines.mastery import Method


class EvaluatorRole(models.TextChoices):
    SELF = "self", _("Self")
    PEER = "peer", _("Peer")
    TEACHER = "teacher", _("Teacher")
    MENTOR = "mentor", _("Enterprise mentor")
    CLIENT = "client", _("Client")
    EXPERT = "expert", _("Industry expert")


#: Evaluators from industry: their summed weight is what the college's policy sets a minimum for.
ENTERPRISE_SIDE = frozenset({EvaluatorRole.MENTOR, EvaluatorRole.CLIENT, EvaluatorRole.EXPERT})


class Component(models.TextChoices):
    """What a criterion evaluates: the process (per stage) or the product (portfolio review)."""

    CREATIVITY = "creativity", _("Creativity")
    TEAMWORK = "teamwork", _("Teamwork")
    PROBLEM_SOLVING = "problem_solving", _("Problem solving")
    ETHICS = "ethics", _("Professional ethics")
    COST_SCHEDULE = "cost_schedule", _("Cost and schedule control")
    PRODUCT = "product", _("Product (portfolio review)")


PROCESS_COMPONENTS = frozenset(set(Component) - {Component.PRODUCT})


class MasteryMethod(models.TextChoices):
    """The methods of ``engines.mastery`` (same values), with their names for the form."""

    WEIGHTED_MEAN = Method.WEIGHTED_MEAN.value, _("Weighted mean")
    LATEST = Method.LATEST.value, _("Latest")
    HIGHEST = Method.HIGHEST.value, _("Highest")
    DECAYING_AVERAGE = Method.DECAYING_AVERAGE.value, _("Decaying average")
    N_TIMES = Method.N_TIMES.value, _("Reached n times")


class EvaluationPolicy(TimeStampedModel):
    """A college's (or one program's) minimum share of enterprise-side evaluators in every scheme."""

    college = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.CASCADE,
        related_name="evaluation_policies",
        verbose_name=_("college"),
    )
    program = models.ForeignKey(
        "curriculum.Program",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="evaluation_policies",
        verbose_name=_("program"),
        help_text=_("Empty: the policy of the whole college."),
    )
    min_enterprise_weight = models.PositiveSmallIntegerField(
        _("minimum enterprise weight (%)"), validators=[MaxValueValidator(100)]
    )

    class Meta:
        verbose_name = _("evaluation policy")
        verbose_name_plural = _("evaluation policies")
        constraints = [
            models.UniqueConstraint(fields=["college", "program"], name="uniq_policy_program"),
            models.UniqueConstraint(
                fields=["college"], condition=models.Q(program=None), name="uniq_policy_college"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.min_enterprise_weight}%"


class Rubric(TimeStampedModel):
    """Criteria with level descriptors, owned by a college (an industry rubric names its field)."""

    college = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="rubrics", verbose_name=_("college")
    )
    name = models.CharField(_("name (Chinese)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    field = models.CharField(_("field"), max_length=24, blank=True)
    levels = models.PositiveSmallIntegerField(
        _("performance levels"),
        default=4,
        validators=[MinValueValidator(2), MaxValueValidator(7)],
        help_text=_("Marks go from 1 to this number; the highest is 'mastered' on the 1–3 scale."),
    )

    class Meta:
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")
        ordering = ["college_id", "name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return bilingual(self.name_en, self.name)


class Criterion(models.Model):
    """One thing evaluators mark, evidencing one competency; ``roles`` lists who marks it (all if empty)."""

    rubric = models.ForeignKey(
        Rubric, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("rubric")
    )
    skill = models.ForeignKey(
        "taxonomy.Skill", on_delete=models.PROTECT, related_name="criteria", verbose_name=_("competency")
    )
    component = models.CharField(_("component"), max_length=16, choices=Component.choices)
    name = models.CharField(_("name (Chinese)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    descriptors = models.JSONField(
        _("level descriptors (Chinese)"),
        default=list,
        blank=True,
        help_text=_("One per level, lowest first."),
    )
    descriptors_en = models.JSONField(_("level descriptors (English)"), default=list, blank=True)
    roles = models.JSONField(_("marked by"), default=list, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["rubric_id", "order", "id"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return bilingual(self.name_en, self.name)

    def marked_by(self, role: str) -> bool:
        """The role's variant of the rubric: whether this criterion is on that evaluator's form."""
        return not self.roles or role in self.roles

    @property
    def level_texts(self) -> list[str]:
        """The level descriptors in the reader's language (the Chinese ones where no English is given)."""
        english = (get_language() or "").startswith("en") and self.descriptors_en
        return list(self.descriptors_en if english else self.descriptors)

    def descriptor(self, level: int) -> str:
        texts = self.level_texts
        return texts[level - 1] if 0 < level <= len(texts) else ""


class Scheme(TimeStampedModel):
    """How a course, project or internship is evaluated: a rubric, evaluator weights, a mastery rule."""

    college = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="schemes", verbose_name=_("college")
    )
    program = models.ForeignKey(
        "curriculum.Program",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="schemes",
        verbose_name=_("program"),
    )
    name = models.CharField(_("name"), max_length=200)
    rubric = models.ForeignKey(
        Rubric, on_delete=models.PROTECT, related_name="schemes", verbose_name=_("rubric")
    )
    project = models.ForeignKey(
        "practice.Project",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="schemes",
        verbose_name=_("project"),
    )
    placement = models.ForeignKey(
        "practice.Placement",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="schemes",
        verbose_name=_("internship"),
    )
    course = models.ForeignKey(
        "curriculum.Course",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="schemes",
        verbose_name=_("course"),
    )
    process_weight = models.PositiveSmallIntegerField(
        _("process weight (%)"),
        default=50,
        validators=[MaxValueValidator(100)],
        help_text=_("The rest is the product (portfolio review)."),
    )
    mastery_method = models.CharField(
        _("mastery method"), max_length=20, choices=MasteryMethod.choices, default=MasteryMethod.WEIGHTED_MEAN
    )
    mastery_threshold = models.DecimalField(
        _("mastery threshold"),
        max_digits=3,
        decimal_places=2,
        default=2.5,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
        help_text=_("On the 1–3 scale (1 introduced, 2 practised, 3 mastered)."),
    )
    mastery_times = models.PositiveSmallIntegerField(_("times at level (n)"), default=2)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )

    class Meta:
        verbose_name = _("evaluation scheme")
        verbose_name_plural = _("evaluation schemes")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name

    @property
    def product_weight(self) -> int:
        return 100 - self.process_weight


class SchemeWeight(models.Model):
    """The weight (%) of one evaluator role in a scheme; a scheme's weights add up to 100."""

    scheme = models.ForeignKey(
        Scheme, on_delete=models.CASCADE, related_name="weights", verbose_name=_("scheme")
    )
    role = models.CharField(_("evaluator"), max_length=10, choices=EvaluatorRole.choices)
    weight = models.PositiveSmallIntegerField(_("weight (%)"), validators=[MaxValueValidator(100)])

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("evaluator weight")
        verbose_name_plural = _("evaluator weights")
        constraints = [models.UniqueConstraint(fields=["scheme", "role"], name="uniq_scheme_role")]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.weight}%"


class Evaluation(models.Model):
    """One evaluator's marks for one student under a scheme. Append-only: a correction is a new
    evaluation that names the one it corrects, and both stay visible."""

    scheme = models.ForeignKey(
        Scheme, on_delete=models.PROTECT, related_name="evaluations", verbose_name=_("scheme")
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="evaluations",
        verbose_name=_("student"),
    )
    role = models.CharField(_("evaluator"), max_length=10, choices=EvaluatorRole.choices)
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evaluations_given",
        verbose_name=_("evaluated by"),
    )
    assessor_name = models.CharField(_("outside assessor"), max_length=100, blank=True)
    link = models.OneToOneField(
        "AssessorLink",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evaluation",
        verbose_name=_("assessor link"),
    )
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrects"),
    )
    comment = models.TextField(_("comment"), blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["student", "scheme", "at"], name="evaluation_student_time")]

    def __str__(self) -> str:
        return f"{self.get_role_display()} · {self.at:%Y-%m-%d}"

    def save(self, *args: object, **kwargs: object) -> None:
        """Append-only: an evaluation, once written, is never changed."""
        if self.pk is not None:
            raise ValueError("evaluations are append-only")
        super().save(*args, **kwargs)

    @property
    def evaluator_label(self) -> str:
        return str(self.evaluator) if self.evaluator_id else self.assessor_name


class Mark(models.Model):
    """The level given for one criterion in one evaluation (append-only with its evaluation)."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="marks", verbose_name=_("evaluation")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="marks", verbose_name=_("criterion")
    )
    level = models.PositiveSmallIntegerField(_("level"), validators=[MinValueValidator(1)])

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("mark")
        verbose_name_plural = _("marks")
        constraints = [models.UniqueConstraint(fields=["evaluation", "criterion"], name="uniq_mark")]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.level}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise ValueError("marks are append-only")
        super().save(*args, **kwargs)


class AssessorLink(TimeStampedModel):
    """A single-use signed link for an outside assessor (client, expert) who has no account."""

    scheme = models.ForeignKey(
        Scheme, on_delete=models.CASCADE, related_name="links", verbose_name=_("scheme")
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("student")
    )
    role = models.CharField(_("evaluator"), max_length=10, choices=EvaluatorRole.choices)
    assessor_name = models.CharField(_("assessor's name"), max_length=100)
    assessor_email = models.EmailField(_("assessor's e-mail"), blank=True)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )

    class Meta:
        verbose_name = _("assessor link")
        verbose_name_plural = _("assessor links")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.assessor_name} · {self.get_role_display()}"

    @property
    def state(self) -> str:
        if self.revoked_at:
            return "revoked"
        if self.used_at:
            return "used"
        if self.expires_at <= timezone.now():
            return "expired"
        return "open"


class LinkUse(models.Model):
    """Every time an assessor's link is opened or submitted, and every refusal: the link's audit trail."""

    class Outcome(models.TextChoices):
        OPENED = "opened", _("Opened")
        SUBMITTED = "submitted", _("Evaluation submitted")
        REFUSED = "refused", _("Refused")

    link = models.ForeignKey(
        AssessorLink, on_delete=models.CASCADE, related_name="uses", verbose_name=_("link")
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    reason = models.CharField(_("reason"), max_length=20, blank=True)
    address = models.CharField(_("address"), max_length=64, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("link use")
        verbose_name_plural = _("link uses")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} · {self.at:%Y-%m-%d %H:%M}"


class PortfolioShare(TimeStampedModel):
    """A public link to a student's portfolio, showing only the competencies the student chose."""

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="portfolio_shares",
        verbose_name=_("student"),
    )
    label = models.CharField(_("for"), max_length=100, help_text=_("e.g. the enterprise you apply to."))
    skills = models.ManyToManyField("taxonomy.Skill", related_name="+", verbose_name=_("competencies"))
    show_comments = models.BooleanField(_("show evaluators' comments"), default=False)
    revoked_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("portfolio share")
        verbose_name_plural = _("portfolio shares")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.label


class IssuerKey(models.Model):
    """An organisation's key for signing credentials (ES256). The private key is stored encrypted with a
    key derived from SECRET_KEY; the public key is published at the issuer's profile."""

    organization = models.OneToOneField(
        "accounts.Organization",
        on_delete=models.CASCADE,
        related_name="issuer_key",
        verbose_name=_("organisation"),
    )
    private_key = models.TextField(_("private key (encrypted)"))
    public_key = models.TextField(_("public key (PEM)"))
    ldp_private_key = models.TextField(_("Ed25519 private key (encrypted)"), blank=True)
    ldp_public_key = models.TextField(_("Ed25519 public key (PEM)"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("issuer key")
        verbose_name_plural = _("issuer keys")

    def __str__(self) -> str:
        return str(self.organization_id)


class Credential(models.Model):
    """An Open Badges 3.0 credential for one mastered competency, signed by the college and endorsed by
    the enterprise whose people evaluated it (when there is one). Revocable through the college's status
    list; the signed token itself never changes."""

    uid = models.UUIDField(_("credential id"), unique=True)
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="credentials",
        verbose_name=_("student"),
    )
    skill = models.ForeignKey(
        "taxonomy.Skill", on_delete=models.PROTECT, related_name="+", verbose_name=_("competency")
    )
    college = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        related_name="issued_credentials",
        verbose_name=_("college"),
    )
    enterprise = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="endorsed_credentials",
        verbose_name=_("endorsing enterprise"),
    )
    score = models.DecimalField(_("score"), max_digits=4, decimal_places=2)
    status_index = models.PositiveIntegerField(_("status list index"))
    token = models.TextField(_("signed credential (JWT)"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("issued by")
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.CharField(_("reason"), max_length=200, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("credential")
        verbose_name_plural = _("credentials")
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["college", "status_index"], name="uniq_credential_status_index"),
            models.UniqueConstraint(
                fields=["student", "skill"], condition=models.Q(revoked_at=None), name="uniq_live_credential"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.skill_id} · {self.student_id}"


class Moderation(models.Model):
    """A decision on a panel that disagrees: its marks stand, or the students are evaluated again.
    Append-only, like the evaluations it judges."""

    class Decision(models.TextChoices):
        CONFIRMED = "confirmed", _("Marks stand after review")
        REEVALUATE = "reevaluate", _("Evaluate again")

    scheme = models.ForeignKey(
        Scheme, on_delete=models.CASCADE, related_name="moderations", verbose_name=_("scheme")
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("moderator")
    )
    alpha = models.FloatField(_("agreement (alpha) when moderated"), null=True, blank=True)
    decision = models.CharField(_("decision"), max_length=12, choices=Decision.choices)
    note = models.TextField(_("note"))
    at = models.DateTimeField(_("at"), default=timezone.now)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("moderation")
        verbose_name_plural = _("moderations")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} · {self.at:%Y-%m-%d}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise ValueError("moderations are append-only")
        super().save(*args, **kwargs)
