"""The peer: the PyPI package ``matching`` 1.4.3, resident-optimal hospital–resident, called directly.

Its documented game API (``HospitalResident.solve``) checks stability recursively and hits a
RecursionError from about 1,000 residents on (its upstream issues say so), so this builds the players
and calls ``matching.algorithms.hospital_resident``; the seconds written are the algorithm call alone.
Usage: ``python bench/matching/peer.py IN OUT``.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

from matching.algorithms import hospital_resident
from matching.players import Hospital

from matching import Player


def peer_solve(instance: dict[str, Any]) -> tuple[dict[str, str | None], float]:
    """The package's assignment of the instance and the seconds its algorithm took."""
    residents = {s["id"]: Player(s["id"]) for s in instance["students"]}
    hospitals = {p["id"]: Hospital(p["id"], p["capacity"]) for p in instance["positions"]}
    for s in instance["students"]:
        residents[s["id"]].set_prefs([hospitals[p] for p in s["prefs"]])
    for p in instance["positions"]:
        hospitals[p["id"]].set_prefs([residents[s] for s in p["prefs"]])
    start = time.perf_counter()
    matched = hospital_resident(list(residents.values()), list(hospitals.values()), optimal="resident")
    seconds = time.perf_counter() - start
    where: dict[str, str | None] = dict.fromkeys(residents)
    for hospital, assigned in matched.items():
        for resident in assigned:
            where[resident.name] = hospital.name
    return where, seconds


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as source:
        result, algorithm_seconds = peer_solve(json.load(source))
    with open(sys.argv[2], "w", encoding="utf-8") as target:
        json.dump({"assignment": result, "algorithm_seconds": algorithm_seconds}, target)
