"""Wall time of the surge detector on generated panels, and whether another version of the engine
flags exactly the same (skill, period, direction, p, q).

Usage (repository root):
    .venv/bin/python bench/demand/bench_speed.py [--skills 1000] [--periods 36] [--compare OLD_SURGE.py]

``--compare`` loads another copy of ``src/iehub/engines/surge.py`` (e.g. ``git show REV:src/iehub/
engines/surge.py > /tmp/surge_old.py``) and runs both on the same panels.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from pathlib import Path
from types import ModuleType

sys.path[:0] = [str(Path(__file__).resolve().parents[2]), str(Path(__file__).resolve().parents[2] / "src")]

from bench.demand.panels import generate_panel  # noqa: E402

from iehub.engines import surge  # noqa: E402


def load(path: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location("surge_compared", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["surge_compared"] = module
    spec.loader.exec_module(module)
    return module


def timed(
    engine: ModuleType, rows: list[tuple[str, str, int, int]]
) -> tuple[float, list[tuple[object, ...]]]:
    start = time.perf_counter()
    alerts = engine.detect(engine.Panel.from_rows(rows))
    seconds = time.perf_counter() - start
    return seconds, [(a.skill, a.period, a.direction, a.p_value, a.q_value) for a in alerts]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--skills", type=int, default=1000)
    parser.add_argument("--periods", type=int, default=36)
    parser.add_argument("--seeds", type=int, default=2)
    parser.add_argument("--compare", default="")
    args = parser.parse_args()
    other = load(args.compare) if args.compare else None
    print("| seed | series × months | alerts | seconds | compared: seconds | same alerts |")
    print("|---:|---|---:|---:|---:|---|")
    for seed in range(args.seeds):
        rows = generate_panel(
            seed=seed, n_skills=args.skills, n_periods=args.periods, per_year=12, start="2023-01"
        ).rows
        seconds, alerts = timed(surge, rows)
        if other is None:
            print(f"| {seed} | {args.skills} × {args.periods} | {len(alerts)} | {seconds:.2f} | | |")
            continue
        other_seconds, other_alerts = timed(other, rows)
        same = "yes" if alerts == other_alerts else "NO"
        size = f"{args.skills} × {args.periods}"
        print(f"| {seed} | {size} | {len(alerts)} | {seconds:.2f} | {other_seconds:.2f} | {same} |")


if __name__ == "__main__":
    main()
