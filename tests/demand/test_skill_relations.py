"""Skill relations: counted once by the demand refresh from the postings that name skills together,
read by matching in one query whatever the number of skills or postings."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from iehub.demand import series
from iehub.demand.models import SkillRelation
from iehub.demand.series import Cooccurrence
from iehub.matching.queries import related_skills
from iehub.taxonomy.actions import load_curated_skills
from iehub.taxonomy.models import Skill
from tests.demand.test_explorer import post

pytestmark = pytest.mark.django_db


def test_overlap_is_jaccard_of_the_postings_both_ways_and_cut_to_the_closest() -> None:
    counted = Cooccurrence()
    # skill 1 in 4 postings, skill 2 in 3 of them plus 1 alone, skill 3 once with 1; 9..16 crowd skill 1
    postings = [[1, 2], [1, 2], [1, 2], [1, 3], [2]] + [[1, 8 + i] for i in range(8)]
    for posting_id, skills in enumerate(postings):
        for skill in skills:
            counted.add(posting_id, skill)
    relations = counted.relations(min_overlap=0.15, per_skill=3)
    by_skill: dict[int, list[tuple[int, float]]] = {}
    for skill, near, overlap in relations:
        by_skill.setdefault(skill, []).append((near, overlap))
    # 1 and 2 together 3 times: 3 / (12 + 4 - 3)
    assert by_skill[1][0] == (2, round(3 / 13, 3))
    assert by_skill[2] == [(1, round(3 / 13, 3))]
    assert len(by_skill[1]) == 1  # 3 and 8..15 overlap 1 / 12 with skill 1: under the bound
    assert set(by_skill) == {1, 2}
    assert all(overlap >= 0.15 for _s, _n, overlap in relations)


def test_a_posting_naming_a_skill_twice_counts_once() -> None:
    counted = Cooccurrence()
    for posting_id, skill in [(1, 5), (1, 5), (1, 6), (2, 5)]:
        counted.add(posting_id, skill)
    assert counted.relations(0.0, 5) == [(5, 6, 0.5), (6, 5, 0.5)]


def test_refresh_stores_relations_and_matching_reads_them_in_one_query(world) -> None:
    load_curated_skills()
    python = Skill.objects.get(label_en="Python programming")
    grading = Skill.objects.get(label_en="colour grading")
    sql = Skill.objects.get(label_en="SQL")
    post(30, dt.date(2025, 2, 1), [python, sql])
    post(10, dt.date(2025, 2, 1), [python], start=30)
    post(10, dt.date(2025, 2, 1), [grading], start=40)
    result = series.refresh()
    assert result.relation_rows == 2
    assert related_skills([python.pk, sql.pk, grading.pk]) == {
        python.pk: [(sql.pk, 0.75)],  # 30 / (40 + 30 - 30)
        sql.pk: [(python.pk, 0.75)],
    }
    series.refresh()  # rebuilt, not added to
    assert SkillRelation.objects.count() == 2
    with CaptureQueriesContext(connection) as captured:
        related_skills([python.pk, sql.pk, grading.pk])
    assert len(captured.captured_queries) == 1
    assert related_skills([]) == {}
