"""Questionnaires, the links that distribute them, and the responses they collect.

A survey belongs to one college, which designs it (from a template or from scratch), sends it to
organisations or people through token links that need no login, and reads the results. Questions are
rows so that analyses, exports and the competency/KPI ties refer to stable codes; the rules of what a
valid answer is live in ``engines.questionnaire`` (one place for the answer page, imports and the API).

Versioning: once a survey has a submitted response its questions are frozen; a change makes a new
version (a copy, ``previous`` pointing back), so every response was given to the questions it is
stored with.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iehub.core.models import TimeStampedModel, bilingual
from iehub.engines import questionnaire as q


class Audience(models.TextChoices):
    ENTERPRISES = "enterprises", _("Enterprises")
    GRADUATES = "graduates", _("Graduates")
    STUDENTS = "students", _("Students")
    OTHER = "other", _("Others")


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class QuestionKind(models.TextChoices):
    SINGLE = q.SINGLE, _("Single choice")
    MULTIPLE = q.MULTIPLE, _("Multiple choice")
    LIKERT5 = q.LIKERT5, _("Likert scale (5 points)")
    LIKERT7 = q.LIKERT7, _("Likert scale (7 points)")
    MATRIX = q.MATRIX, _("Matrix of ratings")
    NUMERIC = q.NUMERIC, _("Number")
    TEXT = q.TEXT, _("Open text")
    RANKING = q.RANKING, _("Ranking")


class Indicator(models.TextChoices):
    """What a question's answers feed beyond the survey (quality indicators, the demand database)."""

    ENTERPRISE_SATISFACTION = "enterprise_satisfaction", _("Enterprise satisfaction")
    GRADUATE_RELEVANCE = "graduate_relevance", _("Graduates working in their field")
    STATED_SKILL_NEEDS = "stated_skill_needs", _("Enterprise skill needs")


class Survey(TimeStampedModel):
    """A college's questionnaire to enterprises, graduates or students."""

    college = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="+", verbose_name=_("college")
    )
    title = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    intro = models.TextField(_("introduction (Chinese)"), max_length=2000, blank=True)
    intro_en = models.TextField(_("introduction (English)"), max_length=2000, blank=True)
    audience = models.CharField(_("audience"), max_length=12, choices=Audience.choices)
    template = models.CharField(_("template"), max_length=40, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT
    )
    anonymous = models.BooleanField(
        _("anonymous"),
        default=False,
        help_text=_("Results and exports never show who answered; the links still count who has."),
    )
    closes_on = models.DateField(_("closes on"), null=True, blank=True)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    previous = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("previous version"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ("-created_at", "-pk")

    def __str__(self) -> str:
        return f"{self.display_title} (v{self.version})"

    @property
    def display_title(self) -> str:
        return bilingual(self.title_en, self.title)

    @property
    def display_intro(self) -> str:
        return bilingual(self.intro_en, self.intro)

    def accepts_answers(self, day: dt.date | None = None) -> bool:
        """Open, and not past its closing date."""
        if self.status != SurveyStatus.OPEN:
            return False
        return self.closes_on is None or (day or timezone.localdate()) <= self.closes_on


class Section(models.Model):
    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="sections", verbose_name=_("survey")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ("survey", "position")
        constraints = [
            models.UniqueConstraint(fields=("survey", "position"), name="one_section_per_position")
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        return bilingual(self.title_en, self.title)


class Question(models.Model):
    """One question; its ``code`` names its variable(s) in analyses and exports."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="questions", verbose_name=_("survey")
    )
    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="questions", verbose_name=_("section")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    code = models.SlugField(_("code"), max_length=30)
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices)
    text = models.CharField(_("question (Chinese)"), max_length=500)
    text_en = models.CharField(_("question (English)"), max_length=500, blank=True)
    required = models.BooleanField(_("required"), default=False)
    # [{"value": …, "zh": …, "en": …}] for the choice kinds; matrix rows likewise in ``items``
    options = models.JSONField(_("options"), default=list, blank=True)
    items = models.JSONField(_("matrix rows"), default=list, blank=True)
    scale = models.PositiveSmallIntegerField(_("points of the scale"), default=5)
    show_if = models.JSONField(_("shown only if"), null=True, blank=True)
    minimum = models.FloatField(_("minimum"), null=True, blank=True)
    maximum = models.FloatField(_("maximum"), null=True, blank=True)
    skill = models.ForeignKey(
        "taxonomy.Skill",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("competency"),
    )
    kpi = models.CharField(_("indicator"), max_length=40, blank=True, choices=Indicator.choices)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ("survey", "position")
        constraints = [
            models.UniqueConstraint(fields=("survey", "code"), name="one_question_per_code"),
            models.UniqueConstraint(fields=("survey", "position"), name="one_question_per_position"),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.display_text}"

    @property
    def display_text(self) -> str:
        return bilingual(self.text_en, self.text)

    def engine(self) -> q.Question:
        """The question as the questionnaire engine reads it."""
        return q.Question(
            code=self.code,
            kind=self.kind,
            required=self.required,
            options=_options(self.options),
            items=_options(self.items),
            scale=self.scale,
            show_if=self.show_if,
            minimum=self.minimum,
            maximum=self.maximum,
        )

    def display_options(self) -> list[tuple[str, str]]:
        return [(option.value, bilingual(option.en, option.zh)) for option in _options(self.options)]

    def display_items(self) -> list[tuple[str, str]]:
        return [(item.value, bilingual(item.en, item.zh)) for item in _options(self.items)]


def _options(rows: Any) -> tuple[q.Option, ...]:
    return tuple(
        q.Option(str(row["value"]), str(row.get("zh", "")), str(row.get("en", ""))) for row in rows or ()
    )


class Invitation(TimeStampedModel):
    """One token link: to an organisation, to a person, or unaddressed (handed out); one response each."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("survey")
    )
    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    label = models.CharField(_("label"), max_length=200, blank=True)
    reminders = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    reminded_at = models.DateTimeField(_("last reminded at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("survey link")
        verbose_name_plural = _("survey links")
        ordering = ("survey", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=("survey", "organization"),
                condition=models.Q(organization__isnull=False, person__isnull=True),
                name="one_link_per_survey_organisation",
            ),
            models.UniqueConstraint(
                fields=("survey", "person"),
                condition=models.Q(person__isnull=False),
                name="one_link_per_survey_person",
            ),
        ]

    def __str__(self) -> str:
        return self.addressee

    @property
    def addressee(self) -> str:
        if self.person_id:
            return str(self.person)
        if self.organization_id:
            return str(self.organization)
        return self.label or str(_("unaddressed link"))


class ResponseSource(models.TextChoices):
    LINK = "link", _("Answered through a link")
    IMPORT = "import", _("Imported")


class Response(TimeStampedModel):
    """One respondent's answers; saved partially until submitted, then final."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="responses", verbose_name=_("survey")
    )
    invitation = models.OneToOneField(
        Invitation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="response",
        verbose_name=_("survey link"),
    )
    answers = models.JSONField(_("answers"), default=dict)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    source = models.CharField(
        _("source"), max_length=6, choices=ResponseSource.choices, default=ResponseSource.LINK
    )
    row = models.PositiveIntegerField(_("row of the imported file"), null=True, blank=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ("survey", "pk")

    def __str__(self) -> str:
        return f"{self.survey} #{self.pk}"


class Code(models.Model):
    """A code of the survey's open-text coding frame (interview coding, as the papers do it)."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="codes", verbose_name=_("survey")
    )
    label = models.CharField(_("code"), max_length=80)
    description = models.CharField(_("description"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("code")
        verbose_name_plural = _("codes")
        ordering = ("survey", "label")
        constraints = [models.UniqueConstraint(fields=("survey", "label"), name="one_code_per_label")]

    def __str__(self) -> str:
        return self.label


class CodedSegment(TimeStampedModel):
    """A passage of an open answer tagged with a code."""

    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="segments", verbose_name=_("response")
    )
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="+", verbose_name=_("question")
    )
    code = models.ForeignKey(Code, on_delete=models.CASCADE, related_name="segments", verbose_name=_("code"))
    excerpt = models.CharField(_("excerpt"), max_length=1000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("coded by"),
    )

    class Meta:
        verbose_name = _("coded segment")
        verbose_name_plural = _("coded segments")
        ordering = ("response", "pk")

    def __str__(self) -> str:
        return f"{self.code}: {self.excerpt[:40]}"
