"""Surge, decline and emergence detection on skill demand series: a change-point scan.

A skill's *share* is its posting count over all postings of the period; a change in the total alone
(a platform's coverage grows) moves no share. Real share series are noisier than counting noise:
high-volume skills swing by ~8–9 % from month to month, the swings are correlated from one month to the
next, some skills are seasonal, a single employer's campaign makes one-period bursts, and most skills
have only a handful of postings. What colleges need to hear about are *persistent* level shifts.

The detector, vectorised over all series at once (no Python loop per series or period):

1. **Seasonality**: with two years of a series, its month-of-year (quarter) effect on the log share
   around a centred one-year running median, shrunk towards none by the postings behind it.
2. **Noise**: per-period log shares vary by counting noise (1/count) plus extra-Poisson noise σ² with
   lag-one autocorrelation ρ, both estimated robustly (medians of lag-1 and lag-2 differences) from the
   high-volume series of the panel; each skill's own σ² is shrunk towards the panel's with
   ``prior_weight`` pseudo-periods. Medians make the estimate blind to one step or one burst.
3. **Bursts** are cut back: a period more than ``burst_sd`` standard deviations from the median of it
   and its neighbours is pulled to that bound (a step survives a running median; a one-period spike
   does not). The newest period has no right neighbour and is never cut.
4. **Scan**: for every series and every break position τ with at least ``min_before`` periods before
   and one after, the log ratio of the pooled share after to the pooled share before, over its standard
   error (counting noise of both sides + σ² times the variance factor of an AR(1) mean of each side);
   the position with the largest |z| is the candidate break. Its p-value is the Student-t tail
   (degrees of freedom of the skill's noise estimate), two-sided, times the number of positions scanned
   (Bonferroni over positions: valid whatever the correlation between them).
5. **FDR**: Benjamini–Hochberg over all series scanned and all emergence tests. A series with a
   significant break is scanned again on each side of it (binary segmentation, up to ``max_breaks``),
   at the p-value cut-off the first round reached.
6. An alert also needs a practical size (``threshold``: the level after over the level before, ±) and
   support (``min_count`` postings on the higher side).

Skills with (almost) no history that appear with enough postings are reported as *emerging* (an exact
binomial test). Each alert carries its evidence: the break period, the share before and after with 95 %
intervals, the test and its adjusted p-value. Measured in ``bench/demand`` (power by shift size and
volume, false alerts per 100 flat series, time); pure numpy/scipy, so it runs in tests, benches and Spark.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from scipy import stats

from iehub.engines.periods import Period

DEFAULT_SIGMA = 0.085  # relative period-to-period share noise of high-volume skills (observed)
MEDIAN_CHI2_1 = 0.4549364  # the median of a χ²(1) variable: median(d²) / this estimates Var(d)
TEST_NAME = "change-point scan, log share ratio, AR(1) overdispersion, Bonferroni over positions"


@dataclass(frozen=True)
class DetectorConfig:
    threshold: float = 0.20  # minimum relative change of the share level after the break against before
    fdr: float = 0.05  # Benjamini–Hochberg level over all series (and emergence tests)
    min_before: int = 3  # periods a level must have been seen before a break
    max_breaks: int = 3  # breaks per series (binary segmentation)
    min_count: int = 10  # postings on the higher side of a break (after a surge, before a decline)
    emerging_window: int = 4  # periods of (almost) no postings before an emerging skill …
    emerging_max_baseline: int = 2  # … at most this many postings in them …
    emerging_min_count: int = 15  # … and at least this many now
    sigma: float | None = None  # fixed extra-Poisson noise; None = estimate from the panel
    rho: float | None = None  # fixed lag-one autocorrelation of that noise; None = estimate
    seasonal_shrinkage: float = 60.0  # postings a seasonal effect needs to be half-trusted
    prior_weight: float = 10.0  # periods of panel-wide noise a skill's own volatility is shrunk with
    burst_sd: float = 3.5  # how far from its neighbours' median a period may be before it is cut back


@dataclass(frozen=True)
class Level:
    """A skill's pooled share over a run of periods, with its 95 % interval."""

    share: float
    low: float
    high: float
    postings: int
    periods: int


@dataclass(frozen=True)
class Alert:
    skill: str
    period: str
    direction: str  # "surge" | "decline" | "emerging"
    growth: float  # relative change of the share level after the break against before
    p_value: float
    q_value: float
    count: int  # postings in the flagged period
    expected: float  # postings the level before would have given in that period
    before: Level | None = None
    after: Level | None = None
    test: str = TEST_NAME

    def contract(self) -> dict[str, object]:
        """The five keys of the ``iehub demand detect`` output contract."""
        return {
            "skill": self.skill,
            "period": self.period,
            "direction": self.direction,
            "growth": round(self.growth, 4),
            "p_value": float(f"{self.p_value:.4g}"),
        }

    def evidence(self) -> dict[str, object]:
        """What an alert page shows beside the series: the levels around the break and the test."""
        levels = {
            name: {
                "share": level.share,
                "low": level.low,
                "high": level.high,
                "postings": level.postings,
                "periods": level.periods,
            }
            for name, level in (("before", self.before), ("after", self.after))
            if level is not None
        }
        return {"break_period": self.period, "test": self.test, **levels}


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


@dataclass(frozen=True)
class Noise:
    """Extra-Poisson noise of log shares: per-series variance and degrees of freedom, panel-wide ρ."""

    variance: np.ndarray
    dof: np.ndarray
    rho: float


def series_matrix(panel: Panel) -> tuple[list[str], np.ndarray]:
    """Skills in panel order and their counts as one skills × periods matrix."""
    skills = list(panel.counts)
    if not skills:
        return [], np.zeros((0, len(panel.periods)))
    return skills, np.vstack([panel.counts[skill] for skill in skills]).astype(float)


def first_observed(counts: np.ndarray) -> np.ndarray:
    """Each series' first period with a posting. Before it the skill was not tracked or did not exist,
    so its zeros are no level to compare with (a series may start mid-panel)."""
    seen = counts > 0
    return np.where(seen.any(axis=1), seen.argmax(axis=1), counts.shape[1])


def seasonal_offsets(
    log_share: np.ndarray,
    counts: np.ndarray,
    observed: np.ndarray,
    seasons: np.ndarray,
    per_year: int,
    shrinkage: float,
) -> np.ndarray:
    """Per series and period, the seasonal effect on the log share (0 without two years of evidence).

    Residuals around a centred one-year running *median* (which follows a level shift where a moving
    average would smear it into a false seasonal pattern next to the break), averaged by season, centred,
    and shrunk towards 0 by the postings behind them so that noise is not mistaken for seasonality.
    """
    n_series, n_periods = log_share.shape
    width = per_year + 1 - per_year % 2  # odd: one year and the period on each side
    half = width // 2
    if n_series == 0 or n_periods < width + 2 * per_year - 1:
        return np.zeros((n_series, n_periods))
    level = np.median(sliding_window_view(log_share, width, axis=1), axis=2)
    whole = sliding_window_view(observed, width, axis=1).all(axis=2)
    residual = np.full((n_series, n_periods), np.nan)
    residual[:, half : n_periods - half] = np.where(
        whole, log_share[:, half : n_periods - half] - level, np.nan
    )
    effects = np.zeros((n_series, per_year))
    support = np.zeros((n_series, per_year))
    years = np.zeros((n_series, per_year))
    for season in range(per_year):
        cells = residual[:, seasons == season]
        present = ~np.isnan(cells)
        years[:, season] = present.sum(axis=1)
        effects[:, season] = np.where(present, cells, 0.0).sum(axis=1) / np.maximum(years[:, season], 1)
        support[:, season] = np.where(present, counts[:, seasons == season], 0.0).sum(axis=1)
    effects -= effects.mean(axis=1, keepdims=True)
    shrunk = effects * support / (support + shrinkage)
    shrunk[(years < 2).any(axis=1)] = 0.0
    return shrunk[:, seasons]


def ar1_mean_variance(n_max: int, rho: float) -> np.ndarray:
    """``g[n]``: the variance of the mean of ``n`` AR(1) terms of unit variance (``g[0]`` unused)."""
    g = np.ones(n_max + 1)
    for n in range(1, n_max + 1):
        lags = np.arange(1, n)
        g[n] = (1 + 2 * np.sum((1 - lags / n) * rho**lags)) / n
    return g


def _lagged(values: np.ndarray, lag: int) -> tuple[np.ndarray, np.ndarray]:
    return values[:, lag:], values[:, :-lag]


def estimate_noise(
    log_share: np.ndarray,
    counts: np.ndarray,
    observed: np.ndarray,
    config: DetectorConfig,
    seasons_removed: bool = True,
) -> Noise:
    """σ² and ρ of the panel from its high-volume series (≥ 50 postings a period), then each series' own
    σ² shrunk towards the panel's. Lag-1 and lag-2 differences: Var = 2σ²(1−ρ) and 2σ²(1−ρ²)."""
    n_series = counts.shape[0]
    # counts are 0 before a series is observed, so this is the mean over its observed periods
    volume = counts.sum(axis=1) / np.maximum(observed.sum(axis=1), 1)
    differences = {}
    for lag in (1, 2):
        now, then = _lagged(log_share, lag)
        c_now, c_then = _lagged(counts, lag)
        both = _lagged(observed, lag)[1] & (c_now >= 20) & (c_then >= 20)
        differences[lag] = ((now - then) ** 2, 1 / (c_now + 0.5) + 1 / (c_then + 0.5), both)
    excess: list[float | None] = []
    for squared, poisson, both in differences.values():
        usable = both & (volume[:, None] >= 50)
        if usable.sum() < 20:
            excess.append(None)
            continue
        excess.append(float(np.median(squared[usable]) / MEDIAN_CHI2_1 - np.median(poisson[usable])))
    lag1, lag2 = excess
    if config.rho is not None:
        rho = config.rho
    elif lag1 is None or lag2 is None or lag1 <= 0 or not seasons_removed:
        rho = 0.0  # unremoved seasonality would pass for autocorrelation
    else:
        rho = float(np.clip(lag2 / lag1 - 1, 0.0, 0.8))
    if config.sigma is not None:
        sigma2 = config.sigma**2
    elif lag1 is None:
        sigma2 = DEFAULT_SIGMA**2
    else:
        sigma2 = max(lag1 / (2 * (1 - rho)), 0.02**2)  # shares are never exactly stable
    squared, poisson, own_cells = differences[1]
    n_own = own_cells.sum(axis=1)
    squared = np.where(own_cells, squared, np.nan)
    poisson = np.where(own_cells, poisson, np.nan)
    own = np.zeros(n_series)
    some = n_own > 0
    if some.any():
        own[some] = np.maximum(
            np.nanmedian(squared[some], axis=1) / MEDIAN_CHI2_1 - np.nanmedian(poisson[some], axis=1), 0.0
        ) / (2 * (1 - rho))
    weight = config.prior_weight
    variance = np.maximum((weight * sigma2 + n_own * own) / (weight + n_own), 0.5 * sigma2)
    return Noise(variance=variance, dof=weight + n_own, rho=rho)


def cut_bursts(
    log_share: np.ndarray, counts: np.ndarray, start: np.ndarray, noise: Noise, burst_sd: float
) -> np.ndarray:
    """Log shares with one-period bursts pulled back to ``burst_sd`` standard deviations from the median
    of the period and its two neighbours; the newest period is left as it is."""
    n_periods = log_share.shape[1]
    if n_periods < 3:
        return log_share
    first = np.take_along_axis(log_share, np.minimum(start, n_periods - 1)[:, None], axis=1)
    filled = np.where(np.arange(n_periods)[None, :] >= start[:, None], log_share, first)
    padded = np.concatenate([filled[:, :1], filled, filled[:, -1:]], axis=1)
    median = np.median(sliding_window_view(padded, 3, axis=1), axis=2)
    spread = burst_sd * np.sqrt(1.5 * (1 / (counts + 0.5) + noise.variance[:, None]))
    cut = np.clip(log_share, median - spread, median + spread)
    cut[:, -1] = log_share[:, -1]
    return cut


@dataclass
class Scan:
    """The best break of each scanned segment ``[begin, end)`` of a series."""

    series: np.ndarray
    begin: np.ndarray
    end: np.ndarray
    at: np.ndarray  # break position: the first period of the new level
    p_value: np.ndarray
    before: np.ndarray  # postings (bursts cut) and exposure on each side
    after: np.ndarray
    exposure_before: np.ndarray
    exposure_after: np.ndarray


def scan_segments(
    cumulative: np.ndarray,
    cumulative_exposure: np.ndarray,
    noise: Noise,
    g: np.ndarray,
    series: np.ndarray,
    begin: np.ndarray,
    end: np.ndarray,
    min_before: int,
) -> Scan:
    """For every segment at once, the z of the log ratio of the pooled share after each possible break
    to the pooled share before it; the best position, and its p-value (Bonferroni over positions)."""
    positions = np.arange(cumulative.shape[1])[None, :]
    rows, lo, hi = cumulative[series], begin[:, None], end[:, None]
    x1 = rows - np.take_along_axis(rows, lo, axis=1)
    x2 = np.take_along_axis(rows, hi, axis=1) - rows
    exposures = cumulative_exposure[series]
    e1 = exposures - np.take_along_axis(exposures, lo, axis=1)
    e2 = np.take_along_axis(exposures, hi, axis=1) - exposures
    n1, n2 = positions - lo, hi - positions
    valid = (n1 >= min_before) & (n2 >= 1) & (e1 > 0) & (e2 > 0)
    x1, x2 = np.where(valid, x1, 0.0), np.where(valid, x2, 0.0)
    safe_e1, safe_e2 = np.where(valid, e1, 1.0), np.where(valid, e2, 1.0)
    ratio = np.log((x2 + 0.5) / safe_e2) - np.log((x1 + 0.5) / safe_e1)
    cap = len(g) - 1
    variance = (
        1 / (x1 + 0.5)
        + 1 / (x2 + 0.5)
        + noise.variance[series][:, None] * (g[np.clip(n1, 0, cap)] + g[np.clip(n2, 0, cap)])
    )
    z = np.where(valid, ratio / np.sqrt(variance), 0.0)
    best = np.abs(z).argmax(axis=1)[:, None]
    tried = valid.sum(axis=1)
    best_z = np.take_along_axis(z, best, axis=1)[:, 0]
    tail = stats.t.sf(np.abs(best_z), noise.dof[series])
    p_value = np.where(tried > 0, np.minimum(1.0, 2 * tried * tail), 1.0)

    def at_best(values: np.ndarray) -> np.ndarray:
        return np.take_along_axis(values, best, axis=1)[:, 0]

    return Scan(series, begin, end, best[:, 0], p_value, at_best(x1), at_best(x2), at_best(e1), at_best(e2))


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


def emergence_p_values(
    count: np.ndarray,
    baseline_count: np.ndarray,
    total: np.ndarray | float,
    baseline_total: np.ndarray | float,
) -> np.ndarray:
    """Exact conditional tests that the rate now is no higher than in the baseline, for many at once.

    Given both counts, the current one is binomial with the current share of exposure under equal
    rates; counting noise dominates at these volumes, so no overdispersion term is needed.
    """
    return np.asarray(
        stats.binom.sf(
            count - 1, count + baseline_count, np.asarray(total) / (np.asarray(total) + baseline_total)
        )
    )


@dataclass
class _Prepared:
    skills: list[str]
    counts: np.ndarray
    totals: np.ndarray
    start: np.ndarray
    offsets: np.ndarray
    noise: Noise
    cumulative: np.ndarray
    cumulative_exposure: np.ndarray


def prepare(panel: Panel, config: DetectorConfig) -> _Prepared:
    """The matrices the scan reads: seasonally adjusted exposures, postings with bursts cut, noise."""
    skills, counts = series_matrix(panel)
    totals = panel.totals.astype(float)
    n_periods = len(totals)
    start = first_observed(counts)
    observed = np.arange(n_periods)[None, :] >= start[:, None]
    log_share = np.log((counts + 0.5) / totals)
    seasons = np.array([period.season for period in panel.periods])
    offsets = seasonal_offsets(
        log_share, counts, observed, seasons, panel.periods[0].per_year, config.seasonal_shrinkage
    )
    adjusted = log_share - offsets
    seasons_removed = n_periods >= 3 * panel.periods[0].per_year
    noise = estimate_noise(adjusted, counts, observed, config, seasons_removed)
    cleaned = cut_bursts(adjusted, counts, start, noise, config.burst_sd)
    postings = np.where(observed, np.maximum((counts + 0.5) * np.exp(cleaned - adjusted) - 0.5, 0.0), 0.0)
    exposure = np.where(observed, totals[None, :] * np.exp(offsets), 0.0)
    return _Prepared(
        skills, counts, totals, start, offsets, noise, cumulative(postings), cumulative(exposure)
    )


def cumulative(values: np.ndarray) -> np.ndarray:
    """Running sums along the periods with a leading 0: the sum over ``[a, b)`` is ``c[b] − c[a]``."""
    return np.concatenate([np.zeros((*values.shape[:-1], 1)), np.cumsum(values, axis=-1)], axis=-1)


def _level(postings: float, exposure: float, variance: float, periods: int) -> Level:
    """The pooled share ``postings / exposure`` with a 95 % interval on the log scale (counting noise of
    the postings plus the extra-Poisson variance of a mean over the side's periods)."""
    share = postings / exposure
    spread = 1.96 * float(np.sqrt(1 / (postings + 0.5) + variance))
    return Level(
        share, share * float(np.exp(-spread)), share * float(np.exp(spread)), round(postings), periods
    )


@dataclass
class _Emergence:
    """The emergence tests: (almost) nothing in the window before a period, enough in it."""

    series: np.ndarray
    period: np.ndarray
    baseline: np.ndarray  # postings in the window before
    exposure: np.ndarray  # all postings in that window
    p_value: np.ndarray


def _emerging(data: _Prepared, config: DetectorConfig) -> _Emergence:
    counts, totals = data.counts, data.totals
    periods = np.arange(len(totals))
    first = np.maximum(periods - config.emerging_window, 0)
    cum_counts, cum_totals = cumulative(counts), cumulative(totals)
    baseline = cum_counts[:, periods] - cum_counts[:, first]
    exposure = cum_totals[periods] - cum_totals[first]
    candidate = (periods[None, :] >= 1) & (baseline <= config.emerging_max_baseline)
    candidate &= counts >= config.emerging_min_count
    series, period = np.nonzero(candidate)
    baseline, exposure = baseline[series, period], exposure[period]
    p = emergence_p_values(counts[series, period], baseline, totals[period], exposure)
    return _Emergence(series, period, baseline, exposure, p)


def detect(panel: Panel, config: DetectorConfig | None = None) -> list[Alert]:
    """Breaks (surges, declines) and emergences, in period then skill order."""
    config = config or DetectorConfig()
    if len(panel.periods) < 2 or not panel.counts:
        return []
    data = prepare(panel, config)
    n_periods = len(data.totals)
    g = ar1_mean_variance(n_periods, data.noise.rho)
    emerging = _emerging(data, config)
    series = np.flatnonzero(data.start + config.min_before < n_periods)

    def scan(series: np.ndarray, begin: np.ndarray, end: np.ndarray) -> Scan:
        return scan_segments(
            data.cumulative, data.cumulative_exposure, data.noise, g, series, begin, end, config.min_before
        )

    first = scan(series, data.start[series], np.full(len(series), n_periods))
    family = np.r_[first.p_value, emerging.p_value]
    q_values = np.asarray(benjamini_hochberg(family.tolist()))
    rejected = q_values <= config.fdr
    cut_off = float(family[rejected].max()) if rejected.any() else 0.0
    m, r = len(family), max(int(rejected.sum()), 1)
    kept = [(first, rejected[: len(series)], q_values[: len(series)])]
    for _ in range(config.max_breaks - 1):
        last, significant, _q = kept[-1]
        s, begin, at, end = (
            last.series[significant],
            last.begin[significant],
            last.at[significant],
            last.end[significant],
        )
        pieces = (np.r_[s, s], np.r_[begin, at], np.r_[at, end])
        longer = pieces[2] - pieces[1] > config.min_before
        if not longer.any():
            break
        deeper = scan(pieces[0][longer], pieces[1][longer], pieces[2][longer])
        kept.append((deeper, deeper.p_value <= cut_off, np.minimum(1.0, deeper.p_value * m / r)))
    alerts = _break_alerts(data, panel, kept, g, config)
    emerged = {
        (data.skills[s], str(panel.periods[t])) for s, t in zip(emerging.series, emerging.period, strict=True)
    }
    alerts = [a for a in alerts if (a.skill, a.period) not in emerged]
    alerts += _emergence_alerts(data, panel, emerging, q_values[len(series) :], config)
    return sorted(alerts, key=lambda a: (Period.parse(a.period), a.skill))


def _break_alerts(
    data: _Prepared,
    panel: Panel,
    kept: list[tuple[Scan, np.ndarray, np.ndarray]],
    g: np.ndarray,
    config: DetectorConfig,
) -> list[Alert]:
    alerts = []
    for scan, significant, q_values in kept:
        for i in np.flatnonzero(significant):
            s, at = int(scan.series[i]), int(scan.at[i])
            before_postings, after_postings = float(scan.before[i]), float(scan.after[i])
            variance = float(data.noise.variance[s])
            n_before, n_after = at - int(scan.begin[i]), int(scan.end[i]) - at
            before = _level(before_postings, float(scan.exposure_before[i]), variance * g[n_before], n_before)
            after = _level(after_postings, float(scan.exposure_after[i]), variance * g[n_after], n_after)
            growth = float(
                (after_postings + 0.5)
                / scan.exposure_after[i]
                / ((before_postings + 0.5) / scan.exposure_before[i])
                - 1
            )
            if growth > 0:
                direction, support = "surge", after_postings
            else:
                direction, support = "decline", before_postings
            if support < config.min_count or abs(growth) < config.threshold:
                continue
            alerts.append(
                Alert(
                    data.skills[s],
                    str(panel.periods[at]),
                    direction,
                    growth,
                    float(scan.p_value[i]),
                    float(q_values[i]),
                    int(data.counts[s, at]),
                    before.share * float(data.totals[at] * np.exp(data.offsets[s, at])),
                    before,
                    after,
                )
            )
    return alerts


def _emergence_alerts(
    data: _Prepared, panel: Panel, emerging: _Emergence, q_values: np.ndarray, config: DetectorConfig
) -> list[Alert]:
    alerts = []
    tests = zip(
        emerging.series,
        emerging.period,
        emerging.baseline,
        emerging.exposure,
        emerging.p_value,
        q_values,
        strict=True,
    )
    for s, t, baseline, exposure, p, q in tests:
        if q > config.fdr:
            continue
        count, previous = data.counts[s, t], data.counts[s, t - 1]
        total, previous_total = data.totals[t], data.totals[t - 1]
        growth = (count / total) / ((previous + 0.5) / previous_total) - 1
        alerts.append(
            Alert(
                data.skills[s],
                str(panel.periods[t]),
                "emerging",
                float(growth),
                float(p),
                float(q),
                int(count),
                float((baseline + 0.5) / exposure * total),
                test="exact binomial test against the periods before",
            )
        )
    return alerts


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


def detect_from_counts(
    rows: Iterable[Mapping[str, str]], threshold: float = DetectorConfig.threshold
) -> list[Alert]:
    """Convenience for CSV rows with columns skill, period, count, total."""
    return detect(panel_from_counts(rows), DetectorConfig(threshold=threshold))
