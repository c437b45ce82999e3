"""The surge detector: planted surges are found, flat series are not flagged, the CLI contract holds."""

from __future__ import annotations

import csv
import json
from io import StringIO

import numpy as np
import pytest
from bench.demand.panels import generate_panel
from django.core.management import CommandError, call_command

from iehub.engines.periods import Period
from iehub.engines.surge import DetectorConfig, Panel, benjamini_hochberg, detect


def test_periods_parse_and_print():
    assert str(Period.parse("2024Q3")) == "2024Q3"
    assert str(Period.parse("2024-07")) == "2024-07"
    assert Period.parse("2024Q4").index + 1 == Period.parse("2025Q1").index
    assert Period.parse("2024-12").season == 11
    with pytest.raises(ValueError, match="2024Q5"):
        Period.parse("2024Q5")


def test_panel_validation():
    with pytest.raises(ValueError, match="totals differ"):
        Panel.from_rows([("a", "2024Q1", 1, 100), ("b", "2024Q1", 1, 200)])
    with pytest.raises(ValueError, match="mixed"):
        Panel.from_rows([("a", "2024Q1", 1, 100), ("a", "2024-04", 1, 100)])
    with pytest.raises(ValueError, match="no total for period"):
        Panel.from_rows([("a", "2024Q1", 1, 100), ("a", "2024Q3", 1, 100)])
    with pytest.raises(ValueError, match="count"):
        Panel.from_rows([("a", "2024Q1", 101, 100)])


def test_benjamini_hochberg_matches_the_textbook():
    q = benjamini_hochberg([0.01, 0.04, 0.03, 0.005])
    assert np.allclose(q, [0.02, 0.04, 0.04, 0.02])


@pytest.mark.parametrize("seed", range(4))
def test_planted_surges_in_high_volume_skills_are_found_and_flat_series_are_not(seed):
    # planted in skills with at least ~750 postings a quarter; bench/demand measures smaller ones
    generated = generate_panel(seed=seed, surges={1.5: 5, 2.0: 5}, surge_min_share=0.025)
    alerts = detect(Panel.from_rows(generated.rows))
    flagged = {(a.skill, a.period) for a in alerts if a.direction == "surge"}
    for planted in generated.surges:
        if planted.factor == 2.0:
            assert (planted.skill, planted.period) in flagged, planted
    found_50 = sum((p.skill, p.period) in flagged for p in generated.surges if p.factor == 1.5)
    assert found_50 >= 3
    flat = set(generated.flat_skills)
    assert [a for a in alerts if a.skill in flat] == []


def test_thirty_percent_is_found_where_volume_allows():
    rows = []
    rng = np.random.default_rng(3)
    for q, period in enumerate(["2023Q1", "2023Q2", "2023Q3", "2023Q4", "2024Q1", "2024Q2"]):
        total = 40_000
        share = 0.05 * (1.3 if q >= 4 else 1.0) * rng.lognormal(0, 0.03)
        rows.append(("industrial-internet O&M", period, int(rng.poisson(share * total)), total))
        for k in range(60):
            rows.append((f"flat-{k}", period, int(rng.poisson(0.004 * total)), total))
    alerts = detect(Panel.from_rows(rows))
    assert [(a.skill, a.period, a.direction) for a in alerts] == [
        ("industrial-internet O&M", "2024Q1", "surge")
    ]
    assert 0.2 < alerts[0].growth < 0.45


def test_a_bare_threshold_would_flag_flat_series():
    """The problem is real: on the same panel, "+30 % over the previous period" alone flags flat series."""
    generated = generate_panel(seed=0, surges={})
    panel = Panel.from_rows(generated.rows)
    naive = 0
    for series in panel.counts.values():
        share = series / panel.totals
        naive += int(
            np.sum((share[1:] > 0) & (share[:-1] > 0) & (share[1:] / np.maximum(share[:-1], 1e-12) >= 1.3))
        )
    assert naive > 50
    assert detect(panel) == []


def test_emerging_and_declining_skills():
    rows = []
    for q, period in enumerate(["2023Q1", "2023Q2", "2023Q3", "2023Q4", "2024Q1"]):
        total = 20_000
        rows.append(("AIGC video generation", period, 0 if q < 4 else 60, total))
        rows.append(("film scanning", period, 400 if q < 4 else 150, total))
        for k in range(30):
            rows.append((f"steady-{k}", period, 200 + (k + q) % 7, total))
    alerts = {(a.skill, a.direction) for a in detect(Panel.from_rows(rows)) if a.period == "2024Q1"}
    assert alerts == {("AIGC video generation", "emerging"), ("film scanning", "decline")}


def test_seasonal_skills_are_not_flagged_once_two_years_show_the_pattern():
    rows = []
    rng = np.random.default_rng(7)
    for year in (2022, 2023, 2024):
        for quarter in range(4):
            period, total = f"{year}Q{quarter + 1}", 30_000
            # recruiting for graduates peaks every spring: +40 % in Q2
            seasonal = 1.4 if quarter == 1 else 0.87
            rows.append(("campus recruiting", period, int(rng.poisson(0.03 * seasonal * total)), total))
            for k in range(40):
                rows.append((f"flat-{k}", period, int(rng.poisson(0.005 * total)), total))
    alerts = detect(Panel.from_rows(rows))
    assert [a for a in alerts if a.period >= "2024Q1"] == []


def write_counts(path, rows):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["skill", "period", "count", "total"])
        writer.writerows(rows)


def test_cli_contract(tmp_path):
    generated = generate_panel(seed=1, surges={2.0: 5}, surge_min_share=0.01)
    path = tmp_path / "counts.csv"
    write_counts(path, generated.rows)
    out = StringIO()
    call_command("demand", "detect", "--input", str(path), stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(lines) >= 5
    for line in lines:
        assert list(line) == ["skill", "period", "direction", "growth", "p_value"]
        assert line["direction"] in {"surge", "decline", "emerging"}
        assert isinstance(line["growth"], float) and 0 <= line["p_value"] <= 1
        Period.parse(line["period"])
    planted = {(p.skill, p.period) for p in generated.surges}
    assert planted <= {(line["skill"], line["period"]) for line in lines if line["direction"] == "surge"}
    stricter = StringIO()
    call_command("demand", "detect", "--input", str(path), "--threshold", "1.5", stdout=stricter)
    assert all(json.loads(line)["growth"] >= 1.5 for line in stricter.getvalue().splitlines())


def test_cli_reports_bad_input(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("skill,period,count\nx,2024Q1,3\n", encoding="utf-8")
    with pytest.raises(CommandError, match="missing column"):
        call_command("demand", "detect", "--input", str(path))
    write_counts(path, [("x", "2024Q1", "three", 100)])
    with pytest.raises(CommandError, match="line 2"):
        call_command("demand", "detect", "--input", str(path))
    write_counts(path, [("x", "Q1-2024", 3, 100)])
    with pytest.raises(CommandError, match="Q1-2024"):
        call_command("demand", "detect", "--input", str(path))
    with pytest.raises(CommandError, match=r"(no such|No such) file"):
        call_command("demand", "detect", "--input", str(tmp_path / "missing.csv"))


def test_config_threshold_is_respected():
    generated = generate_panel(seed=2, surges={2.0: 5}, surge_min_share=0.01)
    alerts = detect(Panel.from_rows(generated.rows), DetectorConfig(threshold=3.0))
    assert all(a.growth >= 3.0 for a in alerts if a.direction == "surge")


MONTHS = [str(Period(Period.parse("2023-01").index + i, 12)) for i in range(36)]


def monthly_rows(rng, series: dict[str, np.ndarray], totals: np.ndarray | None = None, flat: int = 40):
    """Rows of 36 months: the given expected counts per skill plus ``flat`` steady skills of 20–2,000 a
    month, all with ~8 % overdispersed share noise (gamma-mixed Poisson)."""
    totals = totals if totals is not None else np.full(36, 100_000.0)
    expected = dict(series)
    for k in range(flat):
        expected[f"flat-{k}"] = np.full(36, 20.0 * 100 ** (k / flat)) * totals / 100_000
    rows = []
    for skill, mean in expected.items():
        counts = rng.poisson(mean * rng.gamma(150, 1 / 150, 36))
        rows += [(skill, month, int(c), int(t)) for month, c, t in zip(MONTHS, counts, totals, strict=True)]
    return rows


def test_a_doubling_at_200_postings_is_flagged_in_its_month_with_its_evidence():
    step = np.where(np.arange(36) >= 24, 400.0, 200.0)
    alerts = detect(Panel.from_rows(monthly_rows(np.random.default_rng(11), {"digital twin": step})))
    assert [(a.skill, a.period, a.direction) for a in alerts] == [("digital twin", "2025-01", "surge")]
    alert = alerts[0]
    assert 0.7 < alert.growth < 1.3 and alert.q_value <= 0.05
    assert alert.before is not None and alert.after is not None
    assert (alert.before.periods, alert.after.periods) == (24, 12)
    assert alert.before.low < 0.002 < alert.before.high and alert.after.low < 0.004 < alert.after.high
    assert alert.after.low > alert.before.high  # the intervals do not overlap
    assert alert.evidence()["break_period"] == "2025-01" and "test" in alert.evidence()


@pytest.mark.parametrize("seed", range(5))
def test_flat_overdispersed_series_over_36_months_raise_nothing(seed):
    assert detect(Panel.from_rows(monthly_rows(np.random.default_rng(seed), {}, flat=80))) == []


def test_a_change_in_total_volume_alone_raises_nothing():
    """A platform that starts covering a new region doubles every count: no share moves."""
    totals = np.where(np.arange(36) >= 18, 200_000.0, 100_000.0)
    assert detect(Panel.from_rows(monthly_rows(np.random.default_rng(5), {}, totals=totals, flat=60))) == []


def test_a_series_that_starts_mid_panel_is_emerging_not_a_surge_and_its_later_step_is_found():
    """Zeros before a skill was tracked are no level: its start is an emergence, a later doubling a surge."""
    late = np.where(np.arange(36) >= 10, 150.0, 0.0)
    late[26:] = 300.0
    alerts = detect(Panel.from_rows(monthly_rows(np.random.default_rng(2), {"robot welding": late})))
    assert [(a.skill, a.period, a.direction) for a in alerts] == [
        ("robot welding", "2023-11", "emerging"),
        ("robot welding", "2025-03", "surge"),
    ]


def test_a_one_month_burst_is_not_a_shift():
    """One employer's campaign triples a skill for a month; the level does not change."""
    burst = np.full(36, 300.0)
    burst[33] = 900.0  # late: without the cut, three months after it would average +67 %
    alerts = detect(Panel.from_rows(monthly_rows(np.random.default_rng(4), {"live commerce": burst})))
    assert alerts == []


def test_a_skill_with_a_decline_and_a_later_recovery_gets_both_breaks():
    level = np.full(36, 500.0)
    level[12:24] = 250.0
    alerts = detect(Panel.from_rows(monthly_rows(np.random.default_rng(8), {"film scanning": level})))
    assert [(a.period, a.direction) for a in alerts] == [("2024-01", "decline"), ("2025-01", "surge")]


def test_series_without_history_or_volume_are_skipped_quietly():
    assert detect(Panel.from_rows([("a", "2024Q1", 0, 100), ("b", "2024Q2", 0, 100)])) == []
    assert detect(Panel.from_rows([("a", "2024Q1", 3, 100)])) == []
