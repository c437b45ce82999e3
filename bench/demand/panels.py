"""Generated demand panels with planted surges, for tests, benchmarks and demo data.

Shares follow what real posting series look like: a few high-volume skills and a long tail of rare ones
(log-normal base shares), multiplicative period-to-period noise (default 8.5 %), seasonality for some
skills, totals that grow and dip, and counts drawn as Poisson around share × total. A planted surge
multiplies a skill's share from its period on (a level shift, as demand changes really look).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from iehub.engines.periods import Period

MONTHLY_NOISE = 0.085


@dataclass(frozen=True)
class PlantedSurge:
    skill: str
    period: str
    factor: float  # 1.3 = +30 %


@dataclass
class GeneratedPanel:
    rows: list[tuple[str, str, int, int]]  # (skill, period, count, total)
    flat_skills: list[str]
    surges: list[PlantedSurge] = field(default_factory=list)
    seasonal_skills: list[str] = field(default_factory=list)


def generate_panel(
    *,
    seed: int = 0,
    n_skills: int = 400,
    n_periods: int = 8,
    per_year: int = 4,
    start: str = "2023Q1",
    total_per_period: int = 30_000,
    noise: float | None = None,
    seasonal_fraction: float = 0.2,
    seasonal_amplitude: float = 0.15,
    surges: dict[float, int] | None = None,
    surge_min_share: float = 0.002,
) -> GeneratedPanel:
    """A panel of ``n_skills`` series; ``surges`` maps a factor (1.3, 1.5, 2.0) to how many skills get it."""
    rng = np.random.default_rng(seed)
    # Monthly shares of high-volume skills swing ~8.5 %; a quarter sums three months: 8.5 % / √3.
    noise = (
        noise
        if noise is not None
        else (MONTHLY_NOISE if per_year == 12 else MONTHLY_NOISE / np.sqrt(12 / per_year))
    )
    surges = surges if surges is not None else {1.3: 10, 1.5: 10, 2.0: 10}
    first = Period.parse(start)
    if first.per_year != per_year:
        raise ValueError("start does not match per_year")
    periods = [Period(first.index + i, per_year) for i in range(n_periods)]
    base = rng.lognormal(mean=0.0, sigma=1.6, size=n_skills)
    base = base / base.sum() * 2.5  # a posting names ~2.5 skills on average
    names = [f"skill-{i:04d}" for i in range(n_skills)]
    seasonal = rng.random(n_skills) < seasonal_fraction
    phase = rng.integers(0, per_year, n_skills)
    totals = (total_per_period * (1 + 0.05 * np.arange(n_periods)) * rng.uniform(0.9, 1.1, n_periods)).astype(
        int
    )
    multiplier = np.ones((n_skills, n_periods))
    planted: list[PlantedSurge] = []
    eligible = [i for i in rng.permutation(n_skills) if base[i] >= surge_min_share]
    for factor, how_many in surges.items():
        for _ in range(how_many):
            if not eligible:
                break
            i = eligible.pop()
            at = int(rng.integers(max(2, n_periods // 2), n_periods))
            multiplier[i, at:] *= factor
            planted.append(PlantedSurge(names[i], str(periods[at]), factor))
    surged = {p.skill for p in planted}
    rows: list[tuple[str, str, int, int]] = []
    for i, name in enumerate(names):
        for t, period in enumerate(periods):
            share = base[i] * multiplier[i, t] * rng.lognormal(-(noise**2) / 2, noise)
            if seasonal[i]:
                share *= 1 + seasonal_amplitude * np.cos(2 * np.pi * (period.season - phase[i]) / per_year)
            count = int(rng.poisson(min(share, 1.0) * totals[t]))
            if count:
                rows.append((name, str(period), count, int(totals[t])))
    # Every period needs its total even when a skill has no postings: add one row per period if absent.
    seen = {(r[1]) for r in rows}
    for t, period in enumerate(periods):
        if str(period) not in seen:
            rows.append((names[0], str(period), 0, int(totals[t])))
    flat = [n for n in names if n not in surged]
    return GeneratedPanel(rows, flat, planted, [names[i] for i in np.flatnonzero(seasonal)])
