"""Partnership depth, the cooperation ledger and consortium indicators (the partnership issue).

The partnership itself — one college, one enterprise, a status and dates — lives in ``accounts``
(``accounts.models.Partnership``): what an enterprise may see of a college follows from it, so it sits
below every domain app. This app keeps what the partners do together: the **cooperation ledger**, one
typed activity per row with its quantities and evidence files. The partnership's five cooperation
flags are derived from the ledger (``actions.sync_flags``); the depth tier is computed from it by the
pure rules of ``engines.depth``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iehub.core.models import RestrictedQuerySet, TimeStampedModel


class ActivityKind(models.TextChoices):
    """The cooperation forms of the enterprise survey and the papers, one ledger type each."""

    INTERNSHIP_HOSTING = "internship_hosting", _("Internship hosting")
    CURRICULUM = "curriculum", _("Curriculum co-development")
    TRAINING_BASE = "training_base", _("Co-built training base or centre")
    JOINT_RESEARCH = "joint_research", _("Joint R&D")
    SHARED_PLATFORM = "shared_platform", _("Shared technology platform")
    ORDER_CLASS = "order_class", _("Order class")
    APPRENTICESHIP = "apprenticeship", _("Modern apprenticeship")
    TEACHER_PRACTICE = "teacher_practice", _("Teacher enterprise practice")
    PART_TIME_TEACHING = "part_time_teaching", _("Part-time enterprise teaching")
    GUEST_LECTURE = "guest_lecture", _("Guest lecture")
    EQUIPMENT_FUNDING = "equipment_funding", _("Equipment or funding")


# One-day kinds: an empty end date means the start date (a lecture or a donation does not continue).
SINGLE_DAY_KINDS = frozenset({ActivityKind.GUEST_LECTURE, ActivityKind.EQUIPMENT_FUNDING})

# The partnership's cooperation flags (accounts.Partnership), each derived from one kind of activity.
FLAG_KINDS: dict[str, str] = {
    "internships": ActivityKind.INTERNSHIP_HOSTING,
    "curriculum": ActivityKind.CURRICULUM,
    "training_base": ActivityKind.TRAINING_BASE,
    "joint_research": ActivityKind.JOINT_RESEARCH,
    "service_platform": ActivityKind.SHARED_PLATFORM,
}


class Activity(TimeStampedModel):
    """One thing two partners did together, with what it involved: students, hours, money, equipment.

    Never deleted: a wrong entry is voided with a reason, so the ledger a report was built on stays
    readable.
    """

    class Origin(models.TextChoices):
        LEDGER = "ledger", _("Recorded in the ledger")
        FLAG = "flag", _("Carried over from a cooperation flag")

    partnership = models.ForeignKey(
        "accounts.Partnership",
        on_delete=models.CASCADE,
        related_name="activities",
        verbose_name=_("partnership"),
    )
    kind = models.CharField(_("kind"), max_length=24, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=200)
    program = models.ForeignKey(
        "curriculum.Program",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cooperation_activities",
        verbose_name=_("program"),
    )
    starts_on = models.DateField(_("starts on"))
    # Empty while the activity continues (a co-built base in use, an order class running).
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    students = models.PositiveIntegerField(_("students"), default=0)
    hours = models.DecimalField(_("hours"), max_digits=8, decimal_places=1, default=0)
    amount = models.DecimalField(_("funding (yuan)"), max_digits=14, decimal_places=2, default=0)
    equipment_value = models.DecimalField(
        _("equipment value (yuan)"), max_digits=14, decimal_places=2, default=0
    )
    description = models.TextField(_("description"), blank=True, max_length=4000)
    origin = models.CharField(_("origin"), max_length=8, choices=Origin.choices, default=Origin.LEDGER)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_for = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded for"),
    )
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("voided by"),
    )
    void_reason = models.CharField(_("reason for voiding"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("cooperation activity")
        verbose_name_plural = _("cooperation activities")
        ordering = ("-starts_on", "-pk")
        indexes = [models.Index(fields=("partnership", "starts_on"), name="activity_partnership_start")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="activity_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(hours__gte=0) & models.Q(amount__gte=0) & models.Q(equipment_value__gte=0),
                name="activity_quantities_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"

    @property
    def display_title(self) -> str:
        """The title; for an entry carried over from a flag, its kind in the reader's language."""
        return str(self.get_kind_display()) if self.origin == self.Origin.FLAG else self.title

    @property
    def is_void(self) -> bool:
        return self.voided_at is not None

    def runs_on(self, day: dt.date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)

    def clean(self) -> None:
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end date is before the start date.")})


def evidence_path(instance: Evidence, filename: str) -> str:
    """Stored under a name of our own (the original name is kept in a field, never used as a path)."""
    return (
        f"cooperation/{timezone.localdate():%Y/%m}/"
        f"{instance.activity_id}-{timezone.now():%H%M%S%f}.{instance.extension}"
    )


class UploadedDocument(models.Model):
    """What every uploaded file of this app keeps beside the file: its original name (never used as a
    path), its checked type, size, who uploaded it and when."""

    name = models.CharField(_("file name"), max_length=200)
    extension = models.CharField(_("type"), max_length=8)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name


class Evidence(UploadedDocument):
    """A file that proves an activity: an agreement, a photo, an invoice, a list of participants."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("activity")
    )
    file = models.FileField(_("file"), upload_to=evidence_path)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ("activity", "uploaded_at", "pk")


# The annual quality report's sections, in order (their text is the administrators').
REPORT_SECTIONS: tuple[tuple[str, Any], ...] = (
    ("overview", _("Overview")),
    ("cooperation", _("School–enterprise cooperation")),
    ("teaching", _("Teaching and curricula")),
    ("employment", _("Internships and employment")),
    ("outlook", _("Problems and next steps")),
)
MAX_SECTION_CHARS = 20_000


class QualityReport(TimeStampedModel):
    """A college's annual quality report: the text its administrators wrote around the generated
    figures, one per college and year (the figures are computed at export, never stored here)."""

    college = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.CASCADE,
        related_name="quality_reports",
        verbose_name=_("college"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    sections = models.JSONField(_("sections"), default=dict, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        verbose_name = _("quality report")
        verbose_name_plural = _("quality reports")
        constraints = [models.UniqueConstraint(fields=("college", "year"), name="quality_report_once")]

    def __str__(self) -> str:
        return f"{self.college} {self.year}"


class Collaboration(models.TextChoices):
    """The "four collaborations" by which consortia are judged (seed 002)."""

    EDUCATION = "education", _("Collaborative education")
    TALENT = "talent", _("Collaborative talent cultivation")
    EMPLOYMENT = "employment", _("Collaborative employment")
    DEVELOPMENT = "development", _("Collaborative development")


class CollaborationIndicator(TimeStampedModel):
    """One indicator a consortium reads under one of the four collaborations, with its own target
    (empty: the KPI's default target). A consortium without any uses the default set."""

    consortium = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.CASCADE,
        related_name="collaboration_indicators",
        verbose_name=_("consortium"),
    )
    dimension = models.CharField(_("collaboration"), max_length=12, choices=Collaboration.choices)
    kpi_key = models.CharField(_("indicator"), max_length=40)
    target = models.FloatField(_("target"), null=True, blank=True)

    class Meta:
        verbose_name = _("collaboration indicator")
        verbose_name_plural = _("collaboration indicators")
        ordering = ("consortium", "dimension", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=("consortium", "dimension", "kpi_key"), name="collaboration_indicator_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.consortium} {self.dimension} {self.kpi_key}"


class TeacherPractice(TimeStampedModel):
    """Days a teacher spent practising at an enterprise, submitted by the teacher and approved by the
    college's administrators; an approval adds the days to the teacher's total and, where the college
    and the enterprise are partners, a row to their ledger."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="enterprise_practice",
        verbose_name=_("teacher"),
    )
    college = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="+", verbose_name=_("college")
    )
    enterprise = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="+", verbose_name=_("enterprise")
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    days = models.PositiveSmallIntegerField(_("days"))
    description = models.TextField(_("what was done"), max_length=4000)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.SUBMITTED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.CharField(_("note on the decision"), max_length=300, blank=True)
    activity = models.ForeignKey(
        Activity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ledger entry"),
    )

    class Meta:
        verbose_name = _("enterprise practice")
        verbose_name_plural = _("enterprise practice")
        ordering = ("-starts_on", "-pk")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="practice_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.teacher} @ {self.enterprise} ({self.days})"


def qualification_path(instance: DualQualification, filename: str) -> str:
    """Stored under a name of our own (the original name is kept in a field, never used as a path)."""
    return (
        f"dual-qualified/{timezone.localdate():%Y/%m}/"
        f"{instance.teacher_id}-{timezone.now():%H%M%S%f}.{instance.evidence_extension}"
    )


class DualQualification(models.Model):
    """One decision on a teacher's dual-qualified status, with its basis and evidence (append-only: the
    membership's flag follows the latest)."""

    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("teacher")
    )
    college = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="+", verbose_name=_("college")
    )
    qualified = models.BooleanField(_("dual-qualified"))
    basis = models.CharField(_("basis"), max_length=300)
    evidence = models.FileField(_("evidence"), upload_to=qualification_path, blank=True)
    evidence_name = models.CharField(_("file name"), max_length=200, blank=True)
    evidence_extension = models.CharField(_("type"), max_length=8, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("dual-qualified decision")
        verbose_name_plural = _("dual-qualified decisions")
        ordering = ("-decided_at", "-pk")

    def __str__(self) -> str:
        return f"{self.teacher} {self.qualified}"


def agreement_path(instance: AgreementDocument, filename: str) -> str:
    """Stored under a name of our own (the original name is kept in a field, never used as a path)."""
    return (
        f"agreements/{timezone.localdate():%Y/%m}/"
        f"{instance.partnership_id}-{timezone.now():%H%M%S%f}.{instance.extension}"
    )


class AgreementDocument(UploadedDocument):
    """A document of the partnership agreement itself: the signed agreement, an annex, a renewal."""

    partnership = models.ForeignKey(
        "accounts.Partnership",
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("partnership"),
    )
    file = models.FileField(_("file"), upload_to=agreement_path)

    class Meta:
        verbose_name = _("agreement document")
        verbose_name_plural = _("agreement documents")
        ordering = ("partnership", "uploaded_at", "pk")


class FeedbackPulse(TimeStampedModel):
    """A college's short feedback request to its partner enterprises for one term — five questions, a
    minute to answer — so that enterprise feedback arrives each term, not once a year in a survey.

    Opening a pulse asks every enterprise the college is actively partnered with (one ``PulseRequest``
    each); unanswered requests are reminded until the pulse closes."""

    college = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="+", verbose_name=_("college")
    )
    term = models.CharField(_("term"), max_length=11)
    opens_on = models.DateField(_("opens on"), default=timezone.localdate)
    closes_on = models.DateField(_("closes on"))
    message = models.TextField(_("message to the enterprises"), max_length=1000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("opened by"),
    )

    class Meta:
        verbose_name = _("feedback pulse")
        verbose_name_plural = _("feedback pulses")
        ordering = ("-opens_on", "-pk")
        constraints = [
            models.UniqueConstraint(fields=("college", "term"), name="one_pulse_per_college_term"),
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")), name="pulse_closes_after_opening"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.college} {self.term}"

    def is_open(self, day: dt.date | None = None) -> bool:
        return (day or timezone.localdate()) <= self.closes_on


class Outlook(models.TextChoices):
    """What the enterprise means to do with the cooperation next term."""

    DEEPEN = "deepen", _("Deepen it")
    CONTINUE = "continue", _("Continue as now")
    REDUCE = "reduce", _("Reduce it")
    END = "end", _("End it")


class PulseRequest(TimeStampedModel):
    """One enterprise's part of a pulse: asked, reminded, and its answer once given (answered once)."""

    pulse = models.ForeignKey(
        FeedbackPulse, on_delete=models.CASCADE, related_name="requests", verbose_name=_("feedback pulse")
    )
    enterprise = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="+", verbose_name=_("enterprise")
    )
    reminders = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    reminded_at = models.DateTimeField(_("last reminded at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    cooperation_rating = models.PositiveSmallIntegerField(_("satisfaction with the cooperation"), null=True)
    students_rating = models.PositiveSmallIntegerField(_("students' preparation"), null=True, blank=True)
    outlook = models.CharField(_("next term"), max_length=10, choices=Outlook.choices, blank=True)
    skills_lacking = models.TextField(_("skills the students lacked"), max_length=1000, blank=True)
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    suggestion = models.ForeignKey(
        "curriculum.EnterpriseSuggestion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("curriculum suggestion"),
    )

    class Meta:
        verbose_name = _("feedback request")
        verbose_name_plural = _("feedback requests")
        ordering = ("pulse", "enterprise__code")
        constraints = [
            models.UniqueConstraint(fields=("pulse", "enterprise"), name="one_request_per_pulse_enterprise"),
            models.CheckConstraint(
                condition=models.Q(cooperation_rating__isnull=True)
                | models.Q(cooperation_rating__gte=1, cooperation_rating__lte=5),
                name="pulse_cooperation_rating_1_5",
            ),
            models.CheckConstraint(
                condition=models.Q(students_rating__isnull=True)
                | models.Q(students_rating__gte=1, students_rating__lte=5),
                name="pulse_students_rating_1_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pulse} → {self.enterprise}"

    @property
    def answered(self) -> bool:
        return self.answered_at is not None


class KpiSnapshot(models.Model):
    """One indicator's value for one college in one quarter, as measured then.

    Indicators are computed live from today's records, which cannot say what they were last year (a
    partnership ends, a teacher leaves). ``iehub partnership snapshot`` (daily) writes the current
    quarter's row over and over; the last run of a quarter stands as its value. Trends read these rows.
    """

    college = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="+", verbose_name=_("college")
    )
    key = models.CharField(_("indicator"), max_length=40)
    quarter_end = models.DateField(_("quarter ending"))
    value = models.FloatField(_("value"), null=True)
    numerator = models.PositiveIntegerField(_("numerator"))
    denominator = models.PositiveIntegerField(_("denominator"))
    taken_at = models.DateTimeField(_("measured at"), default=timezone.now)

    class Meta:
        verbose_name = _("indicator snapshot")
        verbose_name_plural = _("indicator snapshots")
        ordering = ("college", "key", "quarter_end")
        constraints = [
            models.UniqueConstraint(fields=("college", "key", "quarter_end"), name="one_snapshot_per_quarter")
        ]

    def __str__(self) -> str:
        return f"{self.college_id} {self.key} {self.quarter_end}: {self.value}"
