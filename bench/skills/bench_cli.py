"""``iehub skills link`` end to end: sentences per second through the command (stdin → JSON lines on
stdout), start-up included and excluded.

Usage (from the repository root; DATABASE_URL as for the project, a database with the taxonomy loaded):
    .venv/bin/python bench/skills/bench_cli.py [--sentences 100000] [--mode lexical]

Input: the seeded zh/en posting sentences of ``bench_link.py``. Start-up is the wall time of the same
command on one sentence; the rate excluding it is (N − 1) / (total − start-up).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_link import generated_sentences  # noqa: E402 - the sibling script's generator

IEHUB = str(Path(sys.executable).with_name("iehub"))


def _run(path: Path, mode: str) -> float:
    started = time.perf_counter()
    with path.open("rb") as source:
        subprocess.run(
            [IEHUB, "skills", "link", "--mode", mode], stdin=source, stdout=subprocess.DEVNULL, check=True
        )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sentences", type=int, default=100_000)
    parser.add_argument("--mode", default="lexical")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        one, many = Path(folder) / "one.txt", Path(folder) / "many.txt"
        sentences = generated_sentences(args.sentences)
        one.write_text(sentences[0] + "\n", encoding="utf-8")
        many.write_text("\n".join(sentences) + "\n", encoding="utf-8")
        startup = _run(one, args.mode)
        total = _run(many, args.mode)
    print(f"sentences: {args.sentences:,}, mode: {args.mode}")
    print(f"start-up (one sentence): {startup:.2f} s")
    print(f"total: {total:.2f} s → {args.sentences / total:,.0f} sentences/s end to end")
    print(f"excluding start-up: {(args.sentences - 1) / (total - startup):,.0f} sentences/s")


if __name__ == "__main__":
    main()
