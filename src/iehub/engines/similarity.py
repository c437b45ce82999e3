"""Near-duplicate text for logbooks: MinHash signatures stored with each text, compared in bulk.

Why MinHash and not a full comparison: a college's logs run to hundreds of thousands; a 64-value
signature per log (256 bytes) lets one new log be compared with thousands of earlier ones in one numpy
operation. Shingles are those of posting deduplication (character 3-grams for Chinese, word 3-grams for
English), so a copied log with a few words changed stays above the threshold while a log written afresh
about the same task — same vocabulary, different sentences — falls well below it.
"""

from __future__ import annotations

import numpy as np

from iehub.engines.extraction.dedupe import signature

SIGNATURE_BYTES = 64 * 4
COPY_THRESHOLD = 0.6
MIN_CHARS = 30  # shorter logs ("今天完成拍摄。") are alike by nature and are not compared


def text_signature(text: str) -> bytes:
    """The text's MinHash as 64 unsigned 32-bit values, little-endian."""
    return np.asarray(signature(text).hashvalues, dtype="<u4").tobytes()


def most_similar(new: bytes, earlier: list[tuple[int, bytes]]) -> tuple[int, float] | None:
    """The earlier text (key, estimated Jaccard similarity) most like ``new``, if any are given."""
    usable = [(key, sig) for key, sig in earlier if len(sig) == SIGNATURE_BYTES]
    if not usable or len(new) != SIGNATURE_BYTES:
        return None
    mine = np.frombuffer(new, dtype="<u4")
    theirs = np.frombuffer(b"".join(sig for _key, sig in usable), dtype="<u4").reshape(len(usable), -1)
    scores = (theirs == mine).mean(axis=1)
    best = int(scores.argmax())
    return usable[best][0], float(scores[best])
