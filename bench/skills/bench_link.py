"""Lexical linking: sentences per second on 2 cores, and precision / recall on the labelled zh set.

Usage (from the repository root):
    .venv/bin/python bench/skills/bench_link.py [--sentences 200000]

Speed input: sentences generated from the curated taxonomy's forms inside realistic Chinese and English
posting phrases (seeded). Quality input: ``bench/skills/zh_dev.tsv`` (50 sentences written from demo-like
postings, labelled by hand with the curated skills' English labels). Start-up (building the automaton)
is timed separately and excluded from the rate. The lexicon is built from the curated file, no database.
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import time
from pathlib import Path

from iehub.engines.extraction.lexicon import Lexicon, rank
from iehub.taxonomy.curated import curated_surfaces

HERE = Path(__file__).resolve().parent
TEMPLATES_ZH = [
    "熟练掌握{a}，有{b}经验者优先。",
    "负责{a}相关工作，具备{b}能力。",
    "岗位要求：了解{a}和{b}，工作认真负责。",
]
TEMPLATES_EN = [
    "Experience with {a} and {b} is required.",
    "You will be responsible for {a}; {b} is a plus.",
    "Strong {a} skills and familiarity with {b}.",
]


def generated_sentences(n: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    forms = list(curated_surfaces())
    zh = [f.form for f in forms if not f.form.isascii()]
    en = [f.form for f in forms if f.form.isascii()]
    out = []
    for i in range(n):
        if i % 3 == 2:
            out.append(rng.choice(TEMPLATES_EN).format(a=rng.choice(en), b=rng.choice(en)))
        else:
            out.append(rng.choice(TEMPLATES_ZH).format(a=rng.choice(zh), b=rng.choice(en + zh)))
    return out


def quality(lexicon: Lexicon) -> tuple[float, float, int, int, int]:
    tp = fp = fn = 0
    with (HERE / "zh_dev.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            expected = set(row["expected_labels"].split(";"))
            found = {m.label for m in rank(lexicon.find(row["sentence"]), 50)}
            tp += len(expected & found)
            fp += len(found - expected)
            fn += len(expected - found)
    return tp / (tp + fp), tp / (tp + fn), tp, fp, fn


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sentences", type=int, default=200_000)
    args = parser.parse_args()
    start = time.perf_counter()
    lexicon = Lexicon(curated_surfaces())
    startup = time.perf_counter() - start
    sentences = generated_sentences(args.sentences)
    start = time.perf_counter()
    linked = sum(1 for s in sentences if rank(lexicon.find(s), 10))
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"lexicon: {lexicon.size} patterns, built in {startup * 1000:.0f} ms")
    print(
        f"speed: {len(sentences) / elapsed:,.0f} sentences/s over {len(sentences):,} sentences "
        f"({linked / len(sentences):.1%} with at least one skill), one process, peak RSS {peak:.0f} MB"
    )
    precision, recall, tp, fp, fn = quality(lexicon)
    print(f"zh dev set: precision {precision:.3f}, recall {recall:.3f} (tp {tp}, fp {fp}, fn {fn})")


if __name__ == "__main__":
    main()
