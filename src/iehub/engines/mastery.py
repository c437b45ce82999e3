"""Mastery of one competency from its evidence: how many marks, by whom and when, make "mastered".

Evaluations are append-only, so a student's competency has a growing list of observations — each a level
on the curriculum's scale (1 introduced, 2 practised, 3 mastered), a weight (the evaluator role's weight
in the scheme) and a time. Colleges differ on how to read such a list, as Moodle and Canvas Outcomes do,
so the method is a setting:

- ``weighted_mean``: the mean of all observations, each counted by its weight;
- ``latest``: the most recent observation (what the student can do now);
- ``highest``: the best observation (what the student has shown they can do);
- ``decaying_average``: the most recent observation counts ``decay`` (default 65 %, as in Canvas), the
  mean of all earlier ones the rest — recent work matters more without one bad day deciding;
- ``n_times``: the level reached at least ``n`` times (the n-th best observation); a student masters the
  competency once they have reached the threshold n times.

A competency is mastered when its score reaches the threshold (default 3, "mastered").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

LOWEST_LEVEL = 1.0
HIGHEST_LEVEL = 3.0


class Method(StrEnum):
    """How a list of observations becomes one mastery score."""

    WEIGHTED_MEAN = "weighted_mean"
    LATEST = "latest"
    HIGHEST = "highest"
    DECAYING_AVERAGE = "decaying_average"
    N_TIMES = "n_times"


@dataclass(frozen=True)
class Observation:
    """One evaluator's mark for one competency, already on the 1–3 scale."""

    level: float
    at: datetime
    weight: float = 1.0


@dataclass(frozen=True)
class Mastery:
    """The score a method gives, whether it reaches the threshold, and how much evidence it rests on."""

    score: float | None
    mastered: bool
    evidence: int


def rubric_level_to_scale(level: int, levels: int) -> float:
    """Map level ``level`` of a rubric with ``levels`` performance levels onto the 1–3 scale.

    Linear: the lowest rubric level is 1 (introduced), the highest is 3 (mastered); a four-level rubric
    gives 1, 1.67, 2.33, 3. A rubric with one level is a pass mark: 3.
    """
    if not 1 <= level <= levels:
        raise ValueError(f"level {level} is outside 1..{levels}")
    if levels == 1:
        return HIGHEST_LEVEL
    return LOWEST_LEVEL + (HIGHEST_LEVEL - LOWEST_LEVEL) * (level - 1) / (levels - 1)


def mastery(
    observations: Sequence[Observation],
    method: Method | str = Method.WEIGHTED_MEAN,
    threshold: float = HIGHEST_LEVEL,
    *,
    decay: float = 0.65,
    times: int = 2,
) -> Mastery:
    """The mastery of one competency from its observations by ``method``."""
    method = Method(method)
    if not observations:
        return Mastery(None, False, 0)
    ordered = sorted(observations, key=lambda observation: observation.at)
    score = _score(ordered, method, decay, times)
    return Mastery(score, score is not None and score >= threshold - 1e-9, len(ordered))


def _score(ordered: Sequence[Observation], method: Method, decay: float, times: int) -> float | None:
    if method is Method.LATEST:
        return ordered[-1].level
    if method is Method.HIGHEST:
        return max(observation.level for observation in ordered)
    if method is Method.N_TIMES:
        if times < 1:
            raise ValueError("n must be at least 1")
        best = sorted((observation.level for observation in ordered), reverse=True)
        return best[times - 1] if len(best) >= times else None
    if method is Method.DECAYING_AVERAGE:
        if not 0 < decay <= 1:
            raise ValueError("decay must be in (0, 1]")
        *earlier, latest = ordered
        if not earlier:
            return latest.level
        earlier_mean = sum(observation.level for observation in earlier) / len(earlier)
        return decay * latest.level + (1 - decay) * earlier_mean
    total_weight = sum(observation.weight for observation in ordered)
    if total_weight <= 0:
        return None
    return sum(observation.level * observation.weight for observation in ordered) / total_weight
