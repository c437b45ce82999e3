"""``iehub match solve`` against the PyPI package ``matching`` 1.4.3 and a plain pure-Python reference.

For each generated instance (bench/matching/instances.py) the script runs, each in its own process so
that peak memory (maximum resident set size from ``wait4``) belongs to one solver:

- ``iehub``: the whole command ``iehub match solve --input … --output …`` (start-up, JSON in and out);
- ``matching``: the peer's resident-optimal hospital–resident algorithm, called directly (peer.py says
  why); the time reported is the algorithm call alone, players built beforehand;
- ``reference``: a plain heap-based deferred acceptance in pure Python (reference.py), whole process.

The assignments of the three must be identical (student-optimal stable matchings are unique).

Usage (repository root)::

    .venv/bin/python bench/matching/bench_solve.py [--sizes 1k,10k,50k,full-2k] [--skip-peer-above 60000]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from bench.matching.instances import FULL, FULL_SIZE, SIZES, generate, write  # noqa: E402

WORK = ROOT / "var" / "bench" / "matching"


def run_child(argv: list[str]) -> tuple[float, int, int]:
    """Run ``argv``; its wall seconds, peak resident memory in MiB and exit status.

    The peak comes from GNU time, which forks the command from its own small process: on Linux a
    child's ``ru_maxrss`` otherwise starts at the size of the process that forked it (this one, holding
    the generated instance), which would hide the solvers' differences.
    """
    report = WORK / "time.txt"
    start = time.perf_counter()
    completed = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", str(report), *argv], check=False)
    seconds = time.perf_counter() - start
    peak_kib = int(report.read_text().split()[-1])
    return seconds, peak_kib // 1024, completed.returncode


def measure(name: str, size: tuple[int, int], full: bool, repeats: int, peer: bool) -> dict[str, Any]:
    WORK.mkdir(parents=True, exist_ok=True)
    source = WORK / f"{name}.json"
    if not source.exists():
        write(generate(*size, full_lists=full), source)
    row: dict[str, Any] = {"instance": name, "students": size[0], "positions": size[1]}
    iehub = str(ROOT / ".venv" / "bin" / "iehub")
    runs = [
        run_child([iehub, "match", "solve", "--input", str(source), "--output", str(WORK / "iehub.json")])
    ]
    runs += [
        run_child([iehub, "match", "solve", "--input", str(source), "--output", str(WORK / "iehub.json")])
        for _ in range(repeats - 1)
    ]
    row["iehub_s"] = statistics.median(r[0] for r in runs)
    row["iehub_mib"] = max(r[1] for r in runs)
    ours = json.loads((WORK / "iehub.json").read_text())["assignment"]
    row["placed"] = sum(v is not None for v in ours.values())
    here = Path(__file__).parent
    seconds, mib, _ = run_child(
        [sys.executable, str(here / "reference.py"), str(source), str(WORK / "r.json")]
    )
    row["reference_s"], row["reference_mib"] = seconds, mib
    row["reference_equal"] = json.loads((WORK / "r.json").read_text())["assignment"] == ours
    if peer:
        seconds, mib, code = run_child(
            [sys.executable, str(here / "peer.py"), str(source), str(WORK / "p.json")]
        )
        if code == 0:
            peer_result = json.loads((WORK / "p.json").read_text())
            row["peer_algorithm_s"], row["peer_process_s"], row["peer_mib"] = (
                peer_result["algorithm_seconds"],
                seconds,
                mib,
            )
            row["peer_equal"] = peer_result["assignment"] == ours
            row["speed_up_vs_peer_algorithm"] = peer_result["algorithm_seconds"] / row["iehub_s"]
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1k,10k,50k," + FULL)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-peer", default="", help="comma-separated sizes to run without the peer")
    arguments = parser.parse_args()
    skip_peer = set(filter(None, arguments.no_peer.split(",")))
    print(f"# {time.strftime('%Y-%m-%d')} · {platform.platform()} · {os.cpu_count()} CPUs")
    for name in arguments.sizes.split(","):
        size = FULL_SIZE if name == FULL else SIZES[name]
        row = measure(name, size, name == FULL, arguments.repeats, name not in skip_peer)
        print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
