"""Survey statistics as pure functions, with the conventions of the tools researchers check them against.

Each function takes plain arrays (rows = respondents) and returns a small result with the n it used.
Missing answers are NaN. Conventions, chosen to match SPSS where the references agree with it:

- **Cronbach's alpha** from the item covariance matrix, ``k/(k-1) · (1 − trace(C)/ΣC)``; ``listwise``
  drops incomplete rows first (SPSS), ``pairwise`` uses each pair's complete rows (pingouin's default).
  The confidence interval is Feldt's, from the F distribution with ``n−1`` and ``(n−1)(k−1)`` degrees of
  freedom, as pingouin computes it (pingouin rounds it to three decimals, and under listwise deletion
  counts the dropped rows in ``n``; we count the complete rows alpha was computed from).
- **KMO** from the anti-image (partial) correlations; **Bartlett's test of sphericity**
  ``χ² = −(n − 1 − (2p + 5)/6) · ln|R|`` with ``p(p−1)/2`` degrees of freedom; both on complete rows.
- **Crosstab**: Pearson's χ² without Yates's correction (SPSS's "Pearson Chi-Square" line) and
  Cramér's V ``√(χ² / (n · (min(r, c) − 1)))``.
- **t-test** for two independent groups, Student's (pooled variance) or Welch's; **one-way ANOVA**
  (F) or Welch's ANOVA; groups in the order they first appear, rows with a missing value dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats
from scipy.optimize import minimize

Matrix = np.ndarray


@dataclass(frozen=True)
class Alpha:
    alpha: float
    ci: tuple[float, float]
    alpha_if_deleted: tuple[float, ...]
    n: int


@dataclass(frozen=True)
class Kmo:
    kmo: float
    per_item: tuple[float, ...]
    chi2: float
    dof: int
    p: float
    n: int


@dataclass(frozen=True)
class Crosstab:
    chi2: float
    dof: int
    p: float
    cramers_v: float
    n: int


@dataclass(frozen=True)
class TTest:
    t: float
    p: float
    df: float
    n: int


@dataclass(frozen=True)
class Anova:
    f: float
    p: float
    df1: float
    df2: float
    n: int


@dataclass(frozen=True)
class Frequency:
    """One answer's count and its share of the answered (valid) and of all responses, as SPSS lists it."""

    value: str
    count: int
    percent: float  # of all responses
    valid_percent: float  # of the responses that answered


def frequencies(answers: Sequence[object]) -> tuple[list[Frequency], int, int]:
    """The frequency table of one question (a sample-structure table's block): each answer with n and %,
    most frequent first (ties by answer), plus the number answered and the total."""
    total = len(answers)
    counts: dict[str, int] = {}
    for answer in answers:
        if not _missing(answer):
            counts[str(answer)] = counts.get(str(answer), 0) + 1
    answered = sum(counts.values())
    table = [
        Frequency(value, count, 100 * count / total, 100 * count / answered)
        for value, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]
    return table, answered, total


def complete_rows(data: Matrix) -> Matrix:
    """Rows without a missing value (listwise deletion)."""
    array = np.asarray(data, dtype=float)
    return array[~np.isnan(array).any(axis=1)]


def _covariance(data: Matrix, missing: str) -> tuple[Matrix, int]:
    if missing == "listwise":
        rows = complete_rows(data)
        if rows.shape[0] < 2:
            raise ValueError("at least two complete rows are needed")
        return np.cov(rows, rowvar=False, ddof=1), rows.shape[0]
    if missing != "pairwise":
        raise ValueError("missing must be listwise or pairwise")
    array = np.asarray(data, dtype=float)
    k = array.shape[1]
    covariance = np.empty((k, k))
    for i in range(k):
        for j in range(i, k):
            both = ~np.isnan(array[:, i]) & ~np.isnan(array[:, j])
            if both.sum() < 2:
                raise ValueError("each pair of items needs two rows answering both")
            value = np.cov(array[both, i], array[both, j], ddof=1)[0, 1]
            covariance[i, j] = covariance[j, i] = value
    # pingouin counts every row in the degrees of freedom of the interval under pairwise deletion
    return covariance, array.shape[0]


def _alpha_from(covariance: Matrix) -> float:
    k = covariance.shape[0]
    return float(k / (k - 1) * (1 - np.trace(covariance) / covariance.sum()))


def cronbach_alpha(data: Matrix, missing: str = "pairwise", confidence: float = 0.95) -> Alpha:
    """Cronbach's alpha of the items (columns), its Feldt interval and alpha with each item left out."""
    covariance, n = _covariance(data, missing)
    k = covariance.shape[0]
    if k < 2:
        raise ValueError("alpha needs at least two items")
    alpha = _alpha_from(covariance)
    df1, df2 = n - 1, (n - 1) * (k - 1)
    tail = (1 - confidence) / 2
    lower = 1 - (1 - alpha) * stats.f.isf(tail, df1, df2)
    upper = 1 - (1 - alpha) * stats.f.isf(1 - tail, df1, df2)
    if k == 2:
        deleted: tuple[float, ...] = (float("nan"), float("nan"))
    else:
        keep = [np.delete(np.arange(k), i) for i in range(k)]
        deleted = tuple(_alpha_from(covariance[np.ix_(rest, rest)]) for rest in keep)
    return Alpha(alpha, (float(lower), float(upper)), deleted, n)


def kmo_bartlett(data: Matrix) -> Kmo:
    """Kaiser–Meyer–Olkin sampling adequacy (overall and per item) and Bartlett's sphericity test."""
    rows = complete_rows(data)
    n, p = rows.shape
    if n < 3 or p < 2:
        raise ValueError("KMO needs at least three complete rows and two items")
    correlation = np.corrcoef(rows, rowvar=False)
    inverse = np.linalg.pinv(correlation)
    scale = np.sqrt(np.outer(np.diag(inverse), np.diag(inverse)))
    partial = -inverse / scale
    np.fill_diagonal(partial, 0.0)
    r2 = correlation**2
    np.fill_diagonal(r2, 0.0)
    a2 = partial**2
    per_item = r2.sum(axis=0) / (r2.sum(axis=0) + a2.sum(axis=0))
    overall = r2.sum() / (r2.sum() + a2.sum())
    sign, logdet = np.linalg.slogdet(correlation)
    chi2 = -(n - 1 - (2 * p + 5) / 6) * (logdet if sign > 0 else -np.inf)
    dof = p * (p - 1) // 2
    return Kmo(
        float(overall),
        tuple(float(v) for v in per_item),
        float(chi2),
        dof,
        float(stats.chi2.sf(chi2, dof)),
        n,
    )


def crosstab(rows: Sequence[object], columns: Sequence[object]) -> Crosstab:
    """Pearson's χ² test of independence and Cramér's V for two categorical answers (pairs with a
    missing side, None or NaN or "", are dropped)."""
    pairs = [(r, c) for r, c in zip(rows, columns, strict=True) if not _missing(r) and not _missing(c)]
    row_levels = sorted({r for r, _ in pairs}, key=str)
    column_levels = sorted({c for _, c in pairs}, key=str)
    if len(row_levels) < 2 or len(column_levels) < 2:
        raise ValueError("each variable needs at least two answered categories")
    table = np.zeros((len(row_levels), len(column_levels)))
    row_index = {v: i for i, v in enumerate(row_levels)}
    column_index = {v: i for i, v in enumerate(column_levels)}
    for r, c in pairs:
        table[row_index[r], column_index[c]] += 1
    chi2, p, dof, _expected = stats.chi2_contingency(table, correction=False)
    n = int(table.sum())
    v = np.sqrt(chi2 / (n * (min(table.shape) - 1)))
    return Crosstab(float(chi2), int(dof), float(p), float(v), n)


def _missing(value: object) -> bool:
    return value is None or value == "" or (isinstance(value, float) and np.isnan(value))


def _groups(values: Sequence[float], groups: Sequence[object]) -> list[np.ndarray]:
    order: dict[object, list[float]] = {}
    for value, group in zip(values, groups, strict=True):
        if _missing(group) or value is None or np.isnan(value):
            continue
        order.setdefault(group, []).append(float(value))
    return [np.asarray(found) for found in order.values()]


def ttest(values: Sequence[float], groups: Sequence[object], welch: bool = False) -> TTest:
    """Independent-samples t-test between exactly two groups."""
    found = _groups(values, groups)
    if len(found) != 2 or min(len(g) for g in found) < 2:
        raise ValueError("the t-test needs exactly two groups of at least two answers")
    a, b = found
    result = stats.ttest_ind(a, b, equal_var=not welch)
    if welch:
        va, vb = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
        df = (va + vb) ** 2 / (va**2 / (len(a) - 1) + vb**2 / (len(b) - 1))
    else:
        df = len(a) + len(b) - 2
    return TTest(float(result.statistic), float(result.pvalue), float(df), len(a) + len(b))


def anova(values: Sequence[float], groups: Sequence[object], welch: bool = False) -> Anova:
    """One-way ANOVA (F) or Welch's ANOVA across two or more groups."""
    found = _groups(values, groups)
    if len(found) < 2 or min(len(g) for g in found) < 2:
        raise ValueError("ANOVA needs two or more groups of at least two answers")
    n = sum(len(g) for g in found)
    k = len(found)
    if not welch:
        result = stats.f_oneway(*found)
        return Anova(float(result.statistic), float(result.pvalue), float(k - 1), float(n - k), n)
    sizes = np.array([len(g) for g in found], dtype=float)
    means = np.array([g.mean() for g in found])
    variances = np.array([g.var(ddof=1) for g in found])
    weights = sizes / variances
    grand = (weights * means).sum() / weights.sum()
    between = (weights * (means - grand) ** 2).sum() / (k - 1)
    lam = 3 * ((1 - weights / weights.sum()) ** 2 / (sizes - 1)).sum() / (k**2 - 1)
    f = between / (1 + 2 * lam * (k - 2) / 3)
    df2 = 1 / lam
    return Anova(float(f), float(stats.f.sf(f, k - 1, df2)), float(k - 1), float(df2), n)


# --- exploratory factor analysis ---------------------------------------------------------------------

UNIQUENESS_BOUNDS = (0.005, 1.0)


@dataclass(frozen=True)
class Efa:
    loadings: np.ndarray  # items × factors
    communalities: tuple[float, ...]
    eigenvalues: tuple[float, ...]  # of the correlation matrix, largest first ("initial eigenvalues")
    n: int


def _descending_eigen(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    values, vectors = np.linalg.eigh(matrix)
    return values[::-1], vectors[:, ::-1]


def _uls_loss(uniqueness: np.ndarray, correlation: np.ndarray, factors: int) -> float:
    """Minimum residual (unweighted least squares): the squared residuals of the reduced correlation
    matrix (communalities on the diagonal) against its best rank-``factors`` approximation."""
    reduced = correlation.copy()
    np.fill_diagonal(reduced, 1 - uniqueness)
    values, vectors = _descending_eigen(reduced)
    kept = np.maximum(values[:factors], np.finfo(float).eps * 100)
    loadings = vectors[:, :factors] * np.sqrt(kept)
    return float(((reduced - loadings @ loadings.T) ** 2).sum())


def _ml_loss(uniqueness: np.ndarray, correlation: np.ndarray, factors: int) -> float:
    """Maximum likelihood (Jöreskog): the discrepancy function concentrated on the uniquenesses."""
    scale = 1 / np.sqrt(uniqueness)
    values = np.linalg.eigvalsh(correlation * np.outer(scale, scale))[::-1][factors:]
    return float(-(np.sum(np.log(values) - values) - factors + correlation.shape[0]))


def _fitted_loadings(
    uniqueness: np.ndarray, correlation: np.ndarray, factors: int, method: str
) -> np.ndarray:
    if method == "ml":
        scale = 1 / np.sqrt(uniqueness)
        values, vectors = _descending_eigen(correlation * np.outer(scale, scale))
        loadings = vectors[:, :factors] * np.sqrt(np.maximum(values[:factors] - 1, 0))
        return loadings * np.sqrt(uniqueness)[:, None]
    reduced = correlation.copy()
    np.fill_diagonal(reduced, 1 - uniqueness)
    values, vectors = _descending_eigen(reduced)
    return vectors[:, :factors] * np.sqrt(np.maximum(values[:factors], 0))


def _common_factors(correlation: np.ndarray, factors: int, method: str) -> np.ndarray:
    """Minres or ML: uniquenesses by bounded L-BFGS-B from the squared multiple correlations."""
    start = 1 / np.diag(np.linalg.inv(correlation))  # 1 − SMC
    loss = _ml_loss if method == "ml" else _uls_loss
    found = minimize(
        loss,
        start,
        args=(correlation, factors),
        method="L-BFGS-B",
        bounds=[UNIQUENESS_BOUNDS] * correlation.shape[0],
        options={"maxiter": 1000},
    )
    return _fitted_loadings(found.x, correlation, factors, method)


def varimax(loadings: np.ndarray, tolerance: float = 1e-5, iterations: int = 500) -> np.ndarray:
    """Kaiser's varimax with Kaiser normalisation (rows scaled to unit length while rotating)."""
    rows, columns = loadings.shape
    if columns < 2:
        return loadings.copy()
    norms = np.sqrt((loadings**2).sum(axis=1))
    x = loadings / norms[:, None]
    rotation = np.eye(columns)
    criterion = 0.0
    for _ in range(iterations):
        z = x @ rotation
        u, singular, vt = np.linalg.svd(x.T @ (z**3 - z * (z**2).sum(axis=0) / rows))
        rotation = u @ vt
        previous, criterion = criterion, float(singular.sum())
        if criterion < previous * (1 + tolerance):
            break
    return (x @ rotation) * norms[:, None]


def promax(loadings: np.ndarray, power: int = 4) -> np.ndarray:
    """Promax (Hendrickson and White) on Kaiser-normalised loadings: varimax, a target raised to
    ``power``, the least-squares oblique transformation towards it, rescaled to unit factor variances."""
    if loadings.shape[1] < 2:
        return loadings.copy()
    heights = np.sqrt((loadings**2).sum(axis=1))[:, None]
    x = varimax(loadings / heights)
    target = x * np.abs(x) ** (power - 1)
    transform = np.linalg.solve(x.T @ x, x.T @ target)
    transform = transform @ np.diag(np.sqrt(np.diag(np.linalg.inv(transform.T @ transform))))
    return (x @ transform) * heights


def efa(data: Matrix, factors: int, method: str = "minres", rotation: str = "varimax") -> Efa:
    """Exploratory factor analysis on complete rows: principal components ("principal"), minimum
    residual or maximum likelihood extraction; varimax, promax or no rotation. Factors are signed so
    that their loadings sum positive; extracted factors are ordered by the variance they explain."""
    rows = complete_rows(data)
    n, items = rows.shape
    if method not in ("minres", "principal", "ml"):
        raise ValueError("method must be minres, principal or ml")
    if rotation not in ("varimax", "promax", "none"):
        raise ValueError("rotation must be varimax, promax or none")
    if not 1 <= factors < items or n <= items:
        raise ValueError("EFA needs fewer factors than items and more complete rows than items")
    correlation = np.corrcoef(rows, rowvar=False)
    eigenvalues, vectors = _descending_eigen(correlation)
    if method == "principal":
        loadings = vectors[:, :factors] * np.sqrt(eigenvalues[:factors])
    else:
        loadings = _common_factors(correlation, factors, method)
    if rotation == "varimax":
        loadings = varimax(loadings)
    elif rotation == "promax":
        loadings = promax(loadings)
    signs = np.sign(loadings.sum(axis=0))
    signs[signs == 0] = 1
    loadings = loadings * signs
    if method != "principal":
        loadings = loadings[:, np.argsort(-(loadings**2).sum(axis=0), kind="stable")]
    communalities = tuple(float(v) for v in (loadings**2).sum(axis=1))
    return Efa(loadings, communalities, tuple(float(v) for v in eigenvalues), n)


@dataclass(frozen=True)
class TukeyPair:
    """One pair of groups after an ANOVA: mean difference (a − b), its standard error, t and the
    Tukey–Kramer p value (studentized range)."""

    a: str
    b: str
    difference: float
    se: float
    t: float
    p: float


def tukey(values: Sequence[float], groups: Sequence[object]) -> list[TukeyPair]:
    """Tukey's HSD (Tukey–Kramer for unequal groups) for every pair, groups in order of appearance."""
    names = list(dict.fromkeys(str(g) for v, g in zip(values, groups, strict=True) if not _missing(g)))
    found = _groups(values, [str(g) if not _missing(g) else g for g in groups])
    if len(found) < 2 or min(len(g) for g in found) < 2:
        raise ValueError("Tukey's test needs two or more groups of at least two answers")
    k, n = len(found), sum(len(g) for g in found)
    mse = sum(((g - g.mean()) ** 2).sum() for g in found) / (n - k)
    pairs = []
    for i in range(k):
        for j in range(i + 1, k):
            difference = float(found[i].mean() - found[j].mean())
            se = float(np.sqrt(mse * (1 / len(found[i]) + 1 / len(found[j]))))
            t = difference / se
            # the studentized range statistic q is t·√2 (Tukey–Kramer)
            p = float(stats.studentized_range.sf(np.sqrt(2) * abs(t), k, n - k))
            pairs.append(TukeyPair(names[i], names[j], difference, se, t, p))
    return pairs


@dataclass(frozen=True)
class Kruskal:
    h: float
    dof: int
    p: float
    n: int


def kruskal_wallis(values: Sequence[float], groups: Sequence[object]) -> Kruskal:
    """Kruskal–Wallis H (corrected for ties) across two or more groups."""
    found = _groups(values, groups)
    if len(found) < 2:
        raise ValueError("Kruskal–Wallis needs two or more groups")
    result = stats.kruskal(*found)
    return Kruskal(float(result.statistic), len(found) - 1, float(result.pvalue), sum(len(g) for g in found))
