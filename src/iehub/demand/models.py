"""Job postings and the skills extracted from them."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from iehub.core.models import TimeStampedModel

if TYPE_CHECKING:
    pass


class PostingImport(TimeStampedModel):
    """One imported file: who, what, and what came of each row."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    file_name = models.CharField(_("file name"), max_length=255)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, verbose_name=_("imported by")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    processed = models.PositiveIntegerField(_("processed"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    duplicates = models.PositiveIntegerField(_("exact duplicates"), default=0)
    near_duplicates = models.PositiveIntegerField(_("near duplicates"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    stored_file = models.FileField(_("file"), upload_to="posting-imports/%Y/%m/", blank=True)
    language = models.CharField(_("report language"), max_length=10, blank=True)
    # The worker touches this while it works; an import whose heartbeat stops was lost with its worker.
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    task_id = models.CharField(_("task"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("posting import")
        verbose_name_plural = _("posting imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name

    @property
    def percent(self) -> int:
        return round(100 * self.processed / self.rows) if self.rows else 0

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def waiting_long(self) -> bool:
        """Still queued after a minute (``IEHUB_TASK_WAIT_WARNING_SECONDS``): probably no worker runs."""
        wait = dt.timedelta(seconds=float(settings.IEHUB_TASK_WAIT_WARNING_SECONDS))
        return self.status == self.Status.PENDING and self.created_at < timezone.now() - wait


class JobPosting(TimeStampedModel):
    """A job advertisement. Public labour-market information: every signed-in person may read it."""

    class Language(models.TextChoices):
        ZH = "zh", _("Chinese")
        EN = "en", _("English")

    title = models.CharField(pgettext_lazy("a job title", "title"), max_length=255)
    description = models.TextField(_("description"))
    enterprise_name = models.CharField(_("enterprise"), max_length=200, blank=True)
    enterprise = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="job_postings",
        verbose_name=_("enterprise (matched)"),
    )
    region_code = models.CharField(_("region"), max_length=6, blank=True, db_index=True)
    posted_on = models.DateField(_("posted on"), db_index=True)
    salary_min = models.PositiveIntegerField(_("minimum monthly salary"), null=True, blank=True)
    salary_max = models.PositiveIntegerField(_("maximum monthly salary"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=100, blank=True)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    content_hash = models.CharField(max_length=40, unique=True)
    batch = models.ForeignKey(
        PostingImport, on_delete=models.SET_NULL, null=True, blank=True, related_name="postings"
    )
    occupation = models.ForeignKey(
        "taxonomy.Occupation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="postings",
        verbose_name=_("occupation"),
        help_text=_("The occupation the title was normalised to."),
    )
    occupation_method = models.CharField(_("how the title was matched"), max_length=10, blank=True)
    occupation_score = models.FloatField(_("title match score"), null=True, blank=True)

    class Meta:
        verbose_name = _("job posting")
        verbose_name_plural = _("job postings")
        ordering = ["-posted_on", "id"]

    def __str__(self) -> str:
        return self.title


class PostingSkill(models.Model):
    """A skill found in a posting: where, how and how sure."""

    posting = models.ForeignKey(JobPosting, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey("taxonomy.Skill", on_delete=models.CASCADE, related_name="postings")
    surface = models.CharField(_("text found"), max_length=255)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    score = models.FloatField(_("score"))
    method = models.CharField(_("method"), max_length=10, default="lexical")

    class Meta:
        verbose_name = _("posting skill")
        verbose_name_plural = _("posting skills")
        constraints = [models.UniqueConstraint(fields=["posting", "skill"], name="uniq_posting_skill")]

    def __str__(self) -> str:
        return f"{self.posting_id} → {self.skill_id}"


class SkillAlert(TimeStampedModel):
    """A significant change in demand for a skill, with the evidence behind it (技能预警)."""

    class Direction(models.TextChoices):
        SURGE = "surge", _("Surge")
        DECLINE = "decline", _("Decline")
        EMERGING = "emerging", _("Emerging")

    skill = models.ForeignKey(
        "taxonomy.Skill", on_delete=models.PROTECT, related_name="alerts", verbose_name=_("skill")
    )
    period = models.CharField(_("period"), max_length=7)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    growth = models.FloatField(_("growth"))
    p_value = models.FloatField(_("p-value"))
    evidence = models.JSONField(_("evidence"), default=dict, blank=True)

    class Meta:
        verbose_name = _("skill alert")
        verbose_name_plural = _("skill alerts")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["skill", "period", "direction"], name="uniq_alert_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.skill} {self.period} {self.get_direction_display()}"

    @property
    def growth_percent(self) -> str:
        """ "+31%"; empty for an emerging skill, whose growth from (almost) nothing says nothing."""
        return "" if self.direction == self.Direction.EMERGING else f"{self.growth:+.0%}"


class Granularity(models.TextChoices):
    QUARTER = "quarter", _("Quarter")
    MONTH = "month", _("Month")


class Cut(models.TextChoices):
    """The breakdowns demand series are materialised for (each on its own, not crossed)."""

    ALL = "all", _("All postings")
    PROVINCE = "province", _("Province")
    INDUSTRY = "industry", _("Industry")
    OWNERSHIP = "ownership", _("Enterprise ownership")
    ENTERPRISE_NEEDS = "needs", _("Enterprise-stated needs")


class SkillDemand(models.Model):
    """Postings naming a skill in a period, for one cut (e.g. province 440000). Rebuilt by refresh."""

    skill = models.ForeignKey("taxonomy.Skill", on_delete=models.CASCADE, related_name="demand")
    granularity = models.CharField(max_length=8, choices=Granularity.choices)
    period = models.CharField(max_length=7)
    cut = models.CharField(max_length=10, choices=Cut.choices)
    value = models.CharField(max_length=20, blank=True)  # "" for the ALL cut
    count = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("skill demand")
        verbose_name_plural = _("skill demand")
        indexes = [models.Index(fields=["granularity", "cut", "value", "period"])]

    def __str__(self) -> str:
        return f"{self.skill_id} {self.period} {self.cut}={self.value}: {self.count}"


class SkillRelation(models.Model):
    """Two skills that postings name together, with how much the postings naming each overlap (Jaccard).
    Rebuilt by refresh: matching credits a skill a student has for a related one an opportunity asks."""

    skill = models.ForeignKey("taxonomy.Skill", on_delete=models.CASCADE, related_name="relations")
    related = models.ForeignKey("taxonomy.Skill", on_delete=models.CASCADE, related_name="+")
    overlap = models.FloatField(_("overlap"))

    class Meta:
        verbose_name = _("skill relation")
        verbose_name_plural = _("skill relations")
        constraints = [models.UniqueConstraint(fields=["skill", "related"], name="uniq_skill_relation")]

    def __str__(self) -> str:
        return f"{self.skill_id} ~ {self.related_id}: {self.overlap}"


class PostingVolume(models.Model):
    """All postings in a period for one cut: the denominator of shares."""

    granularity = models.CharField(max_length=8, choices=Granularity.choices)
    period = models.CharField(max_length=7)
    cut = models.CharField(max_length=10, choices=Cut.choices)
    value = models.CharField(max_length=20, blank=True)
    total = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("posting volume")
        verbose_name_plural = _("posting volumes")
        constraints = [
            models.UniqueConstraint(fields=["granularity", "period", "cut", "value"], name="uniq_volume")
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.cut}={self.value}: {self.total}"


class NeedKind(models.TextChoices):
    SKILL_NEED = "skill_need", _("Skill need")
    TECHNOLOGY_UPDATE = "technology_update", _("Technology update")


class Timeframe(models.TextChoices):
    NOW = "now", _("Now")
    WITHIN_6_MONTHS = "6m", _("Within 6 months")
    WITHIN_12_MONTHS = "12m", _("Within 12 months")
    LATER = "later", _("In 1–3 years")


class SkillNeed(TimeStampedModel):
    """What an enterprise says it needs (people with a skill) or sees coming (a technology update).

    Enters the demand series as its own cut (``Cut.ENTERPRISE_NEEDS``), weighted by headcount and
    ``IEHUB_NEED_WEIGHT``, beside — not mixed into — the counts of postings the surge detector reads.
    """

    enterprise = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="skill_needs",
    )
    skill = models.ForeignKey(
        "taxonomy.Skill", verbose_name=_("skill"), on_delete=models.PROTECT, related_name="needs"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NeedKind.choices, default=NeedKind.SKILL_NEED)
    headcount = models.PositiveIntegerField(_("headcount"), default=1)
    timeframe = models.CharField(
        _("timeframe"), max_length=8, choices=Timeframe.choices, default=Timeframe.NOW
    )
    description = models.TextField(_("description"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), on_delete=models.SET_NULL, null=True
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("enterprise skill need")
        verbose_name_plural = _("enterprise skill needs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.skill} × {self.headcount}"
