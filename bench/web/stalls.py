"""Where the slow samples of kept pages come from: one user's pages requested one after another
against the documented server, whose workers log their garbage collections (``stalls_gunicorn``);
prints the samples' quantiles, how many took over ``--slow`` ms and how many of those had a collection
end in some worker while they ran (the machine's speed varies from run to run: compare the quantiles
and the count over twice the median, of runs made one after another).

Usage (from the repository root, the bench database loaded as for ``bench.web.measure``):
    .venv/bin/python -m bench.web.stalls [--login teacher] [--rounds 40] [--slow 8]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from bench.server.load import percentile
from bench.web.measure import collector_off, fresh_log, get, served_to_one_login

QUANTILES = (("p50", 0.5), ("p95", 0.95), ("p99", 0.99))


def collections(path: Path) -> list[tuple[float, int, float]]:
    """(wall time at the end, generation, ms) of each logged collection."""
    if not path.exists():
        return []
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        at, generation, took = line.split()
        found.append((float(at), int(generation), float(took)))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--login", default="teacher")
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--slow", type=float, default=8.0, help="ms")
    args = parser.parse_args()
    log = fresh_log("stalls-gc.log")
    samples: list[tuple[float, float, str]] = []  # (wall start, seconds, url)
    served = served_to_one_login(args.login, "bench.web.stalls_gunicorn", IEHUB_STALLS_GC_LOG=str(log))
    with served as (opener, urls):
        for url in urls:  # every page computed once and kept: the rounds measure kept pages
            get(opener, url)
        with collector_off():
            for _ in range(args.rounds):
                for url in urls:
                    started = time.time()
                    samples.append((started, get(opener, url)[1], url))
    # Only what ended while the rounds ran: a worker's exit collects its whole heap once more.
    found = [c for c in collections(log) if samples[0][0] <= c[0] <= samples[-1][0] + samples[-1][1]]
    slow = [(start, took, url) for start, took, url in samples if 1000 * took > args.slow]
    with_gc = [s for s in slow if any(s[0] <= at <= s[0] + s[1] for at, _, _ in found)]
    all_gc = [s for s in samples if any(s[0] <= at <= s[0] + s[1] for at, _, _ in found)]
    times = [1000 * took for _, took, _ in samples]
    quantiles = ", ".join(f"{name} {percentile(times, q):.1f}" for name, q in QUANTILES)
    print(f"{len(samples)} samples of {len(urls)} URLs as {args.login}, {args.rounds} rounds")
    median = percentile(times, 0.5)
    over_twice = sum(t > 2 * median for t in times)
    print(f"ms: {quantiles}, max {max(times):.1f}; over twice the median: {over_twice}")
    print(f"over {args.slow:g} ms: {len(slow)}; a worker's collection ended while it ran: {len(with_gc)}")
    print(f"samples while a collection over 1 ms ended: {len(all_gc)}; collections logged: {len(found)}")
    for generation in (0, 1, 2):
        took_ms = [took for _, g, took in found if g == generation]
        if took_ms:
            print(
                f"generation {generation}: {len(took_ms)} over 1 ms, "
                f"median {percentile(took_ms, 0.5):.1f}, max {max(took_ms):.1f} ms"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
