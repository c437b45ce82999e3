"""Writes to the taxonomy."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import transaction

from iehub.taxonomy.curated import CURATED_FILE, CURATED_OCCUPATIONS_FILE, curated_rows, split_list
from iehub.taxonomy.esco import ESCO_VERSION, EscoConcept, EscoSource, read_concepts
from iehub.taxonomy.models import Occupation, Skill, TaxonomyRelease

if TYPE_CHECKING:
    from iehub.accounts.models import User


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int


def _upsert(model: type[Skill] | type[Occupation], uri: str, values: dict[str, Any]) -> str:
    """Create the concept, or save only the fields that differ: "created", "updated" or "unchanged"."""
    manager: Any = model.objects
    concept, was_created = manager.get_or_create(uri=uri, defaults=values)
    if was_created:
        return "created"
    changed = [name for name, value in values.items() if getattr(concept, name) != value]
    if not changed:
        return "unchanged"
    for name in changed:
        setattr(concept, name, values[name])
    concept.save(update_fields=[*changed, "updated_at"])
    return "updated"


@transaction.atomic
def load_curated_skills(path: Path = CURATED_FILE) -> LoadResult:
    """Create or update the curated bilingual skills (matched by URI); running it twice changes nothing."""
    created = updated = 0
    for row in curated_rows(path):
        dimensions = set(split_list(row["dimensions"]))
        values = {
            "label_en": row["label_en"],
            "label_zh": row["label_zh"],
            "aliases_en": "\n".join(split_list(row["aliases_en"])),
            "aliases_zh": "\n".join(split_list(row["aliases_zh"])),
            "field": row["field"],
            "digital": "digital" in dimensions,
            "green": "green" in dimensions,
            "innovation": "innovation" in dimensions,
        }
        outcome = _upsert(Skill, row["uri"], values)
        created, updated = created + (outcome == "created"), updated + (outcome == "updated")
    return LoadResult(created, updated)


@dataclass(frozen=True)
class EscoImportResult:
    release: TaxonomyRelease
    already_imported: bool


def _esco_values(concept: EscoConcept, release: TaxonomyRelease) -> dict[str, object]:
    values: dict[str, object] = {
        "label_en": concept.label[:255],
        "description": concept.description,
        "search_text": concept.search_text,
        "label_exact": concept.label_exact,
        "aliases_en": "\n".join(concept.aliases),
        "release": release,
    }
    if concept.kind == "skill":
        values["skill_type"] = concept.skill_type
    return values


def _apply_esco(
    model: type[Skill] | type[Occupation], concepts: list[EscoConcept], release: TaxonomyRelease
) -> tuple[int, int]:
    """Create new concepts in bulk; on existing ones refresh only what ESCO owns.

    A concept already in the database may have been curated (Chinese labels, aliases, dimensions, a
    curated English label): those are never overwritten. ESCO's own texts are refreshed.
    """
    manager: Any = model.objects  # one code path for both models
    existing = {obj.uri: obj for obj in manager.filter(uri__in=[c.uri for c in concepts])}
    new = [model(uri=c.uri, **_esco_values(c, release)) for c in concepts if c.uri not in existing]
    manager.bulk_create(new, batch_size=2000)
    owned = ["description", "search_text", "release"] + (["skill_type"] if model is Skill else [])
    changed = []
    for concept in concepts:
        obj = existing.get(concept.uri)
        if obj is None:
            continue
        values = _esco_values(concept, release)
        for name in owned:
            setattr(obj, name, values[name])
        if not obj.aliases_en and values["aliases_en"]:
            obj.aliases_en = str(values["aliases_en"])
        changed.append(obj)
    manager.bulk_update(changed, [*owned, "aliases_en"], batch_size=2000)
    return len(new), len(changed)


@transaction.atomic
def import_esco(source: EscoSource, actor: User | None = None) -> EscoImportResult:
    """Import (or refresh) ESCO skills and occupations as one release; the same files twice change nothing."""
    checksum = source.checksum
    done = TaxonomyRelease.objects.filter(name="ESCO", checksum=checksum).first()
    if done is not None:
        return EscoImportResult(done, already_imported=True)
    concepts = list(read_concepts(source))
    release = TaxonomyRelease.objects.create(
        name="ESCO",
        version=ESCO_VERSION,
        source=source.name,
        checksum=checksum,
        imported_by=actor,
        derived_labels=sum(1 for c in concepts if not c.label_exact),
    )
    skills = [c for c in concepts if c.kind == "skill"]
    occupations = [c for c in concepts if c.kind == "occupation"]
    release.skills_created, release.skills_updated = _apply_esco(Skill, skills, release)
    release.occupations_created, release.occupations_updated = _apply_esco(Occupation, occupations, release)
    release.save()
    return EscoImportResult(release, already_imported=False)


@transaction.atomic
def load_curated_occupations(path: Path = CURATED_OCCUPATIONS_FILE) -> LoadResult:
    """Occupations with codes of the Chinese occupational classification (matched by URI; idempotent)."""
    created = updated = 0
    for row in curated_rows(path):
        values = {
            "code_cn": row["code_cn"],
            "label_zh": row["label_zh"],
            "label_en": row["label_en"],
            "aliases_zh": "\n".join(split_list(row["aliases_zh"])),
            "aliases_en": "\n".join(split_list(row["aliases_en"])),
        }
        outcome = _upsert(Occupation, row["uri"], values)
        created, updated = created + (outcome == "created"), updated + (outcome == "updated")
    return LoadResult(created, updated)
