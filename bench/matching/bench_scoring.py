"""Top-20 recommendations for every student: ``iehub.engines.match_scoring.top_n`` at province scale.

Generated input: students with 5–30 evaluated competencies (levels 1–3 in half steps) drawn with
Zipf-skewed popularity from a skill list, opportunities asking for 4–12 skills (level 1–3, importance
1–3), three related skills per skill, and preferences (0–2 provinces, 0–2 industries, 0–1 enterprise
type) the way the matching profile stores them. Reports wall time of the scoring alone (input built
beforehand) and the peak resident memory of the process.

Usage (repository root)::

    .venv/bin/python bench/matching/bench_scoring.py [--students 100000] [--opportunities 5000]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import time
from pathlib import Path

import numpy as np
from scipy import sparse

sys.path[:0] = [str(Path(__file__).resolve().parents[2] / "src")]

from iehub.engines.match_scoring import OpportunityFacts, Preferences, Requirement, top_n  # noqa: E402

PROVINCES = [f"{code}0000" for code in (11, 12, 13, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 50, 51)]
INDUSTRIES = list("ABCDEFGHIJKLMNOPQRST")
TYPES = ["state", "private", "foreign", "collective", "mixed"]


def generate(
    students: int, opportunities: int, skills: int, seed: int = 2026
) -> tuple[sparse.csr_matrix, list[Preferences], list[OpportunityFacts], sparse.csr_matrix]:
    rng = np.random.default_rng(seed)
    popularity = 1.0 / np.arange(1, skills + 1) ** 1.05
    popularity /= popularity.sum()
    counts = rng.integers(5, 31, size=students)
    rows = np.repeat(np.arange(students), counts)
    cols = rng.choice(skills, size=int(counts.sum()), p=popularity)
    levels = rng.choice([1.0, 1.5, 2.0, 2.5, 3.0], size=rows.size)
    matrix = sparse.csr_matrix((levels, (rows, cols)), shape=(students, skills))
    matrix.sum_duplicates()
    matrix.data = np.minimum(matrix.data, 3.0)
    preferences = [
        Preferences(
            regions=frozenset(rng.choice(PROVINCES, size=int(rng.integers(0, 3)), replace=False)),
            industries=frozenset(rng.choice(INDUSTRIES, size=int(rng.integers(0, 3)), replace=False)),
            enterprise_types=frozenset(rng.choice(TYPES, size=int(rng.integers(0, 2)), replace=False)),
        )
        for _ in range(students)
    ]
    facts = []
    for _ in range(opportunities):
        required = rng.choice(skills, size=int(rng.integers(4, 13)), replace=False, p=popularity)
        facts.append(
            OpportunityFacts(
                tuple(
                    Requirement(int(k), int(rng.integers(1, 4)), float(rng.integers(1, 4))) for k in required
                ),
                region=str(rng.choice(PROVINCES))[:2] + f"{int(rng.integers(1, 20)):02d}00",
                industry=str(rng.choice(INDUSTRIES)),
                enterprise_type=str(rng.choice(TYPES)),
            )
        )
    sources = np.repeat(np.arange(skills), 3)
    targets = rng.integers(0, skills, size=sources.size)
    keep = sources != targets
    relations = sparse.csr_matrix(
        (rng.uniform(0.3, 0.9, size=int(keep.sum())), (sources[keep], targets[keep])), shape=(skills, skills)
    )
    relations.sum_duplicates()
    relations.data = np.minimum(relations.data, 1.0)
    return matrix, preferences, facts, relations


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--students", type=int, default=100_000)
    parser.add_argument("--opportunities", type=int, default=5_000)
    parser.add_argument("--skills", type=int, default=2_000)
    parser.add_argument("--top", type=int, default=20)
    arguments = parser.parse_args()
    start = time.perf_counter()
    matrix, preferences, facts, relations = generate(
        arguments.students, arguments.opportunities, arguments.skills
    )
    generated = time.perf_counter() - start
    start = time.perf_counter()
    ranked = top_n(matrix, preferences, facts, relations, n=arguments.top)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    row = {
        "date": time.strftime("%Y-%m-%d"),
        "machine": f"{platform.platform()} · {os.cpu_count()} CPUs",
        "students": arguments.students,
        "opportunities": arguments.opportunities,
        "skills": arguments.skills,
        "competencies": int(matrix.nnz),
        "generate_s": round(generated, 1),
        "top_n_s": round(seconds, 1),
        "peak_mib": peak,
        "best_score_median": float(np.median(ranked.scores[:, 0])),
    }
    print(json.dumps(row))


if __name__ == "__main__":
    main()
