"""Power and false alerts of the surge detector against the previous detector and two-proportion tests.

Usage (from the repository root):
    git show 37a347d:src/iehub/engines/surge.py > /tmp/surge_previous.py
    .venv/bin/python bench/demand/bench_detect.py --seeds 3 --previous /tmp/surge_previous.py
    .venv/bin/python bench/demand/bench_detect.py --seeds 3 --sweep
    .venv/bin/python bench/demand/bench_detect.py --speed 2335

Input generator: ``bench.demand.panels.generate_realistic_panel`` (1,000 monthly series × 36 months;
log-uniform volumes of 10–5,000 postings a month and a sparse long tail; AR(1) share noise and
negative-binomial counts, ~8.6 % a month; seasonal, trending, bursting and late-starting series; a
×1.4 jump in the total; 25 steps each of ×1.2, ×1.5, ×2, ×3 and their inverses per panel).
A planted step is *found* when the method flags that skill, in that direction, in the month the step
starts ("±1": within a month of it). False alerts are surge or decline alerts on flat series (bursting
and late-starting series included); emergence alerts on late-starting series are counted apart.
Precision counts every surge/decline alert on non-trending series: matched to a planted step or not.
Prints Markdown tables for ``bench/demand/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path[:0] = [str(Path(__file__).resolve().parents[2]), str(Path(__file__).resolve().parents[2] / "src")]

from bench.demand.bench_speed import load  # noqa: E402
from bench.demand.panels import RealisticPanel, generate_realistic_panel  # noqa: E402
from scipy import stats  # noqa: E402

from iehub.engines.surge import DetectorConfig, Panel, benjamini_hochberg, detect, series_matrix  # noqa: E402

Flags = set[tuple[str, str, str]]  # (skill, period, direction)
SIZES = ((3.0, "+200 %"), (2.0, "+100 %"), (1.5, "+50 %"), (1.2, "+20 %"))
DOWN = {"+200 %": "÷3", "+100 %": "÷2", "+50 %": "÷1.5", "+20 %": "÷1.2"}


def detector_flags(panel: Panel, config: DetectorConfig | None = None) -> Flags:
    return {(a.skill, a.period, a.direction) for a in detect(panel, config) if a.direction != "emerging"}


def proportion_flags(panel: Panel, window: int, threshold: float = 0.2, fdr: float = 0.05) -> Flags:
    """Two-proportion z-test of ``window`` periods from t on against the ``window`` before, both
    directions, Benjamini–Hochberg over every test of the panel; no overdispersion."""
    skills, counts = series_matrix(panel)
    totals = panel.totals
    n = len(totals)
    tests = []
    for t in range(window, n - window + 1):
        before, after = counts[:, t - window : t].sum(axis=1), counts[:, t : t + window].sum(axis=1)
        n_before, n_after = totals[t - window : t].sum(), totals[t : t + window].sum()
        pooled = (before + after) / (n_before + n_after)
        se = np.sqrt(np.maximum(pooled * (1 - pooled) * (1 / n_before + 1 / n_after), 1e-300))
        z = (after / n_after - before / n_before) / se
        growth = (after / n_after) / np.maximum(before / n_before, 1e-12) - 1
        p = 2 * stats.norm.sf(np.abs(z))
        for i in np.flatnonzero((before + after) >= 10):
            tests.append((skills[i], t, float(p[i]), float(growth[i])))
    q = benjamini_hochberg([x[2] for x in tests])
    return {
        (skill, str(panel.periods[t]), "surge" if growth > 0 else "decline")
        for (skill, t, _p, growth), qv in zip(tests, q, strict=True)
        if qv <= fdr and abs(growth) >= threshold
    }


@dataclass
class Score:
    flat: int = 0
    false: int = 0
    alerts: int = 0  # surge/decline alerts on non-trending series
    matched: int = 0
    emerging_late: int = 0
    seconds: float = 0.0

    def __post_init__(self) -> None:
        self.found: Counter[str] = Counter()
        self.near: Counter[str] = Counter()
        self.planted: Counter[str] = Counter()


def size_key(factor: float) -> str:
    for size, label in SIZES:
        if np.isclose(factor, size):
            return label
        if np.isclose(factor, 1 / size):
            return DOWN[label]
    return f"×{factor:.2f}"


def band_key(volume: float) -> str:
    return "<100" if volume < 100 else "100–1,000" if volume < 1000 else "≥1,000"


def score(generated: RealisticPanel, panel: Panel, flags: Flags, result: Score, emerging: Flags) -> None:
    index = {str(period): i for i, period in enumerate(panel.periods)}
    flat, trend = set(generated.flat_skills), set(generated.trend_skills)
    result.flat += len(flat)
    result.false += sum(1 for skill, _, _ in flags if skill in flat)
    result.alerts += sum(1 for skill, _, _ in flags if skill not in trend)
    result.emerging_late += sum(1 for skill, _, _ in emerging if skill in set(generated.late_skills))
    by_skill: dict[str, list[tuple[int, str]]] = {}
    for skill, period, direction in flags:
        by_skill.setdefault(skill, []).append((index[period], direction))
    for step in generated.steps:
        direction = "surge" if step.factor > 1 else "decline"
        hit = (step.skill, step.period, direction) in flags
        near = any(
            d == direction and abs(t - index[step.period]) <= 1 for t, d in by_skill.get(step.skill, [])
        )
        result.matched += hit
        for key in (
            size_key(step.factor),
            f"{size_key(step.factor)} {band_key(step.volume)}",
            band_key(step.volume),
        ):
            result.planted[key] += 1
            result.found[key] += hit
            result.near[key] += near


def f1(result: Score) -> float:
    recall = result.matched / max(sum(result.planted[label] for _, label in SIZES) * 2, 1)
    precision = result.matched / max(result.alerts, 1)
    return 2 * precision * recall / max(precision + recall, 1e-12)


def evaluate(
    panels: list[tuple[RealisticPanel, Panel]], method: Callable[[Panel], Flags], emerging: bool = False
) -> Score:
    result = Score()
    for generated, panel in panels:
        start = time.perf_counter()
        flags = method(panel)
        result.seconds += time.perf_counter() - start
        found = (
            {(a.skill, a.period, a.direction) for a in detect(panel) if a.direction == "emerging"}
            if emerging
            else set()
        )
        score(generated, panel, flags, result, found)
    result.seconds /= len(panels)
    return result


def per_hundred(result: Score) -> str:
    return f"{100 * result.false / result.flat:.2f}"


def rate(result: Score, key: str) -> str:
    n = result.planted[key]
    return f"{result.found[key]}/{n} ({result.near[key]})" if n else "–"


def table(panels: list[tuple[RealisticPanel, Panel]], methods: dict[str, Callable[[Panel], Flags]]) -> None:
    sizes = [label for _, label in SIZES] + [DOWN[label] for _, label in SIZES]
    print("| method | false alerts / 100 flat | F1 | " + " | ".join(sizes) + " | seconds |")
    print("|---|---:|---:|" + "---:|" * len(sizes) + "---:|")
    for name, method in methods.items():
        result = evaluate(panels, method)
        cells = " | ".join(rate(result, key) for key in sizes)
        print(f"| {name} | {per_hundred(result)} | {f1(result):.3f} | {cells} | {result.seconds:.2f} |")
    print()
    result = evaluate(panels, detector_flags, emerging=True)
    print("By volume before the step (new detector; found at the step's month, in brackets within ±1):\n")
    print("| shift | <100 a month | 100–1,000 | ≥1,000 |")
    print("|---|---:|---:|---:|")
    for key in sizes:
        cells = " | ".join(rate(result, f"{key} {band}") for band in ("<100", "100–1,000", "≥1,000"))
        print(f"| {key} | {cells} |")
    hundred_up = [f"{label} {band}" for label in ("+100 %", "+50 %") for band in ("100–1,000", "≥1,000")]
    for label in ("+100 %", "+50 %"):
        keys = [k for k in hundred_up if k.startswith(label)]
        found, planted = sum(result.found[k] for k in keys), sum(result.planted[k] for k in keys)
        print(
            f"\n{label} at 100+ postings a period: {found}/{planted} = {100 * found / max(planted, 1):.0f} %",
            end="",
        )
    print(
        f"\n\nEmergence alerts on the {len(panels) * len(panels[0][0].late_skills)} late-starting series: "
        f"{result.emerging_late} (reported as emerging, not as surges)."
    )


def sweep(panels: list[tuple[RealisticPanel, Panel]]) -> None:
    print("| FDR | threshold | false alerts / 100 flat | F1 | +20 % | +50 % | +100 % | ÷2 |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for fdr in (0.01, 0.05, 0.1, 0.2):
        for threshold in (0.1, 0.15, 0.2, 0.3):
            config = DetectorConfig(fdr=fdr, threshold=threshold)
            result = evaluate(panels, lambda p, c=config: detector_flags(p, c))
            cells = " | ".join(rate(result, k) for k in ("+20 %", "+50 %", "+100 %", "÷2"))
            print(f"| {fdr} | {threshold} | {per_hundred(result)} | {f1(result):.3f} | {cells} |")


def speed(n_skills: int, rounds: int = 3) -> None:
    generated = generate_realistic_panel(seed=0, n_skills=n_skills, steps_per_factor=max(1, n_skills // 40))
    print("| series × months | parse (s) | detect (s) | alerts |")
    print("|---|---:|---:|---:|")
    for _ in range(rounds):
        start = time.perf_counter()
        panel = Panel.from_rows(generated.rows)
        parsed = time.perf_counter()
        alerts = detect(panel)
        done = time.perf_counter()
        print(
            f"| {n_skills} × {len(panel.periods)} | {parsed - start:.2f} | {done - parsed:.2f} "
            f"| {len(alerts)} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--previous", default="", help="another copy of surge.py to compare with")
    parser.add_argument("--sweep", action="store_true", help="the FDR / threshold dial")
    parser.add_argument("--speed", type=int, default=0, help="time the detector on this many series × 36")
    args = parser.parse_args()
    if args.speed:
        speed(args.speed)
        return
    generated = [generate_realistic_panel(seed=seed) for seed in range(args.seeds)]
    panels = [(g, Panel.from_rows(g.rows)) for g in generated]
    if args.sweep:
        sweep(panels)
        return
    methods: dict[str, Callable[[Panel], Flags]] = {"iehub change-point detector": detector_flags}
    if args.previous:
        previous = load(args.previous)
        methods["previous detector (last-4-periods window)"] = lambda p: {
            (a.skill, a.period, a.direction)
            for a in previous.detect(previous.Panel.from_rows(_rows(p)))
            if a.direction != "emerging"
        }
    methods["two-proportion test + BH, one period"] = lambda p: proportion_flags(p, 1)
    methods["two-proportion test + BH, three periods"] = lambda p: proportion_flags(p, 3)
    table(panels, methods)


def _rows(panel: Panel) -> list[tuple[str, str, int, int]]:
    return [
        (skill, str(period), int(count), int(total))
        for skill, series in panel.counts.items()
        for period, count, total in zip(panel.periods, series, panel.totals, strict=True)
    ]


if __name__ == "__main__":
    main()
