"""Scale: N generated postings through the local engine and through Spark ``local[2]``.

Run: ``.venv/bin/python bench/skills/bench_engines.py --postings 1000000`` (needs the ``[spark]`` extra).
Prints postings per second and peak memory of each engine; results go to bench/skills/RESULTS.md by hand.
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from pathlib import Path

from bench.skills.sample import write_sample_postings

from iehub.engines.extraction.batch import run_local, run_spark
from iehub.engines.extraction.lexicon import Lexicon
from iehub.taxonomy.curated import curated_surfaces


def _peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def _descendants_peak_mb() -> float:
    """Sum of the peak RSS (VmHWM) of every live descendant: Spark's JVM and its Python workers."""
    parents: dict[int, int] = {}
    peaks: dict[int, int] = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
        except OSError:
            continue
        pid = int(status.parent.name)
        parents[pid] = int(fields.get("PPid", "0").strip())
        peaks[pid] = int(fields["VmHWM"].split()[0]) if "VmHWM" in fields else 0
    me = os.getpid()

    def descends(pid: int) -> bool:
        while pid > 1:
            pid = parents.get(pid, 0)
            if pid == me:
                return True
        return False

    return sum(peak for pid, peak in peaks.items() if descends(pid)) / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postings", type=int, default=200_000)
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--skip-spark", action="store_true")
    args = parser.parse_args()
    lexicon = Lexicon(curated_surfaces())
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        source = work / "postings.parquet"
        started = time.perf_counter()
        write_sample_postings(source, args.postings)
        print(
            f"generated {args.postings:,} postings in {time.perf_counter() - started:.1f} s "
            f"({source.stat().st_size / 1e6:.0f} MB Parquet)"
        )
        started = time.perf_counter()
        mentions = run_local(source, work / "local.parquet", lexicon)
        seconds = time.perf_counter() - started
        print(
            f"local: {mentions:,} mentions, {seconds:.1f} s, {args.postings / seconds:,.0f} postings/s, "
            f"peak RSS {_peak_mb(resource.RUSAGE_SELF):.0f} MB"
        )
        if args.skip_spark:
            return
        started = time.perf_counter()
        mentions = run_spark(source, work / "spark", lexicon, args.master)
        seconds = time.perf_counter() - started
        print(
            f"spark {args.master}: {mentions:,} mentions, {seconds:.1f} s (session start included), "
            f"{args.postings / seconds:,.0f} postings/s, "
            f"driver peak RSS {_peak_mb(resource.RUSAGE_SELF):.0f} MB, "
            f"JVM and workers peak RSS (sum) {_descendants_peak_mb():.0f} MB"
        )


if __name__ == "__main__":
    main()
