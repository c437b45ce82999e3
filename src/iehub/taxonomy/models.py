"""The bilingual skills taxonomy: ESCO concepts where they exist, curated iehub skills where not.

A skill is identified by a URI (ESCO's concept URI, or ``urn:iehub:skill:…``), carries labels and
aliases in English and Chinese, and is tagged with the cross-cutting dimensions the papers insist on —
digital, green, innovation (several may apply).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

from iehub.core.models import TimeStampedModel, bilingual

if TYPE_CHECKING:
    pass

ESCO_PREFIX = "http://data.europa.eu/esco/"


class Field(models.TextChoices):
    FILM_TV = "film_tv", _("Film and TV production")
    AI_ICT = "ai_ict", _("AI and ICT")
    SMART_MANUFACTURING = "smart_manufacturing", _("Smart manufacturing")
    CROSS_CUTTING = "cross_cutting", _("Cross-cutting")
    OTHER = "other", _("Other")


class BilingualConcept:
    """What skills and occupations share beyond their fields: bilingual labels, one-per-line aliases, and
    being reference data (every signed-in person reads it; platform administrators edit it)."""

    label_en: str
    label_zh: str
    aliases_en: str
    aliases_zh: str

    def __str__(self) -> str:
        return self.label_zh or self.label_en

    @property
    def display_name(self) -> str:
        return bilingual(self.label_en, self.label_zh or self.label_en)

    def alias_list(self, language: str) -> list[str]:
        text = self.aliases_zh if language == "zh" else self.aliases_en
        return [line.strip() for line in text.splitlines() if line.strip()]


class SkillType(models.TextChoices):
    SKILL = "skill", _("skill or competence")
    KNOWLEDGE = "knowledge", _("knowledge")


class TaxonomyRelease(models.Model):
    """One import of an external taxonomy (ESCO): what was read, when, by whom, with what effect.

    The checksum of the source files identifies the release, so importing the same files again is
    recognised and changes nothing.
    """

    name = models.CharField(_("taxonomy"), max_length=40)
    version = models.CharField(_("version"), max_length=40)
    source = models.CharField(_("source"), max_length=255)
    checksum = models.CharField(_("checksum"), max_length=64)
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    imported_by = models.ForeignKey(
        "accounts.User", verbose_name=_("imported by"), on_delete=models.SET_NULL, null=True, blank=True
    )
    skills_created = models.PositiveIntegerField(_("skills created"), default=0)
    skills_updated = models.PositiveIntegerField(_("skills updated"), default=0)
    occupations_created = models.PositiveIntegerField(_("occupations created"), default=0)
    occupations_updated = models.PositiveIntegerField(_("occupations updated"), default=0)
    derived_labels = models.PositiveIntegerField(_("derived labels"), default=0)

    class Meta:
        verbose_name = _("taxonomy release")
        verbose_name_plural = _("taxonomy releases")
        ordering = ["-imported_at"]
        constraints = [
            models.UniqueConstraint(fields=["name", "checksum"], name="taxonomy_release_unique_files")
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.version}"


class Skill(BilingualConcept, TimeStampedModel):
    uri = models.CharField(_("URI"), max_length=255, unique=True)
    label_en = models.CharField(_("label (English)"), max_length=255)
    label_zh = models.CharField(_("label (Chinese)"), max_length=100, blank=True)
    aliases_en = models.TextField(_("aliases (English)"), blank=True, help_text=_("One per line."))
    aliases_zh = models.TextField(_("aliases (Chinese)"), blank=True, help_text=_("One per line."))
    description = models.TextField(_("description"), blank=True)
    field = models.CharField(
        _("field"), max_length=24, choices=Field.choices, default=Field.OTHER, db_index=True
    )
    digital = models.BooleanField(_("digital"), default=False)
    green = models.BooleanField(_("green"), default=False)
    innovation = models.BooleanField(_("innovation"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    skill_type = models.CharField(_("skill type"), max_length=12, choices=SkillType.choices, blank=True)
    search_text = models.TextField(
        _("other published labels"),
        blank=True,
        help_text=_("Alternative labels as the source publishes them; searched, not shown."),
    )
    label_exact = models.BooleanField(
        _("label as published"),
        default=True,
        help_text=_("Unticked where the English label was derived from the source's glued text."),
    )
    release = models.ForeignKey(
        "TaxonomyRelease",
        verbose_name=_("release"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="skills",
    )

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["label_en"]

    @property
    def is_esco(self) -> bool:
        return self.uri.startswith(ESCO_PREFIX)


class Occupation(BilingualConcept, TimeStampedModel):
    """An occupation (ESCO, with the code of the Chinese occupational classification where known).

    Job titles of postings are normalised to occupations; programs' career directions point at them.
    """

    uri = models.CharField(_("URI"), max_length=255, unique=True)
    label_en = models.CharField(_("label (English)"), max_length=255)
    label_zh = models.CharField(_("label (Chinese)"), max_length=100, blank=True)
    aliases_en = models.TextField(_("aliases (English)"), blank=True, help_text=_("One per line."))
    aliases_zh = models.TextField(_("aliases (Chinese)"), blank=True, help_text=_("One per line."))
    description = models.TextField(_("description"), blank=True)
    search_text = models.TextField(_("other published labels"), blank=True)
    label_exact = models.BooleanField(_("label as published"), default=True)
    code_cn = models.CharField(
        _("Chinese occupation code"),
        max_length=16,
        blank=True,
        db_index=True,
        help_text=_("Code in the Occupational Classification of the PRC (职业分类大典), e.g. 4-04-05-05."),
    )
    release = models.ForeignKey(
        TaxonomyRelease,
        verbose_name=_("release"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="occupations",
    )

    class Meta:
        verbose_name = _("occupation")
        verbose_name_plural = _("occupations")
        ordering = ["label_en"]
