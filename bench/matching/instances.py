"""Generated allocation instances in the ``iehub match solve`` format.

Students list 10–15 positions drawn with Zipf-skewed popularity (a few employers are wanted by many, as in
real placement rounds); each position ranks exactly the students who listed it, by a common "merit"
score plus the position's own noise (employers agree on much, not on all); capacities are 1–20. The
``full`` case has every student list every position (the worst case for proposals).

Usage (repository root)::

    .venv/bin/python bench/matching/instances.py --students 10000 --positions 1000 --out /tmp/i.json
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import numpy as np

SIZES: dict[str, tuple[int, int]] = {
    "1k": (1_000, 100),
    "10k": (10_000, 1_000),
    "50k": (50_000, 5_000),
}
FULL = "full-2k"
FULL_SIZE = (2_000, 200)


def generate(
    students: int, positions: int, seed: int = 2026, full_lists: bool = False, zipf: float = 1.1
) -> dict[str, Any]:
    """An instance with ``students`` × ``positions``; ``full_lists`` makes every list complete."""
    rng = np.random.default_rng(seed)
    popularity = 1.0 / np.arange(1, positions + 1) ** zipf
    popularity = popularity[rng.permutation(positions)]
    popularity /= popularity.sum()
    merit = rng.normal(size=students)
    applicants: list[list[int]] = [[] for _ in range(positions)]
    student_entries = []
    for s in range(students):
        if full_lists:
            chosen = rng.permutation(positions)
        else:
            length = int(rng.integers(10, 16))
            chosen = rng.choice(positions, size=min(length, positions), replace=False, p=popularity)
        for p in chosen:
            applicants[int(p)].append(s)
        student_entries.append({"id": f"s{s}", "prefs": [f"p{int(p)}" for p in chosen]})
    position_entries = []
    for p in range(positions):
        listed = np.asarray(applicants[p], dtype=np.int64)
        score = merit[listed] + rng.normal(scale=0.5, size=len(listed))
        ranked = listed[np.argsort(-score, kind="stable")]
        position_entries.append(
            {"id": f"p{p}", "capacity": int(rng.integers(1, 21)), "prefs": [f"s{int(s)}" for s in ranked]}
        )
    return {"students": student_entries, "positions": position_entries}


def write(instance: dict[str, Any], path: Path) -> None:
    path.write_text(json.dumps(instance, separators=(",", ":")), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--students", type=int, default=1_000)
    parser.add_argument("--positions", type=int, default=100)
    parser.add_argument("--full", action="store_true", help="every student lists every position")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out", type=Path, required=True)
    arguments = parser.parse_args()
    write(generate(arguments.students, arguments.positions, arguments.seed, arguments.full), arguments.out)


if __name__ == "__main__":
    main()
