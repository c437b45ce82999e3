"""Job postings and the skills extracted from them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from iehub.core.models import TimeStampedModel

if TYPE_CHECKING:
    from iehub.accounts.models import User


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

    class Meta:
        verbose_name = _("posting import")
        verbose_name_plural = _("posting imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name

    @classmethod
    def scope_filter(cls, user: User, action: str) -> Q | None:
        return Q(imported_by_id=user.pk)


class JobPosting(TimeStampedModel):
    """A job advertisement. Public labour-market information: every signed-in person may read it."""

    class Language(models.TextChoices):
        ZH = "zh", _("Chinese")
        EN = "en", _("English")

    title = models.CharField(_("title"), max_length=255)
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

    class Meta:
        verbose_name = _("job posting")
        verbose_name_plural = _("job postings")
        ordering = ["-posted_on", "id"]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def scope_filter(cls, user: User, action: str) -> Q | None:
        return Q() if action == "view" else None


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
