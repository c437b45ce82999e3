"""Survey statistics against the references researchers trust (pingouin, factor_analyzer, scipy) to 1e-6."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pingouin
import pytest
from factor_analyzer.factor_analyzer import calculate_bartlett_sphericity, calculate_kmo
from scipy import stats

from iehub.engines import statistics


def likert(n: int = 175, items: int = 6, seed: int = 3, missing: float = 0.0) -> np.ndarray:
    """Answers on a 1–5 scale driven by one trait, with some answers left blank."""
    rng = np.random.default_rng(seed)
    trait = rng.normal(size=(n, 1))
    raw = trait + rng.normal(scale=0.9, size=(n, items))
    answers = np.clip(np.round(3 + raw), 1, 5)
    if missing:
        answers[rng.random(size=answers.shape) < missing] = np.nan
    return answers


@pytest.mark.parametrize("missing", ["listwise", "pairwise"])
def test_cronbach_alpha_equals_pingouin(missing: str) -> None:
    data = likert(missing=0.05)
    ours = statistics.cronbach_alpha(data, missing=missing)
    frame = pd.DataFrame(data, columns=[f"q{i}" for i in range(data.shape[1])])
    if missing == "listwise":
        # pingouin counts the dropped rows in the interval's degrees of freedom; SPSS and we count the
        # complete rows alpha was computed from, which is pingouin on the complete rows
        frame = frame.dropna()
    alpha, ci = pingouin.cronbach_alpha(frame, nan_policy=missing)
    assert ours.alpha == pytest.approx(alpha, abs=1e-9)
    assert ours.ci == pytest.approx(tuple(ci), abs=5e-4)  # pingouin rounds its interval to 3 decimals
    for i in range(data.shape[1]):
        expected, _ = pingouin.cronbach_alpha(frame.drop(columns=f"q{i}"), nan_policy=missing)
        assert ours.alpha_if_deleted[i] == pytest.approx(expected, abs=1e-9)
    assert ours.n == (len(statistics.complete_rows(data)) if missing == "listwise" else len(data))


def test_kmo_and_bartlett_equal_factor_analyzer() -> None:
    data = likert(items=8, seed=11)
    ours = statistics.kmo_bartlett(data)
    per_item, overall = calculate_kmo(pd.DataFrame(data))
    chi2, p = calculate_bartlett_sphericity(pd.DataFrame(data))
    assert ours.kmo == pytest.approx(overall, abs=1e-9)
    assert ours.per_item == pytest.approx(tuple(per_item), abs=1e-9)
    assert ours.chi2 == pytest.approx(chi2, abs=1e-6)
    assert ours.p == pytest.approx(p, abs=1e-9)
    assert ours.dof == 8 * 7 // 2


def test_crosstab_equals_scipy_and_pingouin() -> None:
    rng = np.random.default_rng(5)
    ownership = rng.choice(["state", "private", "foreign"], size=175, p=[0.2, 0.7, 0.1])
    feedback = np.where(rng.random(175) < np.where(ownership == "private", 0.45, 0.7), "yes", "no")
    ours = statistics.crosstab(list(ownership), list(feedback))
    frame = pd.DataFrame({"o": ownership, "f": feedback})
    _expected, _observed, results = pingouin.chi2_independence(frame, "o", "f", correction=False)
    pearson = results[results["test"] == "pearson"].iloc[0]
    assert ours.chi2 == pytest.approx(pearson["chi2"], abs=1e-9)
    assert ours.p == pytest.approx(pearson["pval"], abs=1e-9)
    assert ours.cramers_v == pytest.approx(pearson["cramer"], abs=1e-9)
    assert ours.dof == int(pearson["dof"]) and ours.n == 175


@pytest.mark.parametrize("welch", [False, True])
def test_ttest_equals_pingouin(welch: bool) -> None:
    rng = np.random.default_rng(8)
    a, b = rng.normal(3.4, 0.8, 60), rng.normal(3.0, 1.2, 45)
    ours = statistics.ttest([*a, *b], ["a"] * 60 + ["b"] * 45, welch=welch)
    reference = pingouin.ttest(a, b, correction=welch).iloc[0]
    assert ours.t == pytest.approx(reference["T"], abs=1e-9)
    assert ours.p == pytest.approx(
        reference["p_val"] if "p_val" in reference else reference["p-val"], abs=1e-9
    )
    assert ours.df == pytest.approx(reference["dof"], abs=1e-9)


@pytest.mark.parametrize("welch", [False, True])
def test_anova_equals_pingouin(welch: bool) -> None:
    rng = np.random.default_rng(9)
    groups = np.repeat(["state", "private", "foreign", "collective"], [30, 80, 20, 45])
    shift = {"state": 0.3, "private": 0.0, "foreign": 0.5, "collective": -0.2}
    values = np.array([3 + shift[g] + rng.normal(scale=1 + 0.3 * (g == "foreign")) for g in groups])
    ours = statistics.anova(list(values), list(groups), welch=welch)
    frame = pd.DataFrame({"y": values, "g": groups})
    reference = (pingouin.welch_anova if welch else pingouin.anova)(data=frame, dv="y", between="g").iloc[0]
    assert ours.f == pytest.approx(reference["F"], abs=1e-9)
    p_column = "p_unc" if "p_unc" in reference else "p-unc"
    assert ours.p == pytest.approx(reference[p_column], abs=1e-9)
    assert ours.df1 == pytest.approx(reference["ddof1"], abs=1e-9)
    assert ours.df2 == pytest.approx(reference["ddof2"], abs=1e-9)


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError):
        statistics.cronbach_alpha(np.array([[1.0, 2.0]]), missing="listwise")
    with pytest.raises(ValueError):
        statistics.ttest([1, 2, 3], ["a", "a", "a"])
    with pytest.raises(ValueError):
        statistics.crosstab(["a", "a"], ["x", "y"])
    assert stats  # scipy is the reference of the remaining statistics


def two_factor_answers(n: int = 175, seed: int = 4) -> np.ndarray:
    rng = np.random.default_rng(seed)
    pattern = np.array(
        [[0.8, 0], [0.7, 0.1], [0.75, 0], [0, 0.8], [0.1, 0.7], [0, 0.65], [0.4, 0.4], [0.5, 0.2]]
    )
    return rng.normal(size=(n, 2)) @ pattern.T + rng.normal(scale=0.5, size=(n, 8))


@pytest.fixture
def factor_analyzer_fit(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """factor_analyzer 0.5.1 passes ``force_all_finite`` to scikit-learn's ``check_array``, which
    scikit-learn 1.8 removed; its input check is replaced by a plain copy (our data is finite), the
    computation is the package's own."""
    from factor_analyzer import FactorAnalyzer, factor_analyzer

    monkeypatch.setattr(factor_analyzer, "check_array", lambda x, **_: np.array(x, dtype=float, copy=True))

    def fit(data: np.ndarray, factors: int, method: str, rotation: str | None) -> FactorAnalyzer:
        return FactorAnalyzer(n_factors=factors, method=method, rotation=rotation).fit(pd.DataFrame(data))

    return fit


@pytest.mark.parametrize("method", ["minres", "ml", "principal"])
@pytest.mark.parametrize("rotation", ["varimax", "promax", "none"])
@pytest.mark.parametrize("factors", [1, 2, 3])
def test_efa_equals_factor_analyzer(factor_analyzer_fit, method: str, rotation: str, factors: int) -> None:  # type: ignore[no-untyped-def]
    data = two_factor_answers()
    reference = factor_analyzer_fit(data, factors, method, None if rotation == "none" else rotation)
    ours = statistics.efa(data, factors, method, rotation)
    expected = reference.loadings_
    if factors == 1:  # the reference leaves a single factor's sign as the eigenvector came
        assert np.abs(ours.loadings) == pytest.approx(np.abs(expected), abs=1e-6)
    else:
        assert ours.loadings == pytest.approx(expected, abs=1e-6)
    assert ours.communalities == pytest.approx(tuple(reference.get_communalities()), abs=1e-6)
    assert ours.eigenvalues == pytest.approx(tuple(reference.get_eigenvalues()[0]), abs=1e-9)
    assert ours.n == 175


def test_tukey_equals_pingouin_and_scipy() -> None:
    rng = np.random.default_rng(12)
    groups = np.repeat(["state", "private", "foreign"], [25, 70, 18])
    values = np.array(
        [{"state": 3.2, "private": 3.6, "foreign": 3.0}[g] + rng.normal(scale=0.8) for g in groups]
    )
    ours = statistics.tukey(list(values), list(groups))
    reference = pingouin.pairwise_tukey(data=pd.DataFrame({"y": values, "g": groups}), dv="y", between="g")
    for pair in ours:
        row = reference[
            ((reference["A"] == pair.a) & (reference["B"] == pair.b))
            | ((reference["A"] == pair.b) & (reference["B"] == pair.a))
        ].iloc[0]
        sign = 1 if row["A"] == pair.a else -1
        assert pair.difference == pytest.approx(sign * row["diff"], abs=1e-9)
        assert pair.se == pytest.approx(row["se"], abs=1e-9)
        assert pair.t == pytest.approx(sign * row["T"], abs=1e-9)
        p_column = "p_tukey" if "p_tukey" in row else "p-tukey"
        assert pair.p == pytest.approx(row[p_column], abs=1e-6)
    scipy_result = stats.tukey_hsd(*(values[groups == g] for g in ("state", "private", "foreign")))
    assert ours[0].p == pytest.approx(scipy_result.pvalue[0, 1], abs=1e-6)


def test_kruskal_wallis_equals_pingouin() -> None:
    rng = np.random.default_rng(13)
    groups = np.repeat(["a", "b", "c"], [20, 30, 25])
    values = np.round(rng.normal(size=75) + (groups == "b") * 0.6) + 3  # ties on purpose
    ours = statistics.kruskal_wallis(list(values), list(groups))
    reference = pingouin.kruskal(data=pd.DataFrame({"y": values, "g": groups}), dv="y", between="g").iloc[0]
    assert ours.h == pytest.approx(reference["H"], abs=1e-9)
    p_column = "p_unc" if "p_unc" in reference else "p-unc"
    assert ours.p == pytest.approx(reference[p_column], abs=1e-9)
    assert ours.dof == 2 and ours.n == 75
