"""Exact and near-duplicate detection of postings (the same ad is reposted and scraped many times).

Exact: a hash of the normalised title, enterprise and description. Near: MinHash over character 3-grams
for Chinese and word 3-grams for English, with an LSH index, at Jaccard ≈ 0.8 — reposts with a changed
date line, salary or contact person collapse; two genuinely different openings of one enterprise do not.
"""

from __future__ import annotations

import hashlib
import re

from datasketch import MinHash, MinHashLSH

from iehub.engines.extraction.text import detect_language, normalise

NUM_PERM = 64
NEAR_THRESHOLD = 0.8


def content_hash(title: str, enterprise: str, description: str) -> str:
    text = "\x1f".join(normalise(part) for part in (title, enterprise, description))
    return hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()


def shingles(text: str) -> set[str]:
    text = normalise(text)
    if detect_language(text) == "zh":
        compact = re.sub(r"\s+", "", text)
        return {compact[i : i + 3] for i in range(max(1, len(compact) - 2))}
    words = re.findall(r"\w+", text)
    return {" ".join(words[i : i + 3]) for i in range(max(1, len(words) - 2))}


def signature(text: str) -> MinHash:
    minhash = MinHash(num_perm=NUM_PERM, seed=1)
    minhash.update_batch([s.encode("utf-8") for s in shingles(text)])
    return minhash


class NearDuplicateIndex:
    """Keys whose text is a near-duplicate of an earlier one; add texts in the order they should win."""

    def __init__(self, threshold: float = NEAR_THRESHOLD) -> None:
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._signatures: dict[str, MinHash] = {}
        self.threshold = threshold

    def first_similar(self, key: str, text: str) -> str | None:
        """The key of an already indexed near-duplicate of ``text``, or ``None`` (and ``text`` is indexed)."""
        sig = signature(text)
        for other in self._lsh.query(sig):
            if sig.jaccard(self._signatures[other]) >= self.threshold:
                return str(other)
        self._lsh.insert(key, sig)
        self._signatures[key] = sig
        return None
