"""A skill alert as one program must answer it: the inbox, the 30-day clock and the response.

Demand raises alerts (``demand.SkillAlert``); the college side answers them, so the assignment to a
program and its response live here, with the programs, micro-courses and change requests that answer.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from iehub.core.models import TimeStampedModel
from iehub.curriculum.models.programs import Program


class AlertAssignment(TimeStampedModel):
    """One alert as one program must answer it, with its 30-day response clock."""

    class State(models.TextChoices):
        NEW = "new", _("New")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        PLANNED = "planned", _("Response planned")
        DONE = "done", _("Done")

    class Response(models.TextChoices):
        MICRO_COURSE = "micro_course", _("Micro-course")
        CURRICULUM_CHANGE = "curriculum_change", _("Curriculum change")
        NO_ACTION = "no_action", _("No action")

    alert = models.ForeignKey(
        "demand.SkillAlert",
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("skill alert"),
    )
    program = models.ForeignKey(
        Program,
        on_delete=models.CASCADE,
        related_name="alert_assignments",
        verbose_name=_("program"),
    )
    college = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.CASCADE,
        related_name="alert_assignments",
        verbose_name=_("college"),
    )
    state = models.CharField(
        _("state"), max_length=14, choices=State.choices, default=State.NEW, db_index=True
    )
    due_on = models.DateField(_("due on"))
    response = models.CharField(_("response"), max_length=20, choices=Response.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    planned_at = models.DateTimeField(_("response planned at"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("handled by"),
    )

    class Meta:
        verbose_name = _("alert assignment")
        verbose_name_plural = _("alert assignments")
        ordering = ["due_on", "id"]
        constraints = [models.UniqueConstraint(fields=["alert", "program"], name="uniq_alert_program")]

    def __str__(self) -> str:
        return f"{self.alert} → {self.program}"
