"""Alignment of a curriculum with demand: coverage of each demanded skill and one score per program.

Pure functions (no Django) so the rule can be read, tested by hand and explained on the page.

Definitions (docs/curriculum.md repeats them for users):

* demand share ``s`` of a skill: postings naming it / all postings, over the last four quarters;
* growth ``g``: share in the latest quarter against the mean share of the four quarters before it, −1;
* demand weight ``w = max(s, floor) × (1 + min(max(g, 0), 1))`` — rising skills weigh up to twice as
  much; ``floor`` (= ``min_share``) only applies to the program's own profile (skills its typical work
  tasks require and its career directions name), so a task analysis counts even where postings are thin;
* required level ``r``: the highest level a typical work task asks for; ``PRACTISED`` (2) for a skill
  that only the market asks for;
* taught level ``t``: the highest level any module of the curriculum version reaches;
* coverage ``c = min(t / r, 1)``: covered (1), partially covered (0 < c < 1), not covered (0);
* **alignment score** ``A = 100 × Σ w·c / Σ w`` over the demanded skills.

Demanded skills are the program's profile plus the candidates the caller passes in ``demand`` with a
share of at least ``min_share`` (iehub passes the cross-cutting skills and the rising skills of the
program's field: a cloud program is not marked down for not teaching Hadoop, but it is told when a
skill of its field takes off). Taught skills outside that set are listed
as taught-but-not-demanded; they do not lower the score.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

DEFAULT_REQUIRED_LEVEL = 2
MIN_SHARE = 0.005
GROWTH_CAP = 1.0


class Status(StrEnum):
    COVERED = "covered"
    PARTIAL = "partial"
    NOT_COVERED = "not_covered"
    NOT_DEMANDED = "not_demanded"


@dataclass(frozen=True)
class Demand:
    share: float
    growth: float


@dataclass(frozen=True)
class SkillAlignment:
    skill: str
    share: float
    growth: float
    weight: float
    required_level: int
    taught_level: int
    coverage: float
    status: Status
    required_by_tasks: bool

    @property
    def share_percent(self) -> float:
        return round(100 * self.share, 2)


@dataclass(frozen=True)
class Alignment:
    score: float | None
    demanded: list[SkillAlignment]  # by weight, heaviest first
    not_demanded: list[SkillAlignment]

    def count(self, status: Status) -> int:
        return sum(1 for row in self.demanded if row.status == status)


def demand_weight(share: float, growth: float, floor: float = 0.0) -> float:
    return max(share, floor) * (1 + min(max(growth, 0.0), GROWTH_CAP))


def coverage(taught_level: int, required_level: int) -> float:
    return min(taught_level / required_level, 1.0) if required_level > 0 else 1.0


def status_of(cov: float) -> Status:
    if cov >= 1.0:
        return Status.COVERED
    return Status.PARTIAL if cov > 0 else Status.NOT_COVERED


def align(
    demand: Mapping[str, Demand],
    required: Mapping[str, int],
    taught: Mapping[str, int],
    min_share: float = MIN_SHARE,
    profile: frozenset[str] = frozenset(),
) -> Alignment:
    """Coverage of every demanded skill and the weighted score (see the module docstring).

    ``profile``: skills the program's career directions name; like task requirements they count
    whatever their share (with the floor weight).
    """
    core = set(required) | set(profile)
    demanded_keys = core | {key for key, d in demand.items() if d.share >= min_share}
    rows = []
    for key in demanded_keys:
        d = demand.get(key, Demand(0.0, 0.0))
        floor = min_share if key in core else 0.0
        weight = demand_weight(d.share, d.growth, floor)
        need = required.get(key, DEFAULT_REQUIRED_LEVEL)
        have = taught.get(key, 0)
        cov = coverage(have, need)
        rows.append(
            SkillAlignment(key, d.share, d.growth, weight, need, have, cov, status_of(cov), key in required)
        )
    rows.sort(key=lambda r: (-r.weight, r.skill))
    total = sum(r.weight for r in rows)
    score = round(100 * sum(r.weight * r.coverage for r in rows) / total, 1) if total > 0 else None
    extra = [
        SkillAlignment(
            key, demand.get(key, Demand(0.0, 0.0)).share, 0.0, 0.0, 0, level, 0.0, Status.NOT_DEMANDED, False
        )
        for key, level in sorted(taught.items())
        if key not in demanded_keys and level > 0
    ]
    return Alignment(score, rows, extra)


def shares_and_growth(
    counts: Mapping[str, Mapping[str, int]], totals: Mapping[str, int], periods: list[str], window: int = 4
) -> dict[str, Demand]:
    """Demand of every skill at the last of ``periods`` (chronological) from per-period counts.

    ``counts[skill][period]`` postings naming the skill; ``totals[period]`` all postings. The share is
    pooled over the last ``window`` periods; growth compares the last period with the mean share of the
    ``window`` periods before it (a skill absent before and present now grows by the cap).
    """
    recent = periods[-window:]
    latest = periods[-1:] if periods else []
    before = periods[-window - 1 : -1]
    recent_total = sum(totals.get(p, 0) for p in recent)
    result = {}
    for skill, by_period in counts.items():
        share = sum(by_period.get(p, 0) for p in recent) / recent_total if recent_total else 0.0
        latest_share = _share(by_period, totals, latest)
        before_shares = [_share(by_period, totals, [p]) for p in before]
        base = sum(before_shares) / len(before_shares) if before_shares else 0.0
        # no earlier period at all: nothing to grow from, so no growth (not the cap)
        result[skill] = Demand(share, _growth(latest_share, base) if before_shares else 0.0)
    return result


def _share(by_period: Mapping[str, int], totals: Mapping[str, int], periods: list[str]) -> float:
    total = sum(totals.get(p, 0) for p in periods)
    return sum(by_period.get(p, 0) for p in periods) / total if total else 0.0


def _growth(latest: float, base: float) -> float:
    if base > 0:
        return latest / base - 1
    return GROWTH_CAP if latest > 0 else 0.0
