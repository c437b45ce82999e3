"""The bilingual skills taxonomy: ESCO concepts where they exist, curated iehub skills where not.

A skill is identified by a URI (ESCO's concept URI, or ``urn:iehub:skill:…``), carries labels and
aliases in English and Chinese, and is tagged with the cross-cutting dimensions the papers insist on —
digital, green, innovation (several may apply).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from iehub.core.models import TimeStampedModel, bilingual

if TYPE_CHECKING:
    from iehub.accounts.models import User

ESCO_PREFIX = "http://data.europa.eu/esco/"


class Field(models.TextChoices):
    FILM_TV = "film_tv", _("Film and TV production")
    AI_ICT = "ai_ict", _("AI and ICT")
    SMART_MANUFACTURING = "smart_manufacturing", _("Smart manufacturing")
    CROSS_CUTTING = "cross_cutting", _("Cross-cutting")
    OTHER = "other", _("Other")


class Skill(TimeStampedModel):
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

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["label_en"]

    def __str__(self) -> str:
        return self.label_zh or self.label_en

    @property
    def display_name(self) -> str:
        return bilingual(self.label_en, self.label_zh or self.label_en)

    @property
    def is_esco(self) -> bool:
        return self.uri.startswith(ESCO_PREFIX)

    def alias_list(self, language: str) -> list[str]:
        text = self.aliases_zh if language == "zh" else self.aliases_en
        return [line.strip() for line in text.splitlines() if line.strip()]

    @classmethod
    def scope_filter(cls, user: User, action: str) -> Q | None:
        """Reference data: every signed-in person may read it; platform administrators edit it."""
        return Q() if action == "view" else None
