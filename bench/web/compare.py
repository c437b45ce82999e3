"""Compare two runs of ``bench.web.measure``: the summary figures of each and the URLs that moved most.

Usage (from the repository root):
    .venv/bin/python -m bench.web.compare BEFORE.md AFTER.md [--top 15]

Each file holds a run's Markdown table as ``measure`` prints it (a section of bench/web/RESULTS.md
cut out, or the command's output). Ratios are compared, not milliseconds: each is the URL's p95 over
``/healthz``'s p95 in the same run, which is what stays comparable when the machine's speed differs.
Runs from 2026-12-02 on print ratios with two decimals, so that a 3.05 is not counted as within 3×;
an older table's one decimal is read as it stands.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Row:
    kb: float
    p95_ms: float
    ratio: float
    crowd_ratio: float | None  # at the first concurrency of the run (10 users)
    queries: int | None
    first_ms: float | None  # the URL's first view in the run (runs from 2026-12-01 on report it)


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def read_table(path: Path) -> dict[str, Row]:
    """The measured URLs of a report: ``login url`` → its row (columns found by their headings)."""
    rows: dict[str, Row] = {}
    column: dict[str, int] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("| login and URL"):
            column = {name: i for i, name in enumerate(_cells(line))}
            continue
        if not line.startswith("| `") or not column:
            continue
        cells = _cells(line)
        if len(cells) != len(column):  # a summary table's row, not a measured URL
            continue
        crowd = next(cells[i] for name, i in column.items() if name.startswith("×"))
        first = cells[column["first ms"]] if "first ms" in column else "–"
        rows[cells[0].strip("`")] = Row(
            kb=float(cells[column["kB"]]),
            p95_ms=float(cells[column["p95 ms"]]),
            ratio=float(cells[column["ratio"]]),
            crowd_ratio=None if crowd == "–" else float(crowd),
            queries=None if cells[column["queries"]] == "–" else int(cells[column["queries"]]),
            first_ms=None if first == "–" else float(first),
        )
    return rows


def summary(rows: dict[str, Row]) -> dict[str, float]:
    ratios = [row.ratio for row in rows.values()]
    crowd = [row.crowd_ratio for row in rows.values() if row.crowd_ratio is not None]
    firsts = [row.first_ms for row in rows.values() if row.first_ms is not None]
    return {
        "URLs": len(rows),
        "median ratio alone": statistics.median(ratios),
        "share ≤ 3× alone (%)": 100 * sum(r <= 3 for r in ratios) / len(ratios),
        "share ≤ 10× alone (%)": 100 * sum(r <= 10 for r in ratios) / len(ratios),
        "worst ratio alone": max(ratios),
        "URLs over 20× alone": sum(r > 20 for r in ratios),
        "URLs with a p95 over 250 ms alone": sum(row.p95_ms > 250 for row in rows.values()),
        "slowest p95 alone (ms)": max(row.p95_ms for row in rows.values()),
        "median ratio ×10": statistics.median(crowd) if crowd else float("nan"),
        "share ≤ 5× at ×10 (%)": 100 * sum(r <= 5 for r in crowd) / len(crowd) if crowd else float("nan"),
        "median p95 alone (ms)": statistics.median(row.p95_ms for row in rows.values()),
        "largest page (kB)": max(row.kb for row in rows.values()),
        "median queries": statistics.median(row.queries for row in rows.values() if row.queries is not None),
        "median first view (ms)": statistics.median(firsts) if firsts else float("nan"),
        "slowest first view (ms)": max(firsts) if firsts else float("nan"),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args()
    before, after = read_table(args.before), read_table(args.after)
    print("| figure | before | after |\n|---|---:|---:|")
    for (name, old), new in zip(summary(before).items(), summary(after).values(), strict=True):
        print(f"| {name} | {old:.2f} | {new:.2f} |")
    common = sorted(set(before) & set(after), key=lambda key: after[key].ratio / before[key].ratio)
    print(f"\n{len(common)} URLs in both runs. Largest changes of the ratio alone:\n")
    print("| login and URL | ratio before | after | kB before | after | queries before | after |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for key in [*common[: args.top], *common[-3:]]:
        b, a = before[key], after[key]
        cells = (f"{b.ratio:.2f}", f"{a.ratio:.2f}", f"{b.kb:.0f}", f"{a.kb:.0f}", b.queries, a.queries)
        print(f"| `{key}` | " + " | ".join(str(cell) for cell in cells) + " |")
    worst = sorted(after.items(), key=lambda item: -item[1].ratio)[: args.top]
    print("\nWorst ratios alone after:\n")
    print(", ".join(f"`{key}` {row.ratio:.2f}×" for key, row in worst))
    return 0


if __name__ == "__main__":
    sys.exit(main())
