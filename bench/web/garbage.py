"""What a server worker's garbage collector finds in its oldest generation: one user's pages requested
one after another against the documented server with one worker (``garbage_gunicorn``), which every
``--every`` requests counts its oldest generation and what a full collection frees there. Objects
that a request left alive past a collection of the middle generation end there, and only a full
collection (tens of milliseconds, inside some later request) frees them (decision 121).

Usage (from the repository root, the bench database loaded as for ``bench.web.measure``):
    .venv/bin/python -m bench.web.garbage [--login teacher] [--rounds 12] [--every 300]
"""

from __future__ import annotations

import argparse

from bench.web.measure import fresh_log, get, served_to_one_login


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--login", default="teacher")
    parser.add_argument("--rounds", type=int, default=12)
    parser.add_argument("--every", type=int, default=300)
    args = parser.parse_args()
    log = fresh_log("garbage.log")
    served = served_to_one_login(
        args.login,
        "bench.web.garbage_gunicorn",
        IEHUB_GARBAGE_LOG=str(log),
        IEHUB_GARBAGE_EVERY=str(args.every),
    )
    with served as (opener, urls):
        for _ in range(args.rounds):
            for url in urls:
                get(opener, url)
    print(f"{args.rounds} rounds of {len(urls)} URLs as {args.login}")
    print(log.read_text(encoding="utf-8") if log.exists() else "no census written", end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
