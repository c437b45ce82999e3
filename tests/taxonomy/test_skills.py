"""Curated bilingual skills and the ``iehub skills link`` contract."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from iehub.taxonomy.actions import load_curated_skills
from iehub.taxonomy.curated import curated_surfaces
from iehub.taxonomy.models import ESCO_PREFIX, Skill

pytestmark = pytest.mark.django_db


def test_curated_skills_load_idempotently_with_bilingual_labels_and_dimensions():
    first = load_curated_skills()
    assert first.created >= 120
    assert load_curated_skills().created == 0
    assert Skill.objects.filter(label_zh="").count() == 0
    grading = Skill.objects.get(label_en="colour grading")
    assert grading.label_zh == "调色" and grading.digital and grading.uri.startswith(ESCO_PREFIX)
    assert Skill.objects.filter(green=True).count() >= 5
    assert Skill.objects.filter(innovation=True).count() >= 10
    assert Skill.objects.filter(uri__startswith=ESCO_PREFIX).count() >= 15


def link(monkeypatch, text: str, *args: str) -> list[dict]:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8")), encoding="utf-8"))
    out = StringIO()
    call_command("skills", "link", *args, stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_link_contract(monkeypatch):
    load_curated_skills()
    lines = link(
        monkeypatch,
        "熟练使用DaVinci Resolve进行调色，有虚拟制片经验者优先。\n"
        "\n"
        "Experience with Python and machine learning.\n",
        "--top-k",
        "2",
        "--mode",
        "lexical",
    )
    assert len(lines) == 3  # one answer per input line, the empty one included
    assert lines[1] == {"skills": []}
    for line in (lines[0], lines[2]):
        assert list(line) == ["skills"]
        assert len(line["skills"]) == 2
        for skill in line["skills"]:
            assert list(skill) == ["uri", "label", "score"]
        scores = [s["score"] for s in line["skills"]]
        assert scores == sorted(scores, reverse=True)
    assert {s["label"] for s in lines[2]["skills"]} == {"machine learning", "Python programming"}
    ml = next(s for s in lines[2]["skills"] if s["label"] == "machine learning")
    assert ml["uri"].startswith(ESCO_PREFIX)


def test_semantic_modes_explain_what_they_need(monkeypatch):
    with pytest.raises(CommandError, match=r"\[ml\]|build-index"):
        link(monkeypatch, "Python\n", "--mode", "semantic")
    with pytest.raises(CommandError, match="top-k"):
        link(monkeypatch, "Python\n", "--top-k", "0", "--mode", "lexical")


def test_link_works_before_the_taxonomy_is_loaded(monkeypatch):
    assert not Skill.objects.exists()
    lines = link(monkeypatch, "负责工业互联网运维\n", "--mode", "lexical")
    assert [s["label"] for s in lines[0]["skills"]] == ["industrial internet operations and maintenance"]


@pytest.mark.parametrize("mode", ["lexical", "semantic", "hybrid"])
def test_link_on_a_database_never_migrated_names_the_command(tmp_path, mode):
    """The real CLI against an empty SQLite file: one line naming the command, a non-zero exit."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        "IEHUB_CACHE_DIR": str(tmp_path),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run(
        [sys.executable, "-m", "iehub", "skills", "link", "--mode", mode],
        input="调色\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode != 0
    assert done.stderr.strip().splitlines() == [
        "CommandError: the database has no taxonomy yet; run: iehub migrate"
    ]


def test_the_zh_posting_test_set_is_well_formed():
    """bench/skills/zh_test: 100 lines per field, alternating dev and test halves, and every label a
    curated skill's English label (a label the taxonomy lost would silently count as a miss)."""
    path = Path(__file__).resolve().parents[2] / "bench" / "skills" / "zh_test" / "zh_postings.tsv"
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    labels = {surface.label for surface in curated_surfaces()}
    fields = Counter(row["field"] for row in rows)
    assert fields == {"film_tv": 100, "ai_ict": 100, "smart_manufacturing": 100}
    assert all(row["half"] == ("dev" if int(row["id"][-3:]) % 2 else "test") for row in rows)
    unknown = {label for row in rows for label in row["expected_labels"].split(";") if label} - labels
    assert unknown == set()
