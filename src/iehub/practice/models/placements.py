"""Internships and apprenticeships (实习与现代学徒制): a placement of one student at a partner enterprise,
with its teacher and enterprise mentor, the tripartite agreement, insurance and pay that the national
rules require, and the student's logbook, co-signed by the mentor and checked for copied text."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iehub.core.models import RestrictedQuerySet, TimeStampedModel


class Placement(TimeStampedModel):
    class Kind(models.TextChoices):
        COGNITIVE = "cognitive", _("Cognitive internship (认识实习)")
        SHADOWING = "shadowing", _("Shadowing internship (跟岗实习)")
        POST = "post", _("Post internship (岗位实习)")
        APPRENTICESHIP = "apprenticeship", _("Modern apprenticeship (现代学徒制)")

    class State(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ACTIVE = "active", _("In progress")
        COMPLETED = "completed", _("Completed")
        TERMINATED = "terminated", _("Ended early")

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="placements",
        verbose_name=_("student"),
    )
    college = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        related_name="placements",
        verbose_name=_("college"),
    )
    enterprise = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        related_name="hosted_placements",
        verbose_name=_("enterprise"),
    )
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="supervised_placements",
        verbose_name=_("teacher"),
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="mentored_placements",
        verbose_name=_("enterprise mentor"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    post = models.CharField(_("post"), max_length=100)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    birth_date = models.DateField(_("student's date of birth"), null=True, blank=True)
    study_year = models.PositiveSmallIntegerField(_("year of study"), default=2)
    agreement_signed_on = models.DateField(_("tripartite agreement signed on"), null=True, blank=True)
    agreement_number = models.CharField(_("agreement number"), max_length=60, blank=True)
    insurance_policy = models.CharField(_("internship liability insurance policy"), max_length=60, blank=True)
    insurer = models.CharField(_("insurer"), max_length=100, blank=True)
    stipend_monthly = models.DecimalField(
        _("monthly pay (yuan)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    probation_wage = models.DecimalField(
        _("probation wage of the same post (yuan)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    daily_hours = models.DecimalField(_("hours a day"), max_digits=4, decimal_places=1, default=Decimal("8"))
    weekly_hours = models.DecimalField(
        _("hours a week"), max_digits=4, decimal_places=1, default=Decimal("40")
    )
    night_shifts = models.BooleanField(_("night shifts"), default=False)
    overtime = models.BooleanField(_("overtime"), default=False)
    via_agency = models.BooleanField(_("arranged through an agency"), default=False)
    work_study_schedule = models.TextField(
        _("work–study alternation"),
        blank=True,
        help_text=_("For an apprenticeship: which weeks at the college, which at the enterprise."),
    )
    off_job_hours_target = models.PositiveIntegerField(
        _("off-the-job training hours (target)"), null=True, blank=True
    )
    midterm_on = models.DateField(
        _("mid-term evaluation on"), null=True, blank=True, help_text=_("Empty: halfway through.")
    )
    final_on = models.DateField(
        _("final evaluation on"), null=True, blank=True, help_text=_("Empty: the last day.")
    )
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.PLANNED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ("-starts_on", "-id")
        indexes = [models.Index(fields=("college", "starts_on"), name="placement_college_start")]

    def __str__(self) -> str:
        return f"{self.student} · {self.enterprise} · {self.get_kind_display()}"

    @property
    def current_state(self) -> str:
        """Planned, in progress or completed by today's date; an early end is recorded as such."""
        if self.state == self.State.TERMINATED:
            return str(self.State.TERMINATED.label)
        today = timezone.localdate()
        if today < self.starts_on:
            return str(self.State.PLANNED.label)
        if today > self.ends_on:
            return str(self.State.COMPLETED.label)
        return str(self.State.ACTIVE.label)


class LogEntry(models.Model):
    """A day's or week's log, by the student; a near-copy of an earlier log is flagged, not refused."""

    class Period(models.TextChoices):
        DAY = "day", _("Daily log")
        WEEK = "week", _("Weekly log")

    placement = models.ForeignKey(
        Placement, on_delete=models.CASCADE, related_name="logs", verbose_name=_("placement")
    )
    task = models.ForeignKey(
        "practice.Task",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="logs",
        verbose_name=_("project task"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="log_entries",
        verbose_name=_("author"),
    )
    period = models.CharField(_("period"), max_length=4, choices=Period.choices, default=Period.DAY)
    day = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1, default=Decimal("8"))
    off_the_job = models.BooleanField(
        _("off-the-job training"), default=False, help_text=_("Apprentices: training away from production.")
    )
    text = models.TextField(_("log"))
    signature = models.BinaryField(_("text signature"), max_length=256, editable=False)
    similar_to = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("looks copied from"),
    )
    similarity = models.FloatField(_("similarity"), null=True, blank=True)
    co_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("co-signed by"),
    )
    co_signed_at = models.DateTimeField(_("co-signed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("log entry")
        verbose_name_plural = _("log entries")
        ordering = ("-day", "-id")
        indexes = [models.Index(fields=("placement", "day"), name="log_placement_day")]

    def __str__(self) -> str:
        return f"{self.author} · {self.day}"

    @property
    def flagged(self) -> bool:
        return self.similar_to_id is not None


class CheckIn(models.Model):
    """Attendance: the student checks in when arriving at the placement and out when leaving."""

    class Kind(models.TextChoices):
        IN = "in", _("Checked in")
        OUT = "out", _("Checked out")

    placement = models.ForeignKey(
        Placement, on_delete=models.CASCADE, related_name="check_ins", verbose_name=_("placement")
    )
    kind = models.CharField(_("kind"), max_length=3, choices=Kind.choices)
    at = models.DateTimeField(_("at"), auto_now_add=True)
    day = models.DateField(_("date"))

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ("-at", "-id")
        constraints = [
            models.UniqueConstraint(fields=("placement", "day", "kind"), name="check_in_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.placement_id} · {self.day} · {self.kind}"


class ProblemReport(models.Model):
    """A problem the student raises during the placement (safety, pay, hours, the work itself). Left
    unanswered for ``IEHUB_PROBLEM_ESCALATE_DAYS`` days it is escalated to the college's administrators."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        ESCALATED = "escalated", _("Escalated to the college")
        ANSWERED = "answered", _("Answered")

    placement = models.ForeignKey(
        Placement, on_delete=models.CASCADE, related_name="problems", verbose_name=_("placement")
    )
    text = models.TextField(_("problem"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("problem report")
        verbose_name_plural = _("problem reports")
        ordering = ("-created_at", "-id")
        indexes = [models.Index(fields=("state", "created_at"), name="problem_state_time")]

    def __str__(self) -> str:
        return f"{self.placement_id} · {self.get_state_display()}"
