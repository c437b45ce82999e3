"""Questions and answers about operating things (software, equipment, workflow), asked by students and
answered by teachers and mentors; good answers become the FAQ of a course or a training base."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from iehub.core.models import RestrictedQuerySet, TimeStampedModel


class Question(TimeStampedModel):
    college = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="questions", verbose_name=_("college")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="questions",
        verbose_name=_("asked by"),
    )
    title = models.CharField(_("question"), max_length=200)
    body = models.TextField(_("details"), blank=True)
    course = models.ForeignKey(
        "curriculum.Course",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("course"),
    )
    project = models.ForeignKey(
        "practice.Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("project"),
    )
    base = models.ForeignKey(
        "practice.TrainingBase",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("training base"),
    )
    equipment = models.ForeignKey(
        "practice.Equipment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("equipment"),
    )
    accepted_answer = models.ForeignKey(
        "practice.Answer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted answer"),
    )
    in_faq = models.BooleanField(_("in the FAQ"), default=False)
    search_text = models.TextField(_("search terms"), blank=True, editable=False)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return self.title


class Answer(models.Model):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="answers", verbose_name=_("question")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="answers",
        verbose_name=_("answered by"),
    )
    body = models.TextField(_("answer"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ("created_at", "id")

    def __str__(self) -> str:
        return f"{self.question} · {self.author}"
