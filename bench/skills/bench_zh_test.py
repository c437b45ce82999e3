"""Precision and recall of lexical linking on the zh posting test set, per field and half.

Usage (from the repository root):
    .venv/bin/python bench/skills/bench_zh_test.py [--esco] [--errors]

Input: ``bench/skills/zh_test/zh_postings.tsv`` — 300 lines of Chinese job postings (100 per field:
film & TV, AI / ICT, smart manufacturing), labelled with the curated skills' English labels by the
written guideline ``bench/skills/zh_test/GUIDELINE.md`` before the linker was run on them. Odd-numbered
lines are the dev half (the only one aliases may be taken from), even-numbered lines the test half.
A line's links are the lexical linker's top 50 skills (there is no score cut-off in lexical mode).
The lexicon is the curated taxonomy (619 skills), or with ``--esco`` the taxonomy as the database holds
it after ``skills import-esco`` too (14,408 skills; ESCO's labels are English, so they can only add
links, right or wrong, where a line has English words).
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_modes import taxonomy

from iehub.engines.extraction.lexicon import Lexicon, Surface, rank
from iehub.taxonomy.curated import curated_surfaces

TEST_SET = Path(__file__).resolve().parent / "zh_test" / "zh_postings.tsv"
FIELDS = ("film_tv", "ai_ict", "smart_manufacturing")


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    errors: list[str] = field(default_factory=list)

    def line(self, name: str) -> str:
        precision = self.tp / max(self.tp + self.fp, 1)
        recall = self.tp / max(self.tp + self.fn, 1)
        return f"| {name} | {precision:.3f} | {recall:.3f} | {self.tp} | {self.fp} | {self.fn} |"


def surfaces(with_esco: bool) -> list[Surface]:
    if not with_esco:
        return list(curated_surfaces())
    return taxonomy()[0]


def evaluate(lexicon: Lexicon) -> dict[tuple[str, str], Counts]:
    results: dict[tuple[str, str], Counts] = defaultdict(Counts)
    with TEST_SET.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            expected = {label for label in row["expected_labels"].split(";") if label}
            found = {match.label for match in rank(lexicon.find(row["sentence"]), 50)}
            for key in ((row["field"], row["half"]), ("all", row["half"])):
                counts = results[key]
                counts.tp += len(expected & found)
                counts.fp += len(found - expected)
                counts.fn += len(expected - found)
            if found != expected:
                results[(row["field"], row["half"])].errors.append(
                    f"{row['id']} {row['sentence']}\n    missed: {sorted(expected - found)}"
                    f"\n    wrong:  {sorted(found - expected)}"
                )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--esco", action="store_true", help="the curated and ESCO taxonomy")
    parser.add_argument("--errors", action="store_true", help="print every line the linker got wrong")
    parser.add_argument("--half", choices=["dev", "test"], default="dev", help="whose errors to print")
    args = parser.parse_args()
    lexicon = Lexicon(surfaces(args.esco))
    results = evaluate(lexicon)
    print(f"lexicon: {lexicon.size} patterns")
    print("| field / half | precision | recall | tp | fp | fn |")
    print("|---|---:|---:|---:|---:|---:|")
    for name in (*FIELDS, "all"):
        for half in ("dev", "test"):
            print(results[(name, half)].line(f"{name} / {half}"))
    if args.errors:
        for name in FIELDS:
            for error in results[(name, args.half)].errors:
                print(error)


if __name__ == "__main__":
    main()
