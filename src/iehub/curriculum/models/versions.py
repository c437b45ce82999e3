"""Curriculum versions: courses → modules → competencies covered. A version is never edited once it
is in force; changes are made on a draft copy that a change request carries to approval."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from iehub.core.models import RestrictedQuerySet, TimeStampedModel, bilingual
from iehub.curriculum.models.matrix import Level
from iehub.curriculum.models.programs import Program


class CurriculumVersion(TimeStampedModel):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Approved, in force from its term")
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
    in_force_from = models.DateTimeField(
        _("in force since"),
        null=True,
        blank=True,
        help_text=_("For an approved version: when it takes effect."),
    )
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
