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


@dataclass(frozen=True)
class PlantedStep:
    skill: str
    period: str
    factor: float  # 1.5 = +50 %, 1 / 1.5 = the same shift down
    volume: float  # expected postings a period before the step


@dataclass
class RealisticPanel:
    rows: list[tuple[str, str, int, int]]
    steps: list[PlantedStep]
    flat_skills: list[str]  # no planted step and no trend: every step alert on them is false
    trend_skills: list[str]  # drifting ±1 % a month: neither flat nor planted
    burst_skills: list[str]  # flat, with one month of ×3 (one employer's campaign)
    late_skills: list[str]  # flat, tracked only from a month in the panel on (zeros before)


def generate_realistic_panel(
    *,
    seed: int = 0,
    n_skills: int = 1000,
    n_periods: int = 36,
    start: str = "2022-01",
    factors: tuple[float, ...] = (1.2, 1.5, 2.0, 3.0),
    steps_per_factor: int = 25,
    noise: float = 0.07,
    rho: float = 0.3,
    dispersion: float = 0.0025,
) -> RealisticPanel:
    """A harder monthly panel: 70 % of skills expect 10–5,000 postings a month (log-uniform), 30 % are a
    sparse long tail (0.3–10, many zeros); share noise is AR(1) (``noise`` marginal, lag-one ``rho``) and
    counts are negative binomial (``dispersion``: extra variance μ²·d; with the defaults high-volume shares
    swing ~8.6 % a month, as observed); 20 % of skills are seasonal
    (±15 %), 5 % trend, 5 % have a one-month burst, 5 % start mid-panel; the total grows ~1 % a month and
    jumps ×1.4 in one month (a platform's coverage changes: no share moves). Steps of each factor in
    ``factors``, up and down, ``steps_per_factor`` of each, at a month in [4, n_periods).
    """
    rng = np.random.default_rng(seed)
    first = Period.parse(start)
    periods = [Period(first.index + i, first.per_year) for i in range(n_periods)]
    names = [f"skill-{i:04d}" for i in range(n_skills)]
    long_tail = rng.random(n_skills) < 0.3
    expected = np.where(long_tail, np.exp(rng.uniform(np.log(0.3), np.log(10), n_skills)), 0.0)
    expected = np.where(long_tail, expected, np.exp(rng.uniform(np.log(10), np.log(5000), n_skills)))
    base_total = 200_000.0
    share = expected / base_total
    jump = int(rng.integers(6, n_periods - 6))
    totals = base_total * 1.01 ** np.arange(n_periods) * rng.uniform(0.95, 1.05, n_periods)
    totals[jump:] *= 1.4
    log_multiplier = np.zeros((n_skills, n_periods))
    shocks = rng.normal(0, noise * np.sqrt(1 - rho**2), (n_skills, n_periods))
    ar = np.zeros((n_skills, n_periods))
    ar[:, 0] = rng.normal(0, noise, n_skills)
    for t in range(1, n_periods):
        ar[:, t] = rho * ar[:, t - 1] + shocks[:, t]
    log_multiplier += ar - noise**2 / 2
    seasonal = rng.random(n_skills) < 0.2
    phase = rng.integers(0, 12, n_skills)
    season = np.array([p.season for p in periods])
    log_multiplier += np.where(
        seasonal[:, None], np.log1p(0.15 * np.cos(2 * np.pi * (season[None, :] - phase[:, None]) / 12)), 0.0
    )
    order = list(rng.permutation(n_skills))
    eligible = [i for i in order if not long_tail[i]]
    steps: list[PlantedStep] = []
    stepped: set[int] = set()
    for factor in factors:
        for direction in (factor, 1 / factor):
            for _ in range(steps_per_factor):
                i = eligible.pop()
                at = int(rng.integers(4, n_periods))
                log_multiplier[i, at:] += np.log(direction)
                steps.append(PlantedStep(names[i], str(periods[at]), direction, float(expected[i])))
                stepped.add(i)
    rest = [i for i in order if i not in stepped]
    portion = max(1, n_skills // 20)
    trend, burst, late = rest[:portion], rest[portion : 2 * portion], rest[2 * portion : 3 * portion]
    for i in trend:
        log_multiplier[i] += rng.choice([-1, 1]) * 0.01 * np.arange(n_periods)
    for i in burst:
        log_multiplier[i, int(rng.integers(1, n_periods - 1))] += np.log(3)
    observed = np.ones((n_skills, n_periods), dtype=bool)
    for i in late:
        observed[i, : int(rng.integers(6, 25))] = False
    mean = np.minimum(share[:, None] * np.exp(log_multiplier), 0.5) * totals[None, :]
    gamma = rng.gamma(1 / dispersion, dispersion, mean.shape)  # NB: Poisson of a gamma-mixed mean
    counts = np.where(observed, rng.poisson(mean * gamma), 0)
    totals_int = totals.astype(int)
    rows = [
        (names[i], str(periods[t]), int(counts[i, t]), int(totals_int[t]))
        for i, t in zip(*np.nonzero(counts), strict=True)
    ]
    rows += [(names[0], str(period), 0, int(totals_int[t])) for t, period in enumerate(periods)]
    flat = [names[i] for i in rest if i not in set(trend)]
    return RealisticPanel(
        rows,
        steps,
        flat,
        [names[i] for i in trend],
        [names[i] for i in burst],
        [names[i] for i in late],
    )
