"""The bench's baseline: a plain heap-based student-proposing deferred acceptance in pure Python.

Run as a whole process (``python bench/matching/reference.py IN OUT``) so that its time and memory
compare with the whole ``iehub match solve`` command; it imports only the standard library.
"""

from __future__ import annotations

import heapq
import json
import sys
from typing import Any


def reference_solve(instance: dict[str, Any]) -> dict[str, str | None]:
    """Student-optimal stable assignment, written as plainly as a textbook."""
    rank = {p["id"]: {s: i for i, s in enumerate(p["prefs"])} for p in instance["positions"]}
    capacity = {p["id"]: p["capacity"] for p in instance["positions"]}
    prefs = {s["id"]: s["prefs"] for s in instance["students"]}
    held: dict[str, list[tuple[int, str]]] = {p: [] for p in rank}
    nxt = dict.fromkeys(prefs, 0)
    where: dict[str, str | None] = dict.fromkeys(prefs)
    free = list(prefs)
    while free:
        s = free.pop()
        while nxt[s] < len(prefs[s]):
            p = prefs[s][nxt[s]]
            nxt[s] += 1
            r = rank[p].get(s)
            if r is None:
                continue
            if len(held[p]) < capacity[p]:
                heapq.heappush(held[p], (-r, s))
                where[s] = p
                break
            if held[p] and -held[p][0][0] > r:
                _, out = heapq.heapreplace(held[p], (-r, s))
                where[s], where[out] = p, None
                free.append(out)
                break
    return where


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as source:
        result = reference_solve(json.load(source))
    with open(sys.argv[2], "w", encoding="utf-8") as target:
        json.dump({"assignment": result}, target)
