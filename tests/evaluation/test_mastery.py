"""Mastery methods on fixed evidence: each gives the documented score."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from iehub.engines.mastery import Method, Observation, mastery, rubric_level_to_scale

START = datetime(2026, 9, 1)


def _marks(*levels: float, weights: tuple[float, ...] | None = None) -> list[Observation]:
    weights = weights or tuple(1.0 for _ in levels)
    # given out of order on purpose: the methods order by time
    marks = [
        Observation(level, START + timedelta(days=i), weight)
        for i, (level, weight) in enumerate(zip(levels, weights, strict=True))
    ]
    return list(reversed(marks))


@pytest.mark.parametrize(
    ("method", "expected"),
    [
        (Method.WEIGHTED_MEAN, (1 * 1 + 3 * 3 + 2 * 1) / 5),
        (Method.LATEST, 2.0),
        (Method.HIGHEST, 3.0),
        (Method.DECAYING_AVERAGE, 0.65 * 2 + 0.35 * 2.0),
        (Method.N_TIMES, 2.0),
    ],
)
def test_each_method(method: Method, expected: float) -> None:
    result = mastery(_marks(1, 3, 2, weights=(1, 3, 1)), method, threshold=2.5)
    assert result.score == pytest.approx(expected)
    assert result.mastered == (expected >= 2.5)
    assert result.evidence == 3


def test_a_new_mark_changes_latest_but_not_highest() -> None:
    marks = _marks(3, 3)
    assert mastery(marks, Method.LATEST).mastered
    later = [*marks, Observation(1, START + timedelta(days=30))]
    assert not mastery(later, Method.LATEST).mastered
    assert mastery(later, Method.HIGHEST).mastered
    assert mastery(later, Method.N_TIMES, times=2).mastered
    assert not mastery(later, Method.N_TIMES, times=3).mastered


def test_no_evidence_is_not_mastered() -> None:
    assert mastery([], Method.HIGHEST) == mastery([], Method.LATEST)
    assert mastery([]).score is None and not mastery([]).mastered


def test_rubric_levels_map_onto_the_curriculum_scale() -> None:
    assert [round(rubric_level_to_scale(level, 4), 2) for level in (1, 2, 3, 4)] == [1.0, 1.67, 2.33, 3.0]
    assert rubric_level_to_scale(3, 3) == 3.0
    assert rubric_level_to_scale(1, 1) == 3.0
    with pytest.raises(ValueError):
        rubric_level_to_scale(5, 4)
