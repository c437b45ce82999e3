"""Programs (专业) and teaching classes: the college structure students are enrolled in."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from iehub.core.models import TimeStampedModel, bilingual
from iehub.taxonomy.models import Field


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
