"""The semantic index's views: a skill is as close to a sentence as its closest label or alias.

A bag-of-words embedder stands in for the models (these tests need no [ml] extra): what is tested is the
index's arithmetic, not a model's judgement.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from iehub.engines.extraction import semantic
from iehub.engines.extraction.semantic import (
    SkillIndex,
    SkillText,
    link_semantic,
    similarities,
    skill_entry,
    taxonomy_fingerprint,
)


class BagOfWords:
    """Each word one dimension: the cosine of two texts is their word overlap, normalised."""

    name = "bag"

    def __init__(self, vocabulary: Sequence[str]) -> None:
        self.words = {word: i for i, word in enumerate(vocabulary)}

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        matrix = np.zeros((len(texts), len(self.words)), np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().replace(".", " ").split():
                if word in self.words:
                    matrix[row, self.words[word]] += 1
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        norms[norms == 0] = 1
        return matrix / norms


VOCABULARY = [
    "customer",
    "service",
    "care",
    "satisfaction",
    "happy",
    "weld",
    "steel",
    "metal",
    "join",
    "repair",
    "robots",
]
SKILLS = [
    skill_entry("s:service", "customer service", ["customer service", "customer care", "satisfaction"]),
    skill_entry("s:weld", "weld metal", ["weld metal", "join steel"]),
    SkillText("s:robots", "repair robots", "repair robots"),  # no views: the joined text alone
]


def test_a_skill_is_as_close_as_its_closest_view() -> None:
    embedder = BagOfWords(VOCABULARY)
    index = SkillIndex.build(SKILLS, embedder)
    assert len(index.vectors) == 4 + 3 + 1  # joined text + views, each once
    scores = similarities(index, embedder, ["join steel"], window=0)
    assert scores.shape == (1, 3)
    assert scores[0, 1] == pytest.approx(1.0)  # the alias alone, not diluted by "weld metal"
    joined_only = SkillIndex.build([SkillText(s.uri, s.label, s.text) for s in SKILLS], embedder)
    assert similarities(joined_only, embedder, ["join steel"], window=0)[0, 1] < 0.75
    [ranked] = link_semantic(index, similarities(index, embedder, ["customer satisfaction"], window=0), 2)
    assert [linked.uri for linked in ranked][:1] == ["s:service"]


def test_views_survive_saving_and_loading(tmp_path: Path) -> None:
    embedder = BagOfWords(VOCABULARY)
    index = SkillIndex.build(SKILLS, embedder)
    index.save(tmp_path)
    loaded = SkillIndex.load(tmp_path, "bag", index.fingerprint)
    assert loaded.starts is not None and list(loaded.starts) == list(index.starts)  # type: ignore[arg-type]
    sentence = ["join steel and repair robots"]
    assert np.allclose(similarities(loaded, embedder, sentence), similarities(index, embedder, sentence))


def test_an_index_saved_before_views_reads_as_one_vector_a_skill(tmp_path: Path) -> None:
    embedder = BagOfWords(VOCABULARY)
    joined = [SkillText(s.uri, s.label, s.text) for s in SKILLS]
    path = SkillIndex.path_for(tmp_path, "bag", "old")
    meta = json.dumps(
        {"uris": [s.uri for s in joined], "labels": [s.label for s in joined], "embedder": "bag"}
    )
    np.savez(path, vectors=embedder.encode([s.text for s in joined]), meta=np.array(meta))
    old = SkillIndex.load(tmp_path, "bag", "old")
    assert old.starts is None
    assert similarities(old, embedder, ["join steel"], window=0).shape == (1, 3)


def test_changed_views_change_the_fingerprint() -> None:
    """A cached index built before a view changed must not be used after."""
    changed = [*SKILLS[:1], skill_entry("s:weld", "weld metal", ["weld metal", "join metal"]), SKILLS[2]]
    assert SKILLS[1].text != changed[1].text or SKILLS[1].views != changed[1].views
    assert taxonomy_fingerprint(SKILLS) != taxonomy_fingerprint(changed)
    same_text = [*SKILLS[:1], SkillText("s:weld", "weld metal", SKILLS[1].text), SKILLS[2]]
    assert taxonomy_fingerprint(SKILLS) != taxonomy_fingerprint(same_text)


def test_only_the_nearest_skills_by_joined_text_are_raised_to_their_best_view(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Views are compared for the sentence's nearest skills only (by joined text): the rest keep the
    cosine of their joined text, which is what keeps the index's cost near one vector a skill."""
    embedder = BagOfWords(VOCABULARY)
    index = SkillIndex.build(SKILLS, embedder)
    joined_only = SkillIndex.build([SkillText(s.uri, s.label, s.text) for s in SKILLS], embedder)
    sentence = ["customer care and join steel"]
    joined = similarities(joined_only, embedder, sentence, window=0)[0]
    every_view = similarities(index, embedder, sentence, window=0)[0]
    assert (every_view >= joined).all() and (every_view > joined).sum() == 2
    monkeypatch.setattr(semantic, "VIEW_POOL", 1)
    nearest = int(np.argmax(joined))
    pooled = similarities(index, embedder, sentence, window=0)[0]
    assert pooled[nearest] == pytest.approx(every_view[nearest])
    others = [i for i in range(len(SKILLS)) if i != nearest]
    assert np.allclose(pooled[others], joined[others])
