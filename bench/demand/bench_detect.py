"""False alerts and detection power of the surge detector against naive rules, on generated panels.

Usage (from the repository root):
    .venv/bin/python bench/demand/bench_detect.py [--seeds 5]

Input generator: ``bench.demand.panels.generate_panel`` (log-normal skill volumes, 8.5 % monthly share
noise — 4.9 % per quarter —, 20 % seasonal skills, planted level shifts of +30 / +50 / +100 %).
Prints Markdown tables for ``bench/demand/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from collections.abc import Callable

import numpy as np
from bench.demand.panels import GeneratedPanel, generate_panel
from scipy import stats

from iehub.engines.surge import DetectorConfig, Panel, benjamini_hochberg, detect

Flags = set[tuple[str, str]]


def iehub_detector(panel: Panel) -> Flags:
    return {(a.skill, a.period) for a in detect(panel) if a.direction in ("surge", "emerging")}


def _pairs(panel: Panel):
    for skill, series in panel.counts.items():
        for t in range(1, len(panel.periods)):
            yield skill, t, series[t], series[t - 1], panel.totals[t], panel.totals[t - 1]


def bare_threshold(panel: Panel) -> Flags:
    """+30 % share growth over the previous period and at least 10 postings."""
    return {
        (skill, str(panel.periods[t]))
        for skill, t, c, p, n, m in _pairs(panel)
        if c >= 10 and p > 0 and (c / n) / (p / m) >= 1.3
    }


def _proportion_p(c: float, p: float, n: float, m: float) -> float:
    pooled = (c + p) / (n + m)
    se = np.sqrt(pooled * (1 - pooled) * (1 / n + 1 / m))
    return float(stats.norm.sf((c / n - p / m) / se)) if se > 0 else 1.0


def proportion_test(panel: Panel) -> Flags:
    """+30 % and a one-sided two-proportion z-test at 5 % (no overdispersion, no FDR)."""
    return {
        (skill, str(panel.periods[t]))
        for skill, t, c, p, n, m in _pairs(panel)
        if c >= 10 and p > 0 and (c / n) / (p / m) >= 1.3 and _proportion_p(c, p, n, m) < 0.05
    }


def proportion_test_bh(panel: Panel) -> Flags:
    """+30 % and the two-proportion test with Benjamini–Hochberg per period (no overdispersion)."""
    flags: Flags = set()
    by_period: dict[int, list[tuple[str, float, float]]] = defaultdict(list)
    for skill, t, c, p, n, m in _pairs(panel):
        growth = (c / n) / (p / m) - 1 if p > 0 else np.inf
        by_period[t].append((skill, growth, _proportion_p(c, p, n, m) if c + p > 0 else 1.0))
    for t, tests in by_period.items():
        q = benjamini_hochberg([x[2] for x in tests])
        flags |= {
            (s, str(panel.periods[t]))
            for (s, g, _), qv in zip(tests, q, strict=True)
            if qv <= 0.05 and g >= 0.3
        }
    return flags


METHODS: dict[str, Callable[[Panel], Flags]] = {
    "iehub detector": iehub_detector,
    "bare +30 % rule": bare_threshold,
    "two-proportion test": proportion_test,
    "two-proportion test + BH": proportion_test_bh,
}
BANDS = ((0, 100), (100, 500), (500, 10**9))


def evaluate(generated: GeneratedPanel, flags: Flags, panel: Panel) -> dict[str, float]:
    flat = set(generated.flat_skills)
    false = sum(1 for skill, _ in flags if skill in flat)
    result: dict[str, float] = {"false": false, "flat": len(flat)}
    for planted in generated.surges:
        t = [str(p) for p in panel.periods].index(planted.period)
        volume = panel.counts[planted.skill][t - 1]
        band = next(f"{lo}-{hi}" for lo, hi in BANDS if lo <= volume < hi)
        hit = (planted.skill, planted.period) in flags
        for key in (f"x{planted.factor}", f"band {band}"):
            result[key + " hit"] = result.get(key + " hit", 0) + hit
            result[key + " n"] = result.get(key + " n", 0) + 1
    return result


def rate(totals: dict[str, float], key: str) -> str:
    n = totals.get(key + " n", 0)
    return f"{totals.get(key + ' hit', 0):.0f}/{n:.0f}" if n else "–"


def run(label: str, panels: list[GeneratedPanel]) -> None:
    print(f"\n### {label}\n")
    print(
        "| method | false alerts per 100 flat series | +30 % found | +50 % found | +100 % found "
        "| prev. volume <100 | 100–500 | ≥500 | seconds |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    parsed = [Panel.from_rows(g.rows) for g in panels]
    for name, method in METHODS.items():
        totals: dict[str, float] = defaultdict(float)
        start = time.perf_counter()
        results = [evaluate(g, method(p), p) for g, p in zip(panels, parsed, strict=True)]
        elapsed = (time.perf_counter() - start) / len(panels)
        for r in results:
            for k, v in r.items():
                totals[k] += v

        cells = [rate(totals, key) for key in ("x1.3", "x1.5", "x2.0", "band 0-100", "band 100-500")]
        cells.append(rate(totals, "band 500-1000000000"))
        print(
            f"| {name} | {100 * totals['false'] / totals['flat']:.2f} | {' | '.join(cells)} | {elapsed:.2f} |"
        )


def sweep(seeds: int) -> None:
    """The power / false-alert dial: prior weight of the volatility estimate and the FDR level."""
    panels = [generate_panel(seed=s, surges={1.3: 10, 1.5: 10, 2.0: 10}) for s in range(seeds)]
    parsed = [Panel.from_rows(g.rows) for g in panels]
    print("\n### Sweep (quarterly)\n")
    print("| prior weight | FDR | false alerts per 100 flat series | +30 % | +50 % | +100 % |")
    print("|---:|---:|---:|---:|---:|---:|")
    for prior_weight, fdr in ((6, 0.05), (10, 0.05), (10, 0.10), (20, 0.05), (20, 0.10)):
        config = DetectorConfig(prior_weight=prior_weight, fdr=fdr)
        totals: dict[str, float] = defaultdict(float)
        for g, p in zip(panels, parsed, strict=True):
            flags = {(a.skill, a.period) for a in detect(p, config) if a.direction in ("surge", "emerging")}
            for k, v in evaluate(g, flags, p).items():
                totals[k] += v
        cells = " | ".join(rate(totals, key) for key in ("x1.3", "x1.5", "x2.0"))
        print(f"| {prior_weight} | {fdr} | {100 * totals['false'] / totals['flat']:.2f} | {cells} |")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--sweep", action="store_true", help="only the prior-weight / FDR sweep")
    args = parser.parse_args()
    if args.sweep:
        sweep(args.seeds)
        return
    surges = {1.3: 10, 1.5: 10, 2.0: 10}
    run(
        "Quarterly: 400 skills × 8 quarters, 30,000 postings a quarter",
        [generate_panel(seed=s, surges=surges) for s in range(args.seeds)],
    )
    run(
        "Monthly: 400 skills × 24 months, 10,000 postings a month",
        [
            generate_panel(
                seed=s, per_year=12, n_periods=24, start="2023-01", total_per_period=10_000, surges=surges
            )
            for s in range(args.seeds)
        ],
    )


if __name__ == "__main__":
    main()
