"""Explainable student × opportunity scores: skill coverage, related skills and preference fit.

A score is out of 100: ``SKILL_WEIGHT`` of it is skill coverage, the rest preference fit.

**Skill coverage** is the importance-weighted mean of one credit per required skill. A requirement asks
for a level ``r`` on the curriculum's 1–3 scale; a student at level ``s`` in that skill earns
``min(1, s / r)`` (full credit at or above the level, part below it). A student without the skill earns
``RELATED_CREDIT`` × the best ``similarity × min(1, s' / r)`` over the related skills they have (the
taxonomy's relations: half credit at most, because a related skill is a head start, not the skill).
Each requirement's credit is the larger of the two, and its *contribution* (points of the 100) is what
the explanation shows, so the listed skills add up to the score exactly.

**Preference fit** is the share of the preference kinds the student stated (regions, industries,
enterprise types) that the opportunity meets; a student who stated none fits everywhere.

Two forms share the rules: ``score`` for one pair with its explanation (shown to the student and the
enterprise), ``top_n`` vectorised over sparse matrices for recommendations across a whole province
(100,000 students × 5,000 opportunities in bench/matching).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
from scipy import sparse

SKILL_WEIGHT = 0.8
PREFERENCE_WEIGHT = 1.0 - SKILL_WEIGHT
RELATED_CREDIT = 0.5
LEVELS = (1, 2, 3)
PREFERENCE_KINDS = ("regions", "industries", "enterprise_types")


class Fit(StrEnum):
    """How a student meets one requirement."""

    MATCHED = "matched"
    PARTIAL = "partial"
    RELATED = "related"
    MISSING = "missing"


@dataclass(frozen=True)
class Requirement:
    """A required skill: the level asked for (1–3) and its importance (a positive weight)."""

    skill: int
    level: int
    importance: float


@dataclass(frozen=True)
class Preferences:
    """What a student said they want; empty sets mean "no preference"."""

    regions: frozenset[str] = frozenset()
    industries: frozenset[str] = frozenset()
    enterprise_types: frozenset[str] = frozenset()


@dataclass(frozen=True)
class OpportunityFacts:
    """What a score reads of an opportunity."""

    requirements: tuple[Requirement, ...]
    region: str = ""
    industry: str = ""
    enterprise_type: str = ""


@dataclass(frozen=True)
class SkillFit:
    """One line of an explanation: a requirement, what the student brings to it and the points it adds."""

    skill: int
    required_level: int
    importance: float
    student_level: float | None
    via_skill: int | None
    similarity: float
    credit: float
    points: float
    fit: Fit


@dataclass(frozen=True)
class Score:
    """A total out of 100, its two parts and the lines that produced them."""

    total: float
    skill_points: float
    preference_points: float
    skills: tuple[SkillFit, ...]
    preferences: Mapping[str, bool] = field(default_factory=dict)


def region_matches(preferred: str, region: str) -> bool:
    """A GB/T 2260 code matches a preferred one at its level: ``320000`` (a province) covers ``320102``."""
    stem = preferred.rstrip("0")
    return bool(region) and region.startswith(stem if len(stem) % 2 == 0 else stem + "0")


def preference_fit(preferences: Preferences, opportunity: OpportunityFacts) -> dict[str, bool]:
    """For each preference kind the student stated, whether the opportunity meets it."""
    fits: dict[str, bool] = {}
    if preferences.regions:
        fits["regions"] = any(region_matches(code, opportunity.region) for code in preferences.regions)
    if preferences.industries:
        fits["industries"] = opportunity.industry in preferences.industries
    if preferences.enterprise_types:
        fits["enterprise_types"] = opportunity.enterprise_type in preferences.enterprise_types
    return fits


def _direct(level: float | None, required: int) -> float:
    return min(1.0, level / required) if level else 0.0


def skill_fit(
    requirement: Requirement,
    levels: Mapping[int, float],
    related: Mapping[int, Sequence[tuple[int, float]]],
    total_importance: float,
) -> SkillFit:
    """The explanation line of one requirement for a student with ``levels`` (skill → 1–3)."""
    own = levels.get(requirement.skill)
    direct = _direct(own, requirement.level)
    best_via: int | None = None
    best_similarity = 0.0
    best_related = 0.0
    for other, similarity in related.get(requirement.skill, ()):
        candidate = RELATED_CREDIT * similarity * _direct(levels.get(other), requirement.level)
        if candidate > best_related:
            best_via, best_similarity, best_related = other, similarity, candidate
    if direct >= best_related:
        credit, via, similarity = direct, None, 0.0
        fit = Fit.MATCHED if direct >= 1.0 else Fit.PARTIAL if direct > 0 else Fit.MISSING
    else:
        credit, via, similarity, fit = best_related, best_via, best_similarity, Fit.RELATED
    points = 100.0 * SKILL_WEIGHT * requirement.importance * credit / total_importance
    return SkillFit(
        skill=requirement.skill,
        required_level=requirement.level,
        importance=requirement.importance,
        student_level=own,
        via_skill=via,
        similarity=similarity,
        credit=credit,
        points=points,
        fit=fit,
    )


def score(
    levels: Mapping[int, float],
    preferences: Preferences,
    opportunity: OpportunityFacts,
    related: Mapping[int, Sequence[tuple[int, float]]] | None = None,
) -> Score:
    """One student's score for one opportunity, with every line that produced it."""
    related = related or {}
    total_importance = sum(r.importance for r in opportunity.requirements)
    lines = tuple(
        skill_fit(requirement, levels, related, total_importance) for requirement in opportunity.requirements
    )
    # an opportunity that asks for no skill is covered by anyone: the skill part is full
    skill_points = sum(line.points for line in lines) if lines else 100.0 * SKILL_WEIGHT
    fits = preference_fit(preferences, opportunity)
    share = sum(fits.values()) / len(fits) if fits else 1.0
    preference_points = 100.0 * PREFERENCE_WEIGHT * share
    return Score(skill_points + preference_points, skill_points, preference_points, lines, fits)


# --- vectorised: many students × many opportunities -------------------------------------------------


@dataclass(frozen=True)
class Ranked:
    """Each student's best opportunities (indices into the opportunity list) and their scores."""

    opportunities: np.ndarray
    scores: np.ndarray


def _capped(matrix: sparse.csr_matrix, required: int) -> sparse.csr_matrix:
    capped = matrix.copy()
    capped.data = np.minimum(1.0, capped.data / required).astype(np.float32)
    return capped


def _related_credit(direct: sparse.csr_matrix, relations: sparse.csr_matrix) -> sparse.csr_matrix:
    """``RELATED_CREDIT × max_j similarity(k, j) × direct[:, j]`` for every student and skill k."""
    coo = direct.tocoo()
    by_source = relations.tocsr()  # row j: the skills k that j is related to, with similarity
    counts = np.diff(by_source.indptr)[coo.col]
    rows = np.repeat(coo.row, counts)
    starts = by_source.indptr[coo.col]
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    edge = np.repeat(starts, counts) + offsets
    cols = by_source.indices[edge]
    values = RELATED_CREDIT * by_source.data[edge] * np.repeat(coo.data, counts)
    if values.size == 0:
        return sparse.csr_matrix(direct.shape, dtype=np.float32)
    order = np.lexsort((-values, cols, rows))
    rows, cols, values = rows[order], cols[order], values[order]
    first = np.ones(rows.size, dtype=bool)
    first[1:] = (rows[1:] != rows[:-1]) | (cols[1:] != cols[:-1])
    return sparse.csr_matrix(
        (values[first], (rows[first], cols[first])), shape=direct.shape, dtype=np.float32
    )


def requirement_matrices(
    opportunities: Sequence[OpportunityFacts], skills: int
) -> dict[int, sparse.csc_matrix]:
    """Per required level, a skills × opportunities matrix of ``importance / total importance``."""
    entries: dict[int, tuple[list[int], list[int], list[float]]] = {r: ([], [], []) for r in LEVELS}
    for column, opportunity in enumerate(opportunities):
        total = sum(r.importance for r in opportunity.requirements)
        for requirement in opportunity.requirements:
            rows, cols, values = entries[requirement.level]
            rows.append(requirement.skill)
            cols.append(column)
            values.append(requirement.importance / total)
    return {
        level: sparse.csc_matrix(
            (np.asarray(v, dtype=np.float32), (np.asarray(r, dtype=np.int64), np.asarray(c, dtype=np.int64))),
            shape=(skills, len(opportunities)),
        )
        for level, (r, c, v) in entries.items()
    }


def _indicator(keys: Sequence[Iterable[str]], vocabulary: dict[str, int]) -> sparse.csr_matrix:
    rows, cols = [], []
    for row, values in enumerate(keys):
        for value in values:
            rows.append(row)
            cols.append(vocabulary.setdefault(value, len(vocabulary)))
    return sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(keys), max(len(vocabulary), 1))
    )


def _preference_matrices(
    preferences: Sequence[Preferences], opportunities: Sequence[OpportunityFacts]
) -> list[tuple[sparse.csr_matrix, sparse.csr_matrix]]:
    """For each kind: (students × keys, keys × opportunities) indicators whose product says "meets"."""
    pairs = []
    region_vocabulary: dict[str, int] = {}
    students = _indicator([p.regions for p in preferences], region_vocabulary)
    codes = list(region_vocabulary)
    opportunity_keys = [[code for code in codes if region_matches(code, o.region)] for o in opportunities]
    pairs.append((students, _indicator(opportunity_keys, dict(region_vocabulary)).T.tocsr()))
    for kind, attribute in (("industries", "industry"), ("enterprise_types", "enterprise_type")):
        vocabulary: dict[str, int] = {}
        students = _indicator([getattr(p, kind) for p in preferences], vocabulary)
        keys = [[getattr(o, attribute)] if getattr(o, attribute) in vocabulary else [] for o in opportunities]
        pairs.append((students, _indicator(keys, dict(vocabulary)).T.tocsr()))
    return pairs


def _best(total: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``n`` highest of each row, best first; equal scores in the lower column first."""
    if n == 0:
        return np.zeros((total.shape[0], 0), dtype=np.int64), np.zeros((total.shape[0], 0), dtype=np.float32)
    candidates = np.argpartition(-total, n - 1, axis=1)[:, :n]
    candidates = np.take_along_axis(candidates, np.argsort(candidates, axis=1), axis=1)
    values = np.take_along_axis(total, candidates, axis=1)
    ranked = np.take_along_axis(candidates, np.argsort(-values, axis=1, kind="stable"), axis=1)
    return ranked, np.take_along_axis(total, ranked, axis=1)


def top_n(
    levels: sparse.csr_matrix,
    preferences: Sequence[Preferences],
    opportunities: Sequence[OpportunityFacts],
    relations: sparse.csr_matrix | None = None,
    n: int = 20,
    chunk: int = 4096,
) -> Ranked:
    """The ``n`` best opportunities of every student (rows of ``levels``: students × skills, 1–3).

    ``relations[j, k]`` is the similarity with which skill j stands in for skill k. The arithmetic is
    ``score``'s, on sparse matrices and in chunks of students, so memory stays at ``chunk`` ×
    opportunities floats whatever the number of students; ties keep the lower opportunity index.
    """
    students, skills = levels.shape
    n = min(n, len(opportunities))
    weights = requirement_matrices(opportunities, skills)
    empty = np.asarray([not o.requirements for o in opportunities])
    kinds = _preference_matrices(preferences, opportunities)
    stated = np.zeros(students, dtype=np.float32)
    for student_keys, _ in kinds:
        stated += (student_keys.getnnz(axis=1) > 0).astype(np.float32)
    best_opportunities = np.zeros((students, n), dtype=np.int64)
    best_scores = np.zeros((students, n), dtype=np.float32)
    for start in range(0, students, chunk):
        stop = min(start + chunk, students)
        block = levels[start:stop]
        total = np.zeros((stop - start, len(opportunities)), dtype=np.float32)
        for level, weight in weights.items():
            direct = _capped(block, level)
            credit = direct
            if relations is not None:
                credit = direct.maximum(_related_credit(direct, relations))
            total += np.asarray((credit @ weight).todense(), dtype=np.float32)
        total *= 100.0 * SKILL_WEIGHT
        total[:, empty] = 100.0 * SKILL_WEIGHT
        met = np.zeros_like(total)
        for student_keys, opportunity_keys in kinds:
            met += np.asarray(((student_keys[start:stop] @ opportunity_keys) > 0).todense(), dtype=np.float32)
        share = np.divide(
            met, stated[start:stop, None], out=np.ones_like(met), where=stated[start:stop, None] > 0
        )
        total += 100.0 * PREFERENCE_WEIGHT * share
        best_opportunities[start:stop], best_scores[start:stop] = _best(total, n)
    return Ranked(best_opportunities, best_scores)
