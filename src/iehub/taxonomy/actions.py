"""Writes to the taxonomy."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from iehub.taxonomy.curated import CURATED_FILE, curated_rows, split_list
from iehub.taxonomy.models import Skill


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int


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
        skill, was_created = Skill.objects.get_or_create(uri=row["uri"], defaults=values)
        if was_created:
            created += 1
            continue
        changed = [name for name, value in values.items() if getattr(skill, name) != value]
        if changed:
            for name in changed:
                setattr(skill, name, values[name])
            skill.save(update_fields=[*changed, "updated_at"])
            updated += 1
    return LoadResult(created, updated)
