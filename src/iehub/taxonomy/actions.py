"""Writes to the taxonomy."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from iehub.taxonomy.models import Skill

CURATED_FILE = Path(__file__).resolve().parent / "data" / "curated_skills.csv"


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int


@transaction.atomic
def load_curated_skills(path: Path = CURATED_FILE) -> LoadResult:
    """Create or update the curated bilingual skills (matched by URI); running it twice changes nothing."""
    created = updated = 0
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            dimensions = set(filter(None, row["dimensions"].split(";")))
            values = {
                "label_en": row["label_en"],
                "label_zh": row["label_zh"],
                "aliases_en": "\n".join(filter(None, row["aliases_en"].split(";"))),
                "aliases_zh": "\n".join(filter(None, row["aliases_zh"].split(";"))),
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
