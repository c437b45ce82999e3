"""Micro-courses (微课): the fast answer to a skill alert."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from iehub.core.models import TimeStampedModel
from iehub.curriculum.models.programs import Program


class MicroCourse(TimeStampedModel):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="micro_courses", verbose_name=_("program")
    )
    title = models.CharField(pgettext_lazy("the title of a document", "title"), max_length=200)
    skill = models.ForeignKey("taxonomy.Skill", on_delete=models.PROTECT, verbose_name=_("skill"))
    alert_assignment = models.ForeignKey(
        "curriculum.AlertAssignment",
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
