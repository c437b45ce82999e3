"""The ``/healthz`` samples taken while a URL was measured, against those of the whole run: whether a
URL's high p95 is its own or a slow spell of the machine. For runs that measured each URL's rounds in
a row (``bench.web.measure`` before 2026-12-02's twentieth run), whose ``/healthz`` samples are stored
in the same order, ``--rounds`` to a URL.

Usage (from the repository root):
    .venv/bin/python -m bench.web.windows var/bench/web19/results.json [--rounds 60] [--top 4]
"""

from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path

from bench.server.load import percentile


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", type=Path)
    parser.add_argument("--rounds", type=int, default=60)
    parser.add_argument("--top", type=int, default=4)
    args = parser.parse_args()
    results = json.loads(args.results.read_text(encoding="utf-8"))
    alone, health = results["alone"], results["health"]
    keys = list(alone)
    pooled = percentile(health, 0.95)
    print(f"/healthz of the run: p50 {1000 * statistics.median(health):.1f} ms, p95 {1000 * pooled:.1f} ms\n")
    print("| login and URL | p50 ms | p95 ms | ratio | its /healthz p50 ms | its /healthz p95 ms |")
    print("|---|---:|---:|---:|---:|---:|")
    for key in sorted(keys, key=lambda k: -alone[k]["p95"])[: args.top]:
        position = keys.index(key)
        window = health[position * args.rounds : (position + 1) * args.rounds]
        row = alone[key]
        print(
            f"| `{key}` | {1000 * row['p50']:.1f} | {1000 * row['p95']:.1f} | {row['p95'] / pooled:.2f} "
            f"| {1000 * statistics.median(window):.1f} | {1000 * percentile(window, 0.95):.1f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
