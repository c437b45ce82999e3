"""Reads of the taxonomy, including the lexicon the extraction engine matches against."""

from __future__ import annotations

from collections.abc import Iterator

from django.db import DatabaseError

from iehub.demand.extraction.lexicon import Lexicon, Surface
from iehub.demand.extraction.semantic import SkillText
from iehub.taxonomy.curated import curated_surfaces
from iehub.taxonomy.models import Skill


def surfaces() -> Iterator[Surface]:
    """Every written form of every active skill, preferred labels first."""
    for skill in (
        Skill.objects.filter(is_active=True)
        .only("uri", "label_en", "label_zh", "aliases_en", "aliases_zh")
        .iterator(chunk_size=5000)
    ):
        label = skill.label_en
        yield Surface(skill.uri, label, skill.label_en, preferred=True)
        if skill.label_zh:
            yield Surface(skill.uri, label, skill.label_zh, preferred=True)
        for language in ("en", "zh"):
            for alias in skill.alias_list(language):
                yield Surface(skill.uri, label, alias, preferred=False)


def build_lexicon() -> Lexicon:
    """The lexicon of the taxonomy in the database, or of the curated file where the database has none
    (a fresh checkout, before ``migrate`` and ``skills load-curated``)."""
    try:
        if Skill.objects.filter(is_active=True).exists():
            return Lexicon(surfaces())
    except DatabaseError:
        pass
    return Lexicon(curated_surfaces())


def skill_texts() -> list[SkillText]:
    """What the semantic index embeds for each active skill: labels, aliases and description."""
    texts = []
    for skill in Skill.objects.filter(is_active=True).order_by("uri").iterator(chunk_size=5000):
        parts = [skill.label_en, skill.label_zh, *skill.alias_list("en"), *skill.alias_list("zh")]
        parts.append(skill.description)
        texts.append(SkillText(skill.uri, skill.label_en, ". ".join(p for p in parts if p)))
    return texts
