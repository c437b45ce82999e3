"""Typical work tasks → required competencies: the job side of the competency matrix."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from iehub.core.models import RestrictedQuerySet, TimeStampedModel, bilingual
from iehub.curriculum.models.programs import Program


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
