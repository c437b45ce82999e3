"""Surge, decline and emergence detection on skill demand series.

A skill's *share* is its posting count over all postings of the period. Real share series are noisier
than counting noise: high-volume skills swing by ~8–9 % from month to month, and most skills have only a
handful of postings. A bare "+30 %" rule or a plain two-proportion test therefore raises mostly false
alerts. This detector:

1. compares each period with a **baseline** of up to ``baseline_periods`` previous periods (more stable than
   one previous period), adjusted for **seasonality** when two years of history show a stable pattern;
2. models counts as **negative binomial** around the baseline, with an extra-Poisson variance ``σ²``
   (relative) that is **estimated from the panel itself** (robustly, from high-volume series), plus the
   uncertainty of the baseline estimate;
3. requires **minimum support** and an observed growth over the previous period of at least
   ``threshold``;
4. controls the **false discovery rate** (Benjamini–Hochberg) across all skills tested in a period.

Skills with (almost) no history that appear with enough postings are reported as *emerging*.
Everything here is pure Python + numpy/scipy, so it runs in tests, benchmarks and Spark alike.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
from scipy import stats

from iehub.engines.periods import Period

DEFAULT_SIGMA = 0.085  # relative period-to-period share noise of high-volume skills (observed)


@dataclass(frozen=True)
class DetectorConfig:
    threshold: float = 0.30  # minimum relative change of share against the previous period
    fdr: float = 0.05  # Benjamini–Hochberg level per period
    baseline_periods: int = 4  # how many previous periods form the baseline
    min_count: int = 10  # postings in the flagged period (surge) or baseline (decline)
    min_expected: float = 5.0  # expected postings under the baseline
    emerging_max_baseline: int = 2  # at most this many postings in the whole baseline …
    emerging_min_count: int = 15  # … and at least this many now
    sigma: float | None = None  # fixed extra-Poisson noise; None = estimate from the panel
    seasonal_shrinkage: float = 60.0  # postings a seasonal factor needs to be half-trusted
    prior_weight: float = 10.0  # periods of panel-wide noise a skill's own volatility is shrunk with


@dataclass(frozen=True)
class Alert:
    skill: str
    period: str
    direction: str  # "surge" | "decline" | "emerging"
    growth: float  # relative change of share against the previous period
    p_value: float
    q_value: float
    count: int
    expected: float

    def contract(self) -> dict[str, object]:
        """The five keys of the ``iehub demand detect`` output contract."""
        return {
            "skill": self.skill,
            "period": self.period,
            "direction": self.direction,
            "growth": round(self.growth, 4),
            "p_value": float(f"{self.p_value:.4g}"),
        }


@dataclass
class Panel:
    """Counts by skill and period with the period totals, validated."""

    periods: list[Period]
    totals: np.ndarray  # postings per period
    counts: dict[str, np.ndarray] = field(default_factory=dict)  # skill → counts per period

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, str, int, int]]) -> Panel:
        """Rows of (skill, period, count, total); ``total`` must agree within a period."""
        by_period: dict[Period, int] = {}
        cells: dict[tuple[str, Period], int] = defaultdict(int)
        for skill, period_text, count, total in rows:
            period = Period.parse(period_text)
            if count < 0 or total <= 0 or count > total:
                raise ValueError(f"{skill} {period_text}: need 0 ≤ count ≤ total and total > 0")
            if by_period.setdefault(period, total) != total:
                raise ValueError(f"period {period_text}: totals differ ({by_period[period]} and {total})")
            cells[(skill, period)] += count
        if len({p.per_year for p in by_period}) > 1:
            raise ValueError("mixed quarters and months in one file")
        if not by_period:
            return cls(periods=[], totals=np.zeros(0))
        first, last = min(by_period), max(by_period)
        periods = [Period(i, first.per_year) for i in range(first.index, last.index + 1)]
        missing = [str(p) for p in periods if p not in by_period]
        if missing:
            raise ValueError(f"no total for period(s) {', '.join(missing)}")
        position = {p: i for i, p in enumerate(periods)}
        panel = cls(periods=periods, totals=np.array([by_period[p] for p in periods], dtype=float))
        for (skill, period), count in cells.items():
            panel.counts.setdefault(skill, np.zeros(len(periods)))[position[period]] = count
        return panel


def _seasonal_factors(series: np.ndarray, totals: np.ndarray, per_year: int, shrinkage: float) -> np.ndarray:
    """Per-period multiplicative seasonal factor of a skill's share (1.0 without a stable pattern).

    Needs two full years; factors are the share in each season relative to the yearly mean, shrunk
    towards 1 by the number of postings behind them, so that noise is not mistaken for seasonality.
    """
    n = len(series)
    factors = np.ones(n)
    if n < 2 * per_year:
        return factors
    share = series / totals
    for t in range(2 * per_year, n + 1):
        window = slice(t - 2 * per_year, t)
        mean_share = share[window].mean()
        if mean_share <= 0:
            continue
        if t < n:
            season_idx = [t - per_year, t - 2 * per_year]
            raw = share[season_idx].mean() / mean_share
            support = series[season_idx].sum()
            weight = support / (support + shrinkage)
            factors[t] = 1 + weight * (raw - 1)
    return factors


def _baseline(
    series: np.ndarray, totals: np.ndarray, t: int, k: int, season: np.ndarray
) -> tuple[float, float, int]:
    """Seasonally adjusted baseline share for period ``t`` from up to ``k`` previous periods.

    Returns (share, postings behind it, periods used).
    """
    start = max(0, t - k)
    prev = slice(start, t)
    adjusted = series[prev] / season[prev]
    share = adjusted.sum() / totals[prev].sum()
    return share * season[t], float(series[prev].sum()), t - start


def estimate_sigma(panel: Panel, config: DetectorConfig, min_support: int = 200) -> float:
    """Extra-Poisson relative noise of shares, from high-volume series, robust to a few real surges."""
    residuals, poisson = [], []
    k = config.baseline_periods
    for series in panel.counts.values():
        if series.sum() < min_support * len(series) / 2:
            continue
        season = _seasonal_factors(series, panel.totals, panel.periods[0].per_year, config.seasonal_shrinkage)
        for t in range(1, len(series)):
            share, support, used = _baseline(series, panel.totals, t, k, season)
            if series[t] < min_support / 4 or support <= 0 or share <= 0:
                continue
            expected = share * panel.totals[t]
            residuals.append((math.log(series[t] / expected), used))
            poisson.append(1 / series[t] + 1 / support)
    if len(residuals) < 20:
        return DEFAULT_SIGMA
    r = np.array([x for x, _ in residuals])
    periods_used = np.array([u for _, u in residuals], dtype=float)
    mad = np.median(np.abs(r - np.median(r))) * 1.4826
    extra = mad**2 - float(np.median(poisson))
    sigma2 = extra / float(np.mean(1 + 1 / periods_used))
    return float(math.sqrt(max(sigma2, 0.0004)))  # at least 2 % noise: shares are never exactly stable


def skill_volatility(
    series: np.ndarray, totals: np.ndarray, season: np.ndarray, sigma: float, config: DetectorConfig
) -> tuple[np.ndarray, np.ndarray]:
    """Relative extra-Poisson variance to use for each period of one skill.

    Some series are more volatile than the panel (unmodelled seasonality, lumpy hiring); a skill's own
    past excess variance, shrunk towards the panel's ``σ²`` with ``prior_weight`` pseudo-periods, is
    used for period ``t`` from the periods before ``t`` only — so a surge never hides itself.
    """
    n = len(series)
    variances = np.full(n, sigma**2)
    dof = np.full(n, config.prior_weight)
    excess_sum, observations = 0.0, 0
    for t in range(1, n):
        variances[t] = (config.prior_weight * sigma**2 + excess_sum) / (config.prior_weight + observations)
        dof[t] = config.prior_weight + observations
        share, support, used = _baseline(series, totals, t, config.baseline_periods, season)
        expected = share * totals[t]
        if series[t] >= 20 and support >= 20 and expected > 0:
            residual = math.log(series[t] / expected)
            poisson = 1 / series[t] + 1 / support
            excess_sum += max(residual**2 - poisson, 0.0) / (1 + 1 / used)
            observations += 1
    return np.maximum(variances, 0.5 * sigma**2), dof


def log_ratio_statistic(count: float, expected: float, support: float, extra_var: float) -> float:
    """The log ratio of ``count`` to ``expected`` over its standard error.

    The variance adds counting noise of both sides (1/count, 1/baseline postings) to the extra-Poisson
    variance; a Student-t with the volatility estimate's degrees of freedom gives the heavier tails that
    real series have (a normal or negative-binomial tail calls too many ordinary bad quarters surprising).
    """
    return math.log((count + 0.5) / (expected + 0.5)) / math.sqrt(extra_var + 1 / (count + 0.5) + 1 / support)


def log_ratio_tails(
    count: float, expected: float, support: float, extra_var: float, dof: float
) -> tuple[float, float]:
    """One-sided p-values (up, down) for ``count`` against ``expected`` on the log scale."""
    statistic = log_ratio_statistic(count, expected, support, extra_var)
    return float(stats.t.sf(statistic, dof)), float(stats.t.cdf(statistic, dof))


def emergence_p_value(count: float, baseline_count: float, total: float, baseline_total: float) -> float:
    """Exact conditional test that the rate now is no higher than in the baseline.

    Given both counts, the current one is binomial with the current share of exposure under equal
    rates; counting noise dominates at these volumes, so no overdispersion term is needed.
    """
    n = int(count + baseline_count)
    return float(stats.binom.sf(int(count) - 1, n, total / (total + baseline_total)))


def benjamini_hochberg(p_values: list[float]) -> list[float]:
    """Adjusted q-values (step-up), in the input order."""
    m = len(p_values)
    if m == 0:
        return []
    order = np.argsort(p_values)
    ranked = np.array(p_values)[order] * m / np.arange(1, m + 1)
    q = np.minimum.accumulate(ranked[::-1])[::-1].clip(max=1.0)
    result = np.empty(m)
    result[order] = q
    return result.tolist()


@dataclass
class _Candidate:
    skill: str
    direction: str
    growth: float
    p_value: float
    count: int
    expected: float


def _test_period(
    panel: Panel,
    t: int,
    sigma: float,
    config: DetectorConfig,
    seasons: dict[str, np.ndarray],
    volatility: dict[str, tuple[np.ndarray, np.ndarray]],
) -> list[_Candidate]:
    """Candidates of period ``t``. The Student-t tails of all surge and decline candidates are computed
    in one vectorised call after the loop: scalar calls into scipy were most of the detector's time."""
    total, prev_total = panel.totals[t], panel.totals[t - 1]
    candidates: list[_Candidate] = []
    pending: list[tuple[int, float, float]] = []  # (candidate index, statistic, degrees of freedom)
    for skill, series in panel.counts.items():
        count, prev = series[t], series[t - 1]
        growth = (
            (count / total) / ((prev + 0.5) / prev_total) - 1
            if prev == 0
            else (count / total) / (prev / prev_total) - 1
        )
        share, support, used = _baseline(series, panel.totals, t, config.baseline_periods, seasons[skill])
        if support <= config.emerging_max_baseline:
            if count >= config.emerging_min_count:
                exposure = panel.totals[max(0, t - used) : t].sum()
                expected = (support + 0.5) / exposure * total
                candidates.append(
                    _Candidate(
                        skill,
                        "emerging",
                        growth,
                        emergence_p_value(count, support, total, exposure),
                        int(count),
                        expected,
                    )
                )
            continue
        expected = share * total
        if expected < config.min_expected and count < config.min_count:
            continue
        if growth >= config.threshold and count >= config.min_count:
            direction = "surge"
        elif growth <= -config.threshold and support / used >= config.min_count:
            direction = "decline"
        else:
            continue
        variances, dof = volatility[skill]
        statistic = log_ratio_statistic(count, expected, support, variances[t] * (1 + 1 / used))
        pending.append((len(candidates), statistic, float(dof[t])))
        candidates.append(_Candidate(skill, direction, growth, 1.0, int(count), expected))
    if pending:
        statistics = np.array([p[1] for p in pending])
        freedoms = np.array([p[2] for p in pending])
        upper, lower = stats.t.sf(statistics, freedoms), stats.t.cdf(statistics, freedoms)
        for (index, _statistic, _dof), up, down in zip(pending, upper, lower, strict=True):
            candidate = candidates[index]
            candidate.p_value = float(up if candidate.direction == "surge" else down)
    return candidates


def tested_count(panel: Panel, t: int, config: DetectorConfig) -> int:
    """How many skills have enough volume to be tested in period ``t`` (the BH family size)."""
    n = 0
    for series in panel.counts.values():
        support = series[max(0, t - config.baseline_periods) : t].sum()
        if support > config.emerging_max_baseline or series[t] >= config.emerging_min_count:
            n += 1
    return n


def detect(panel: Panel, config: DetectorConfig | None = None) -> list[Alert]:
    """Flagged (skill, period) pairs over every period that has a previous one, in period then skill order."""
    config = config or DetectorConfig()
    if len(panel.periods) < 2:
        return []
    sigma = config.sigma if config.sigma is not None else estimate_sigma(panel, config)
    per_year = panel.periods[0].per_year
    seasons = {
        skill: _seasonal_factors(series, panel.totals, per_year, config.seasonal_shrinkage)
        for skill, series in panel.counts.items()
    }
    volatility = {
        skill: skill_volatility(series, panel.totals, seasons[skill], sigma, config)
        for skill, series in panel.counts.items()
    }
    alerts: list[Alert] = []
    for t in range(1, len(panel.periods)):
        candidates = _test_period(panel, t, sigma, config, seasons, volatility)
        family = max(tested_count(panel, t, config), len(candidates))
        # BH over the whole family: skills that could not pass the growth filter count with p = 1.
        q_values = benjamini_hochberg([c.p_value for c in candidates] + [1.0] * (family - len(candidates)))
        for candidate, q in zip(candidates, q_values, strict=False):
            if q <= config.fdr:
                alerts.append(
                    Alert(
                        candidate.skill,
                        str(panel.periods[t]),
                        candidate.direction,
                        candidate.growth,
                        candidate.p_value,
                        q,
                        candidate.count,
                        candidate.expected,
                    )
                )
    return sorted(alerts, key=lambda a: (Period.parse(a.period), a.skill))


def panel_from_counts(rows: Iterable[Mapping[str, str]]) -> Panel:
    """A panel from CSV rows with columns skill, period, count, total; bad lines are named."""
    parsed = []
    for line, row in enumerate(rows, start=2):
        try:
            parsed.append((row["skill"].strip(), row["period"], int(row["count"]), int(row["total"])))
        except (KeyError, ValueError, AttributeError) as exc:
            raise ValueError(
                f"line {line}: need columns skill, period, count, total with whole numbers"
            ) from exc
    return Panel.from_rows(parsed)


def detect_from_counts(rows: Iterable[Mapping[str, str]], threshold: float = 0.30) -> list[Alert]:
    """Convenience for CSV rows with columns skill, period, count, total."""
    return detect(panel_from_counts(rows), DetectorConfig(threshold=threshold))
