"""Explainable scores: the lines add up to the score, and the vectorised form agrees with the scalar one."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse

from iehub.engines.match_scoring import (
    Fit,
    OpportunityFacts,
    Preferences,
    Requirement,
    region_matches,
    score,
    top_n,
)

PYTHON, SQL, EXCEL, STATS = 1, 2, 3, 4
RELATED = {SQL: [(EXCEL, 0.6)]}  # a student with spreadsheets has a head start on SQL


def test_explanation_lists_exactly_the_skills_that_produced_the_score() -> None:
    opportunity = OpportunityFacts(
        requirements=(
            Requirement(PYTHON, level=2, importance=3),
            Requirement(SQL, level=2, importance=2),
            Requirement(STATS, level=3, importance=1),
        ),
        region="320102",
        industry="I",
        enterprise_type="private",
    )
    student = {PYTHON: 3.0, EXCEL: 2.0, 99: 3.0}
    result = score(student, Preferences(regions=frozenset({"320000"})), opportunity, RELATED)

    lines = {line.skill: line for line in result.skills}
    assert set(lines) == {PYTHON, SQL, STATS}
    assert lines[PYTHON].fit is Fit.MATCHED and lines[PYTHON].credit == 1.0
    assert lines[SQL].fit is Fit.RELATED and lines[SQL].via_skill == EXCEL
    assert lines[SQL].credit == pytest.approx(0.5 * 0.6 * 1.0)
    assert lines[STATS].fit is Fit.MISSING and lines[STATS].points == 0
    # 80 points of skills: python 3/6 of them, SQL 2/6 × 0.3; preferences: the one stated kind is met
    assert lines[PYTHON].points == pytest.approx(40.0)
    assert lines[SQL].points == pytest.approx(80 * 2 / 6 * 0.3)
    assert result.skill_points == pytest.approx(sum(line.points for line in result.skills))
    assert result.preferences == {"regions": True}
    assert result.total == pytest.approx(40.0 + 8.0 + 20.0)


def test_partial_level_and_unmet_preferences() -> None:
    opportunity = OpportunityFacts(
        (Requirement(PYTHON, level=3, importance=1),), region="110105", industry="C"
    )
    result = score(
        {PYTHON: 1.5}, Preferences(regions=frozenset({"320000"}), industries=frozenset({"C"})), opportunity
    )
    assert result.skills[0].fit is Fit.PARTIAL
    assert result.skill_points == pytest.approx(80 * 0.5)
    assert result.preferences == {"regions": False, "industries": True}
    assert result.preference_points == pytest.approx(10.0)


def test_no_preferences_fit_everywhere_and_no_requirements_are_covered() -> None:
    assert score({}, Preferences(), OpportunityFacts(())).total == pytest.approx(100.0)


@pytest.mark.parametrize(
    ("preferred", "region", "expected"),
    [
        ("320000", "320102", True),
        ("320100", "320102", True),
        ("320100", "320200", False),
        ("110000", "", False),
    ],
)
def test_region_codes_match_at_their_level(preferred: str, region: str, expected: bool) -> None:
    assert region_matches(preferred, region) is expected


def test_vectorised_top_n_equals_the_scalar_scores() -> None:
    rng = np.random.default_rng(7)
    skills, students, count = 30, 60, 25
    regions = ["320102", "320205", "110105", "440304"]
    opportunities = [
        OpportunityFacts(
            tuple(
                Requirement(int(k), int(rng.integers(1, 4)), float(rng.integers(1, 4)))
                for k in rng.choice(skills, size=int(rng.integers(0, 6)), replace=False)
            ),
            region=str(rng.choice(regions)),
            industry=str(rng.choice(["C", "I", "M"])),
            enterprise_type=str(rng.choice(["private", "state"])),
        )
        for _ in range(count)
    ]
    related: dict[int, list[tuple[int, float]]] = {}
    for _ in range(20):
        target, source = (int(x) for x in rng.choice(skills, size=2, replace=False))
        related.setdefault(target, []).append((source, float(rng.uniform(0.2, 1.0))))
    relation_rows = [(source, target, sim) for target, pairs in related.items() for source, sim in pairs]
    relations = sparse.csr_matrix(
        ([r[2] for r in relation_rows], ([r[0] for r in relation_rows], [r[1] for r in relation_rows])),
        shape=(skills, skills),
    )
    student_levels = []
    preferences = []
    for _ in range(students):
        chosen = rng.choice(skills, size=int(rng.integers(0, 10)), replace=False)
        student_levels.append({int(k): float(rng.choice([1.0, 1.5, 2.0, 2.5, 3.0])) for k in chosen})
        preferences.append(
            Preferences(
                regions=frozenset(rng.choice(["320000", "110000", "440300"], size=int(rng.integers(0, 2)))),
                industries=frozenset(rng.choice(["C", "I"], size=int(rng.integers(0, 2)))),
                enterprise_types=frozenset(rng.choice(["private"], size=int(rng.integers(0, 2)))),
            )
        )
    rows = [(s, k, v) for s, levels in enumerate(student_levels) for k, v in levels.items()]
    matrix = sparse.csr_matrix(
        ([r[2] for r in rows], ([r[0] for r in rows], [r[1] for r in rows])), shape=(students, skills)
    )
    ranked = top_n(matrix, preferences, opportunities, relations, n=5, chunk=16)
    for s in range(students):
        expected = [score(student_levels[s], preferences[s], o, related).total for o in opportunities]
        best = sorted(range(count), key=lambda o: (-round(expected[o], 3), o))[:5]
        assert ranked.scores[s] == pytest.approx([expected[o] for o in best], abs=1e-3)
        assert [round(expected[o], 3) for o in ranked.opportunities[s]] == [
            round(expected[o], 3) for o in best
        ]
