"""Semantic and hybrid linking through the ``iehub skills link`` contract (extra ``[ml]``).

Skipped without the extra, unless ``IEHUB_REQUIRE_EXTRAS=1`` (set by ``.ci/run``) makes that a failure.
The model2vec embedder is distilled once into the cache folder (about half a minute on 2 cores).
"""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from iehub.taxonomy.actions import load_curated_skills
from tests.helpers import require_extra
from tests.taxonomy.test_skills import link

pytestmark = pytest.mark.django_db

require_extra("ml", "model2vec")


@pytest.fixture
def index(capsys):
    load_curated_skills()
    call_command("skills", "build-index", "--embedder", "model2vec")
    assert "skills embedded with model2vec" in capsys.readouterr().out


def test_a_changed_taxonomy_needs_a_new_index(monkeypatch, index):
    from iehub.taxonomy.models import Skill

    Skill.objects.filter(label_en="colour grading").update(aliases_en="colour correction\ngrading")
    with pytest.raises(CommandError, match="build-index"):
        link(monkeypatch, "colour grading\n", "--mode", "semantic")


@pytest.mark.parametrize("mode", ["semantic", "hybrid"])
def test_contract_in_semantic_modes(monkeypatch, index, mode):
    lines = link(
        monkeypatch,
        "Experience with Python and machine learning.\n\n"
        "You will fix and maintain industrial robots on the line.\n",
        "--top-k",
        "5",
        "--mode",
        mode,
    )
    assert len(lines) == 3
    for line in lines:
        assert list(line) == ["skills"] and len(line["skills"]) == 5
        scores = [s["score"] for s in line["skills"]]
        assert scores == sorted(scores, reverse=True)
        assert all(list(s) == ["uri", "label", "score"] for s in line["skills"])
    # a paraphrase with no lexicon form ("fix and maintain industrial robots") is found by meaning
    assert "industrial robot maintenance" in [s["label"] for s in lines[2]["skills"][:3]]


def test_hybrid_ranks_named_skills_first(monkeypatch, index):
    sentence = "Experience with Python and machine learning.\n"
    hybrid = link(monkeypatch, sentence, "--top-k", "3", "--mode", "hybrid")[0]["skills"]
    lexical = link(monkeypatch, sentence, "--top-k", "3", "--mode", "lexical")[0]["skills"]
    named = {s["label"] for s in lexical}
    assert {"machine learning", "Python programming"} <= named
    assert {s["label"] for s in hybrid[:2]} == {"machine learning", "Python programming"}


def test_phrase_windows_find_each_skill_of_a_long_sentence(monkeypatch, index):
    """One embedding of a long sentence averages its skills away; the windows keep each one."""
    sentence = (
        "In this role you will grade the colours of commercials, cut short videos for social media, "
        "keep the studio cameras running and program the PLC of the lighting rig.\n"
    )
    labels = [
        s["label"] for s in link(monkeypatch, sentence, "--top-k", "10", "--mode", "semantic")[0]["skills"]
    ]
    assert {"colour grading", "PLC programming"} <= set(labels)


def test_phrase_windows():
    from iehub.engines.extraction.text import phrase_windows

    assert phrase_windows("Python and SQL") == ["Python and SQL"]
    assert phrase_windows("one two three four five six") == [
        "one two three four five six",
        "one two three four",
        "three four five six",
    ]
    # Chinese runs count one token per two characters
    assert phrase_windows("熟练掌握工业机器人编程") == [
        "熟练掌握工业机器人编程",
        "熟练 掌握 工业 机器",
        "工业 机器 人编 程",
    ]
