"""gunicorn settings for ``bench.web.garbage``: the documented ones with one worker, which every
``IEHUB_GARBAGE_EVERY`` requests writes to ``IEHUB_GARBAGE_LOG`` how many objects its oldest
generation holds, how many of them a full collection then frees (by type) and how long it took."""

from __future__ import annotations

import collections
import gc
import os
import time
from typing import Any

from iehub.gunicorn_conf import *  # noqa: F403 - the documented server, measured as it is
from iehub.gunicorn_conf import post_request as documented_post_request

workers = 1
EVERY = int(os.environ.get("IEHUB_GARBAGE_EVERY", "300"))
LOG = os.environ.get("IEHUB_GARBAGE_LOG", "var/bench/garbage.log")
served = [0]


def census() -> collections.Counter[str]:
    return collections.Counter(type(found).__name__ for found in gc.get_objects(generation=2))


def post_request(worker: Any, req: Any, environ: Any, resp: Any) -> None:
    documented_post_request(worker, req, environ, resp)
    served[0] += 1
    if served[0] % EVERY:
        return
    before = census()
    started = time.perf_counter()
    gc.collect()
    took = time.perf_counter() - started
    freed = before - census()
    kinds = ", ".join(f"{name} {count}" for name, count in freed.most_common(8))
    with open(LOG, "a", encoding="utf-8") as log:
        log.write(
            f"{served[0]} requests: oldest generation {sum(before.values())} objects, a full collection "
            f"freed {sum(freed.values())} of them in {1000 * took:.1f} ms ({kinds or 'nothing'})\n"
        )
