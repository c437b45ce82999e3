"""Inter-rater reliability of an evaluation panel: intraclass correlations and Krippendorff's alpha.

A panel of evaluators (teacher, enterprise mentor, client, peers) scores the same students; before their
weighted marks are trusted, the college needs to know whether they agree. Two measures, because each
answers a case the other does not:

- **ICC** (Shrout & Fleiss 1979; McGraw & Wong 1996) for a complete table — every rater scored every
  student. Six forms: ICC1 (one-way random), ICC2 (two-way random, absolute agreement), ICC3 (two-way
  mixed, consistency), each for a single rater and for the mean of k raters (ICC1k, ICC2k, ICC3k). The
  values, F statistics and p-values equal pingouin's ``intraclass_corr`` (checked in the tests).
- **Krippendorff's alpha** (Krippendorff 2011, "Computing Krippendorff's alpha-reliability") for any
  table with gaps — an outside assessor scores only the students they met. Nominal, ordinal, interval
  and ratio metrics; equal to the ``krippendorff`` package's ``alpha`` (checked in the tests).

Pure numpy/scipy: no Django, so the statistics run and are tested alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from numpy.typing import NDArray
from scipy import stats

#: Below this alpha a panel's marks are flagged for moderation: Krippendorff (2004) suggests relying on
#: data with alpha >= 0.800 and drawing only tentative conclusions between 0.667 and 0.800.
DISAGREEMENT_ALPHA = 0.667


class Metric(StrEnum):
    """Krippendorff's levels of measurement: how far apart two different scores are."""

    NOMINAL = "nominal"
    ORDINAL = "ordinal"
    INTERVAL = "interval"
    RATIO = "ratio"


@dataclass(frozen=True)
class IntraclassCorrelation:
    """One ICC form with its F test (H0: the correlation is zero)."""

    form: str
    value: float
    f: float
    df1: int
    df2: int
    p_value: float


def intraclass_correlations(
    scores: Sequence[Sequence[float]] | NDArray[np.float64],
) -> list[IntraclassCorrelation]:
    """The six ICC forms of a complete table: one row per target (student), one column per rater.

    Rows with a missing score are dropped, as pingouin does: the two-way forms need a complete table.
    """
    table = np.asarray(scores, dtype=float)
    if table.ndim != 2:
        raise ValueError("scores must be a table: one row per target, one column per rater")
    table = table[~np.isnan(table).any(axis=1)]
    n, k = table.shape
    if n < 2 or k < 2:
        raise ValueError("ICC needs at least two complete targets and two raters")
    grand = table.mean()
    ss_rows = k * float(((table.mean(axis=1) - grand) ** 2).sum())
    ss_cols = n * float(((table.mean(axis=0) - grand) ** 2).sum())
    ss_total = float(((table - grand) ** 2).sum())
    ss_error = ss_total - ss_rows - ss_cols
    ms_rows = ss_rows / (n - 1)
    ms_cols = ss_cols / (k - 1)
    ms_error = ss_error / ((n - 1) * (k - 1))
    ms_within = (ss_cols + ss_error) / (n * (k - 1))

    df_rows, df_within, df_error = n - 1, n * (k - 1), (n - 1) * (k - 1)
    f_one_way = ms_rows / ms_within
    f_two_way = ms_rows / ms_error
    p_one_way = float(stats.f.sf(f_one_way, df_rows, df_within))
    p_two_way = float(stats.f.sf(f_two_way, df_rows, df_error))
    return [
        IntraclassCorrelation(
            "ICC1",
            (ms_rows - ms_within) / (ms_rows + (k - 1) * ms_within),
            f_one_way,
            df_rows,
            df_within,
            p_one_way,
        ),
        IntraclassCorrelation(
            "ICC2",
            (ms_rows - ms_error) / (ms_rows + (k - 1) * ms_error + k * (ms_cols - ms_error) / n),
            f_two_way,
            df_rows,
            df_error,
            p_two_way,
        ),
        IntraclassCorrelation(
            "ICC3",
            (ms_rows - ms_error) / (ms_rows + (k - 1) * ms_error),
            f_two_way,
            df_rows,
            df_error,
            p_two_way,
        ),
        IntraclassCorrelation(
            "ICC1k", (ms_rows - ms_within) / ms_rows, f_one_way, df_rows, df_within, p_one_way
        ),
        IntraclassCorrelation(
            "ICC2k",
            (ms_rows - ms_error) / (ms_rows + (ms_cols - ms_error) / n),
            f_two_way,
            df_rows,
            df_error,
            p_two_way,
        ),
        IntraclassCorrelation(
            "ICC3k", (ms_rows - ms_error) / ms_rows, f_two_way, df_rows, df_error, p_two_way
        ),
    ]


def krippendorff_alpha(
    ratings: Sequence[Sequence[float | None]] | NDArray[np.float64],
    metric: Metric | str = Metric.INTERVAL,
) -> float:
    """Krippendorff's alpha of a rater × unit table with gaps (``None`` or NaN for "not rated").

    Units rated by fewer than two raters carry no information about agreement and are left out. Raises
    ``ValueError`` when fewer than two pairable values remain or when every value is the same (the
    expected disagreement is zero and alpha is undefined).
    """
    table = np.array([[np.nan if value is None else value for value in row] for row in ratings], dtype=float)
    if table.ndim != 2:
        raise ValueError("ratings must be a table: one row per rater, one column per unit")
    metric = Metric(metric)
    pairable = table[:, (~np.isnan(table)).sum(axis=0) >= 2]
    values = np.unique(pairable[~np.isnan(pairable)])
    if values.size == 0:
        raise ValueError("no unit was rated by two raters")
    coincidences = _coincidences(pairable, values)
    totals = coincidences.sum(axis=0)
    n = totals.sum()
    distances = _squared_distances(values, totals, metric)
    observed = float((coincidences * distances).sum())
    expected = float((np.outer(totals, totals) * distances).sum()) / (n - 1)
    if expected == 0:
        raise ValueError("all ratings are the same value: alpha is undefined")
    return 1.0 - observed / expected


def _coincidences(table: NDArray[np.float64], values: NDArray[np.float64]) -> NDArray[np.float64]:
    """The value × value coincidence matrix: each unit's ordered pairs of ratings, weighted 1/(m−1)."""
    counts = np.stack([(table == value).sum(axis=0) for value in values])  # values × units
    pairable = counts.sum(axis=0).astype(float)
    weighted = counts / (pairable - 1)
    matrix = counts @ weighted.T
    # a rating does not pair with itself: remove each unit's c = k self-pairs
    matrix -= np.diag(weighted.sum(axis=1))
    return np.asarray(matrix, dtype=float)


def _squared_distances(
    values: NDArray[np.float64], totals: NDArray[np.float64], metric: Metric
) -> NDArray[np.float64]:
    """The metric's squared difference between every two values."""
    first, second = np.meshgrid(values, values, indexing="ij")
    if metric is Metric.NOMINAL:
        return (first != second).astype(float)
    if metric is Metric.INTERVAL:
        return np.asarray((first - second) ** 2, dtype=float)
    if metric is Metric.RATIO:
        sums = first + second
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(sums == 0, 0.0, (first - second) / sums)
        return np.asarray(ratio**2, dtype=float)
    # ordinal: the number of pairable values between the two ranks, half-counting the ends
    cumulative = np.cumsum(totals)
    index = np.arange(values.size)
    low, high = np.meshgrid(index, index, indexing="ij")
    lo, hi = np.minimum(low, high), np.maximum(low, high)
    between = cumulative[hi] - cumulative[lo] + totals[lo] - (totals[lo] + totals[hi]) / 2
    return np.asarray(between**2, dtype=float)


def panel_disagrees(alpha: float, threshold: float = DISAGREEMENT_ALPHA) -> bool:
    """Whether a panel's agreement is too low to trust its marks without moderation."""
    return alpha < threshold


@dataclass(frozen=True)
class RaterDrift:
    """How far one rater's marks sit from the rest of the panel's on the same units."""

    rater: int
    mean_difference: float
    units: int


#: A rater is flagged when, over at least this many shared units, their marks differ from the others'
#: mean by this much on average (in rubric levels): consistently harsher (negative) or more lenient.
DRIFT_LEVELS = 0.75
DRIFT_MIN_UNITS = 3


def rater_drift(
    ratings: Sequence[Sequence[float | None]] | NDArray[np.float64],
) -> list[RaterDrift]:
    """For each rater (row) of a rater × unit table with gaps: the mean of (their mark − the unit's
    median mark) over the units at least three raters marked. The median of all the unit's marks, so one
    harsh rater does not make the others look lenient; three raters at least, because with two nobody
    can tell which of them is apart."""
    table = np.array([[np.nan if value is None else value for value in row] for row in ratings], dtype=float)
    present = ~np.isnan(table)
    panel = present.sum(axis=0) >= 3
    medians = np.full(table.shape[1], np.nan)
    if panel.any():
        medians[panel] = np.nanmedian(table[:, panel], axis=0)
    drifts = []
    for rater in range(table.shape[0]):
        shared = present[rater] & panel
        if not shared.any():
            drifts.append(RaterDrift(rater, 0.0, 0))
            continue
        difference = table[rater, shared] - medians[shared]
        drifts.append(RaterDrift(rater, float(difference.mean()), int(shared.sum())))
    return drifts


def drifts(drift: RaterDrift) -> bool:
    """Whether a rater is consistently harsher or more lenient than the panel."""
    return drift.units >= DRIFT_MIN_UNITS and abs(drift.mean_difference) >= DRIFT_LEVELS
