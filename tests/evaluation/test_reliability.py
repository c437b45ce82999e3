"""Reliability statistics against the reference implementations (pingouin, krippendorff) to 1e-9."""

from __future__ import annotations

import krippendorff
import numpy as np
import pandas as pd
import pingouin
import pytest

from iehub.engines.reliability import (
    Metric,
    drifts,
    intraclass_correlations,
    krippendorff_alpha,
    panel_disagrees,
    rater_drift,
)

# pingouin's names for the six forms, in the order both list them
PINGOUIN_FORMS = {
    "ICC1": "ICC(1,1)",
    "ICC2": "ICC(A,1)",
    "ICC3": "ICC(C,1)",
    "ICC1k": "ICC(1,k)",
    "ICC2k": "ICC(A,k)",
    "ICC3k": "ICC(C,k)",
}

# Shrout & Fleiss (1979), table 2: six targets (wines) rated by four judges
SHROUT_FLEISS = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]

# Krippendorff (2011), the worked example: 4 observers × 12 units, gaps as None
KRIPPENDORFF_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]


def _pingouin(table: np.ndarray) -> pd.DataFrame:
    long = pd.DataFrame(
        [(t, r, table[t, r]) for t in range(table.shape[0]) for r in range(table.shape[1])],
        columns=["target", "rater", "score"],
    )
    return pingouin.intraclass_corr(long, targets="target", raters="rater", ratings="score").set_index("Type")


def _panels() -> list[np.ndarray]:
    rng = np.random.default_rng(20261129)
    panels = [np.array(SHROUT_FLEISS, dtype=float)]
    for targets, raters in [(8, 3), (15, 5), (30, 2)]:
        ability = rng.normal(3, 1, size=(targets, 1))
        harshness = rng.normal(0, 0.5, size=(1, raters))
        panels.append(np.round(ability + harshness + rng.normal(0, 0.6, size=(targets, raters)), 1))
    return panels


@pytest.mark.parametrize("table", _panels(), ids=["shrout-fleiss", "8x3", "15x5", "30x2"])
def test_icc_equals_pingouin(table: np.ndarray) -> None:
    reference = _pingouin(table)
    for icc in intraclass_correlations(table):
        row = reference.loc[PINGOUIN_FORMS[icc.form]]
        assert icc.value == pytest.approx(row["ICC"], abs=1e-9), icc.form
        assert icc.f == pytest.approx(row["F"], abs=1e-9), icc.form
        assert icc.p_value == pytest.approx(row["pval"], abs=1e-9), icc.form
        assert (icc.df1, icc.df2) == (row["df1"], row["df2"])


def test_icc_shrout_fleiss_published_values() -> None:
    """The paper's own figures (to its two decimals), independent of any library."""
    values = {icc.form: round(icc.value, 2) for icc in intraclass_correlations(SHROUT_FLEISS)}
    assert values == {
        "ICC1": 0.17,
        "ICC2": 0.29,
        "ICC3": 0.71,
        "ICC1k": 0.44,
        "ICC2k": 0.62,
        "ICC3k": 0.91,
    }


def test_icc_drops_incomplete_targets_and_refuses_too_little() -> None:
    with_gap = [*SHROUT_FLEISS, [5, None, 4, 6]]
    table = np.array([[np.nan if v is None else v for v in row] for row in with_gap], dtype=float)
    assert [i.value for i in intraclass_correlations(table)] == [
        i.value for i in intraclass_correlations(SHROUT_FLEISS)
    ]
    with pytest.raises(ValueError):
        intraclass_correlations([[1, 2]])


def _reliability_sets() -> list[np.ndarray]:
    rng = np.random.default_rng(7)
    sets = [np.array([[np.nan if v is None else v for v in row] for row in KRIPPENDORFF_2011])]
    for raters, units, gaps in [(3, 10, 0.0), (5, 40, 0.3), (8, 25, 0.5)]:
        truth = rng.integers(1, 6, size=units)
        table = np.clip(truth + rng.integers(-1, 2, size=(raters, units)), 1, 5).astype(float)
        table[rng.random(table.shape) < gaps] = np.nan
        sets.append(table)
    return sets


@pytest.mark.parametrize("metric", list(Metric))
@pytest.mark.parametrize("table", _reliability_sets(), ids=["krippendorff-2011", "3x10", "5x40", "8x25"])
def test_alpha_equals_krippendorff_package(table: np.ndarray, metric: Metric) -> None:
    reference = krippendorff.alpha(reliability_data=table, level_of_measurement=metric.value)
    assert krippendorff_alpha(table, metric) == pytest.approx(reference, abs=1e-9)


def test_alpha_published_example_and_gaps_as_none() -> None:
    # Krippendorff (2011) reports alpha = 0.743 (nominal) and 0.849 (interval) for this example
    assert round(krippendorff_alpha(KRIPPENDORFF_2011, Metric.NOMINAL), 3) == 0.743
    assert round(krippendorff_alpha(KRIPPENDORFF_2011, Metric.INTERVAL), 3) == 0.849


def test_alpha_perfect_agreement_and_undefined_cases() -> None:
    assert krippendorff_alpha([[1, 2, 3], [1, 2, 3]]) == pytest.approx(1.0)
    with pytest.raises(ValueError):
        krippendorff_alpha([[2, 2, 2], [2, 2, 2]])
    with pytest.raises(ValueError):
        krippendorff_alpha([[1, None], [None, 2]])


def test_disagreement_flag() -> None:
    assert panel_disagrees(0.5)
    assert not panel_disagrees(0.8)


def test_rater_drift_finds_the_harsh_rater() -> None:
    table = [
        [3, 4, 2, 3, None],  # agrees with the panel
        [3, 4, 2, 3, 3],  # agrees
        [1, 2, 1, 1, 1],  # two levels harsher
    ]
    found = rater_drift(table)
    assert [d.units for d in found] == [4, 4, 4]  # the last unit has two raters: no panel
    assert found[2].mean_difference == pytest.approx(((1 - 3) + (2 - 4) + (1 - 2) + (1 - 3)) / 4)
    assert found[0].mean_difference == 0 and found[1].mean_difference == 0
    assert [drifts(d) for d in found] == [False, False, True]
    assert not drifts(rater_drift([[1, 1], [3, 3], [3, 3]])[0])  # two units are not a pattern
    assert rater_drift([[1, 1, 1], [3, 3, 3]])[0].units == 0  # two raters: who is apart?
