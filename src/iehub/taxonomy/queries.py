"""Reads of the taxonomy, including the lexicon the extraction engine matches against."""

from __future__ import annotations

from collections.abc import Iterator

from django.db import DatabaseError
from django.db.models import Q, QuerySet

from iehub.core.search import best_first, search_text
from iehub.engines.extraction.lexicon import Lexicon, Surface, usable_label
from iehub.engines.extraction.semantic import SkillText, skill_entry
from iehub.engines.extraction.titles import OccupationForm, TitleNormaliser, occupation_forms_of
from iehub.taxonomy.curated import curated_occupation_forms, curated_surfaces
from iehub.taxonomy.models import Occupation, Skill


def surfaces() -> Iterator[Surface]:
    """Every written form of every active skill, preferred labels first."""
    for skill in (
        Skill.objects.filter(is_active=True)
        .only("uri", "label_en", "label_zh", "aliases_en", "aliases_zh", "label_exact")
        .iterator(chunk_size=5000)
    ):
        label = skill.label_en
        if usable_label(label, skill.label_exact):
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
    """What the semantic index embeds for each active skill: labels, aliases, other published labels."""
    texts = []
    for skill in Skill.objects.filter(is_active=True).order_by("uri").iterator(chunk_size=5000):
        labels = [skill.label_en, skill.label_zh, *skill.alias_list("en"), *skill.alias_list("zh")]
        texts.append(skill_entry(skill.uri, skill.label_en, labels, skill.search_text))
    return texts


CURATED_URI_PREFIX = "urn:iehub:"


def occupation_forms() -> Iterator[OccupationForm]:
    """Every written form of every occupation in the database (labels and aliases, both languages)."""
    for occupation in Occupation.objects.only(
        "uri", "label_en", "label_zh", "aliases_en", "aliases_zh"
    ).iterator(chunk_size=5000):
        yield from occupation_forms_of(
            occupation.uri,
            occupation.label_en,
            occupation.label_zh,
            occupation.alias_list("en") + occupation.alias_list("zh"),
            curated=occupation.uri.startswith(CURATED_URI_PREFIX),
        )


def build_title_normaliser() -> TitleNormaliser:
    """Job title → occupation over the occupations in the database, or the curated file before any
    are loaded (as :func:`build_lexicon`)."""
    try:
        if Occupation.objects.exists():
            return TitleNormaliser(occupation_forms())
    except DatabaseError:
        pass
    return TitleNormaliser(curated_occupation_forms())


def search_skills(skills: QuerySet[Skill], text: str, limit: int = 20) -> list[Skill]:
    """The active skills of ``skills`` whose English or Chinese name contains ``text``, best first.

    What a skill picker asks for as the user types, so that a form never carries the whole taxonomy
    (14,408 skills after an ESCO import): an exact name first, then names that start with the text,
    then the shortest names (the most general skill). NUL bytes are dropped (PostgreSQL refuses them in
    text) and the text is cut to 100 characters; an empty text finds nothing.
    """
    text = search_text(text)
    if not text:
        return []
    return best_first(
        skills.filter(is_active=True),
        matches=Q(label_en__icontains=text) | Q(label_zh__icontains=text),
        exact=Q(label_en__iexact=text) | Q(label_zh=text),
        prefix=Q(label_en__istartswith=text) | Q(label_zh__startswith=text),
        name="label_en",
        limit=limit,
    )
