"""Matching: opportunities that enterprises post, students' matching profiles and consent, explainable
scores, applications outside rounds and centralised allocation rounds.

Append-only where a decision is recorded: application events and round assignments are never changed;
an override is a new assignment that names its reason, and the latest one of a student counts.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from iehub.core import reference
from iehub.core.models import RestrictedQuerySet, TimeStampedModel, bilingual

LEVEL_CHOICES = [(1, _("1 · introduced")), (2, _("2 · practised")), (3, _("3 · mastered"))]
IMPORTANCE_CHOICES = [(1, _("useful")), (2, _("important")), (3, _("essential"))]


class Opportunity(TimeStampedModel):
    """A job, internship or apprenticeship place an enterprise posts, or a programme a government or a
    consortium publishes; students see it once published by a vetted organisation and not under review."""

    class Kind(models.TextChoices):
        JOB = "job", _("job")
        INTERNSHIP = "internship", _("internship")
        APPRENTICESHIP = "apprenticeship", _("apprenticeship place")
        PROGRAMME = "programme", _("programme")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        CLOSED = "closed", _("closed")

    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        related_name="opportunities",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title (Chinese)"), max_length=120)
    title_en = models.CharField(_("title (English)"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)
    region_code = models.CharField(_("region"), max_length=6, blank=True, db_index=True)
    places = models.PositiveIntegerField(
        _("places"), default=1, validators=[MinValueValidator(1), MaxValueValidator(10_000)]
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    apply_by = models.DateField(_("apply by"), null=True, blank=True)
    stipend_monthly = models.DecimalField(
        _("monthly pay or stipend (CNY)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    probation_wage = models.DecimalField(
        _("probation wage of the same post (CNY)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    daily_hours = models.DecimalField(_("hours a day"), max_digits=4, decimal_places=1, default=Decimal("8"))
    weekly_hours = models.DecimalField(
        _("hours a week"), max_digits=4, decimal_places=1, default=Decimal("40")
    )
    night_shifts = models.BooleanField(_("night shifts"), default=False)
    occupation = models.ForeignKey(
        "taxonomy.Occupation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opportunities",
        verbose_name=_("occupation"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )

    class Meta:
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["status", "kind"], name="opportunity_status_kind")]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        return bilingual(self.title_en, self.title)

    @property
    def region_name(self) -> str:
        return reference.region_name(self.region_code) if self.region_code else ""

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The end date is before the start date.")
        if self.stipend_monthly is not None and self.stipend_monthly < 0:
            errors["stipend_monthly"] = _("Pay cannot be negative.")
        if errors:
            raise ValidationError(errors)


class OpportunitySkill(models.Model):
    """A skill the opportunity asks for, at a level (1–3) and with an importance (1–3)."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey(
        "taxonomy.Skill", on_delete=models.PROTECT, related_name="opportunities", verbose_name=_("skill")
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=LEVEL_CHOICES, default=2)
    importance = models.PositiveSmallIntegerField(_("importance"), choices=IMPORTANCE_CHOICES, default=2)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("required skill")
        verbose_name_plural = _("required skills")
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "skill"], name="opportunity_skill_once")
        ]

    def __str__(self) -> str:
        return f"{self.skill_id} · {self.level}"


class Vetting(TimeStampedModel):
    """An organisation verified as a real employer by someone accountable for it (PIPL and the
    internship rules make colleges answer for where they send students)."""

    organization = models.OneToOneField(
        "accounts.Organization",
        on_delete=models.CASCADE,
        related_name="vetting",
        verbose_name=_("organisation"),
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("verified by")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("vetting")
        verbose_name_plural = _("vettings")

    def __str__(self) -> str:
        return f"{self.organization_id}"


class Complaint(TimeStampedModel):
    """A flag raised on an opportunity (by a student, a teacher or an officer); open complaints put the
    opportunity under review and out of students' sight until resolved."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="complaints")
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("raised by")
    )
    reason = models.TextField(_("reason"))
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )
    resolution = models.TextField(_("resolution"), blank=True)

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.opportunity_id} · {self.created_at:%Y-%m-%d}"


class MatchingProfile(models.Model):
    """A student's preferences and availability for matching, and their consent to be seen by
    enterprises (PIPL: personal information goes to an enterprise only with the student's consent)."""

    student = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="matching_profile"
    )
    regions = models.JSONField(_("preferred regions"), default=list, blank=True)
    industries = models.JSONField(_("preferred industries"), default=list, blank=True)
    enterprise_types = models.JSONField(_("preferred enterprise types"), default=list, blank=True)
    available_from = models.DateField(_("available from"), null=True, blank=True)
    available_until = models.DateField(_("available until"), null=True, blank=True)
    share_with_enterprises = models.BooleanField(_("share my profile with enterprises"), default=False)
    consented_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("matching profile")
        verbose_name_plural = _("matching profiles")

    def __str__(self) -> str:
        return f"{self.student_id}"


class MatchScore(models.Model):
    """A stored score of a student for an opportunity, with its explanation (the recomputation task keeps
    each student's best ones; a page computes any other pair on demand with the same engine)."""

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="match_scores"
    )
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="scores")
    score = models.FloatField(_("score"))
    skill_points = models.FloatField(_("skill points"))
    preference_points = models.FloatField(_("preference points"))
    explanation = models.JSONField(_("explanation"), default=dict)
    computed_at = models.DateTimeField(_("computed at"))

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("match score")
        verbose_name_plural = _("match scores")
        ordering = ["-score", "opportunity_id"]
        constraints = [models.UniqueConstraint(fields=["student", "opportunity"], name="match_score_once")]

    def __str__(self) -> str:
        return f"{self.student_id} · {self.opportunity_id} · {self.score:.1f}"


class Application(TimeStampedModel):
    """A student's application to an opportunity outside a round, and where it stands."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("applied")
        SHORTLISTED = "shortlisted", _("shortlisted")
        INTERVIEW = "interview", _("interview")
        OFFER = "offer", _("offer made")
        ACCEPTED = "accepted", _("offer accepted")
        DECLINED = "declined", _("offer declined")
        REJECTED = "rejected", _("not successful")
        WITHDRAWN = "withdrawn", _("withdrawn")

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applications"
    )
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="applications")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.APPLIED)
    note = models.TextField(_("note to the employer"), blank=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-updated_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["student", "opportunity"], name="application_once")]

    def __str__(self) -> str:
        return f"{self.student_id} · {self.opportunity_id} · {self.status}"


class ApplicationEvent(models.Model):
    """One step of an application: a status change, a message, or both (append-only)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=12, choices=Application.Status.choices, blank=True)
    message = models.TextField(_("message"), blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.application_id} · {self.status or self.message[:20]}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Append-only: what was said and decided stays as it was."""
        if self.pk is not None:
            raise ValueError("application events are append-only")
        super().save(*args, **kwargs)


class AllocationRound(TimeStampedModel):
    """A centralised placement round of a college: students rank the round's positions, enterprises rank
    their applicants (or take the score order), the solver allocates, the college publishes."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        OPEN = "open", _("open for choices")
        CLOSED = "closed", _("choices closed")
        SOLVED = "solved", _("allocated")
        PUBLISHED = "published", _("published")

    college = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        related_name="allocation_rounds",
        verbose_name=_("college"),
    )
    name = models.CharField(_("name"), max_length=120)
    program = models.ForeignKey(
        "curriculum.Program",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="allocation_rounds",
        verbose_name=_("program"),
    )
    cohort = models.PositiveSmallIntegerField(_("cohort"), null=True, blank=True)
    max_choices = models.PositiveSmallIntegerField(
        _("choices a student may rank"), default=10, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    lottery_seed = models.PositiveIntegerField(_("lottery seed"))
    solved_at = models.DateTimeField(_("allocated at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    stability = models.JSONField(_("stability proof"), default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("allocation round")
        verbose_name_plural = _("allocation rounds")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name


class RoundPosition(models.Model):
    """An opportunity offered in a round, with the places it has there."""

    round = models.ForeignKey(AllocationRound, on_delete=models.CASCADE, related_name="positions")
    opportunity = models.ForeignKey(Opportunity, on_delete=models.PROTECT, related_name="round_positions")
    capacity = models.PositiveIntegerField(_("places"), validators=[MaxValueValidator(10_000)])
    ranked_by_enterprise = models.BooleanField(_("ranked by the enterprise"), default=False)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "opportunity"], name="round_position_once")]

    def __str__(self) -> str:
        return f"{self.round_id} · {self.opportunity_id} × {self.capacity}"


class RoundChoice(models.Model):
    """A student's ranked choice of a position in a round (1 = first choice)."""

    position = models.ForeignKey(RoundPosition, on_delete=models.CASCADE, related_name="choices")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="round_choices"
    )
    rank = models.PositiveSmallIntegerField(_("rank"))

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["student_id", "rank"]
        constraints = [models.UniqueConstraint(fields=["position", "student"], name="round_choice_once")]

    def __str__(self) -> str:
        return f"{self.student_id} → {self.position_id} #{self.rank}"


class RoundRanking(models.Model):
    """An enterprise's rank of one applicant to its position (1 = best); absent ranks mean score order."""

    position = models.ForeignKey(RoundPosition, on_delete=models.CASCADE, related_name="rankings")
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveIntegerField(_("rank"))

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["position_id", "rank"]
        constraints = [models.UniqueConstraint(fields=["position", "student"], name="round_ranking_once")]

    def __str__(self) -> str:
        return f"{self.position_id}: {self.student_id} #{self.rank}"


class RoundAssignment(models.Model):
    """Where a student is placed by a round: the solver's result or an override (append-only; the
    latest of a student counts; an override names its reason and who made it)."""

    class Source(models.TextChoices):
        SOLVER = "solver", _("allocation")
        OVERRIDE = "override", _("manual override")

    round = models.ForeignKey(AllocationRound, on_delete=models.CASCADE, related_name="assignments")
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    position = models.ForeignKey(
        RoundPosition, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    choice_rank = models.PositiveSmallIntegerField(_("choice"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["round_id", "student_id", "-at", "-id"]
        indexes = [models.Index(fields=["round", "student", "at"], name="round_assignment_latest")]

    def __str__(self) -> str:
        return f"{self.student_id} → {self.position_id} ({self.source})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Append-only: an override is a new record, the solver's result stays visible."""
        if self.pk is not None:
            raise ValueError("round assignments are append-only")
        super().save(*args, **kwargs)
