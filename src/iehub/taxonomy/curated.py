"""The curated bilingual skills file, read without Django (benchmarks, Spark workers, a fresh checkout)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from iehub.engines.extraction.lexicon import Surface
from iehub.engines.extraction.titles import OccupationForm, occupation_forms_of

CURATED_FILE = Path(__file__).resolve().parent / "data" / "curated_skills.csv"
CURATED_OCCUPATIONS_FILE = Path(__file__).resolve().parent / "data" / "occupations_cn.csv"


def curated_rows(path: Path = CURATED_FILE) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def split_list(cell: str) -> list[str]:
    """Aliases and dimensions are ``;``-separated in the file."""
    return [item.strip() for item in cell.split(";") if item.strip()]


def curated_surfaces(path: Path = CURATED_FILE) -> Iterator[Surface]:
    """Every written form of every curated skill, preferred labels first."""
    for row in curated_rows(path):
        label = row["label_en"]
        yield Surface(row["uri"], label, row["label_en"], preferred=True)
        yield Surface(row["uri"], label, row["label_zh"], preferred=True)
        for alias in [*split_list(row["aliases_en"]), *split_list(row["aliases_zh"])]:
            yield Surface(row["uri"], label, alias, preferred=False)


def curated_occupation_forms(path: Path = CURATED_OCCUPATIONS_FILE) -> Iterator[OccupationForm]:
    """Every written form of every curated occupation (labels and aliases, both languages)."""
    for row in curated_rows(path):
        aliases = split_list(row["aliases_en"]) + split_list(row["aliases_zh"])
        yield from occupation_forms_of(row["uri"], row["label_en"], row["label_zh"], aliases, curated=True)
