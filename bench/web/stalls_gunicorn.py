"""gunicorn settings for ``bench.web.stalls``: the documented ones, plus each worker writing its
garbage collections longer than a millisecond to ``IEHUB_STALLS_GC_LOG`` (wall time at the end,
generation, milliseconds)."""

from __future__ import annotations

import gc
import os
import time
from typing import Any

from iehub.gunicorn_conf import *  # noqa: F403 - the documented server, measured as it is
from iehub.gunicorn_conf import post_worker_init as documented_post_worker_init

GC_LOG = os.environ.get("IEHUB_STALLS_GC_LOG", "var/bench/stalls-gc.log")


def post_worker_init(worker: Any) -> None:
    documented_post_worker_init(worker)
    started: dict[str, float] = {}

    def timed(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started["at"] = time.perf_counter()
            return
        took = time.perf_counter() - started.get("at", time.perf_counter())
        if took > 0.001:
            with open(GC_LOG, "a", encoding="utf-8") as log:
                log.write(f"{time.time():.4f} {info['generation']} {1000 * took:.2f}\n")

    gc.callbacks.append(timed)
