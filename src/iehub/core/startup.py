"""Guards that run when a server process starts, not on every management command."""

from __future__ import annotations

import contextlib
import gc
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Executor, wait
from pathlib import Path
from typing import TypeVar

from django.apps import apps
from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.template import engines
from django.urls import get_resolver
from django.utils import translation
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

T = TypeVar("T")


def refuse_to_serve_without_secret_key() -> None:
    """A production server with the public development key would let anyone forge sessions."""
    if settings.SECRET_KEY_MISSING and not settings.DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (see docs/deployment.md).")


def warm_up() -> None:
    """Do before the first request what the first request of every worker process would otherwise pay
    (0.75–0.83 s measured on the 2-core machine): import every view through the URLconf and build its
    reverse lookups in each language, read both translation catalogues, build every model's field maps,
    compile the project's templates. Under gunicorn's ``preload_app`` the master does it once and every
    forked worker starts warm — also the one that replaces a worker recycled after ``max_requests``
    (without this, one request in ~2,000 took a second; with it but without the lazily imported modules
    and the locale lookups below, ~25 ms against ~4 — the twelfth and thirteenth benches' scattered slow
    samples). No database connection is opened: the forks would share it.

    Last, what the master holds is frozen out of the garbage collector (``gc.freeze``): ~325,000
    objects that live as long as the process, which every full collection in every worker walked again
    (~140 ms each on the 2-core machine, a spike on whichever request triggered it) and whose reference
    counts it wrote, copying the master's memory pages into each worker."""
    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018 — resolving the URLconf imports every view module
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Dashboard")
            resolver.reverse_dict  # noqa: B018 — the reverse lookups, built once per language
        translation.check_for_language(code)  # the locale middleware's lookup of catalogue files, kept
    # What the first request of a worker would import: the messages' storage, the cache's backend (no
    # connection is made), the codec a socket connection to a host name uses.
    import_string(settings.MESSAGE_STORAGE)
    import_string(str(settings.CACHES[DEFAULT_CACHE_ALIAS]["BACKEND"]))
    "localhost".encode("idna")
    for model in apps.get_models():  # every model's fields and reverse relations (~0.17 s the first query)
        model._meta.get_fields()
    engine = engines["django"]
    for directory in engine.dirs:
        root = Path(directory)
        for path in sorted(root.rglob("*.html")):
            engine.get_template(path.relative_to(root).as_posix())
    gc.collect()  # what is garbage now is not frozen with the rest
    gc.freeze()


def once_on_each_thread(pool: Executor, threads: int, task: Callable[[], T], timeout: float = 15) -> list[T]:
    """``task`` run once on each of the pool's ``threads`` threads, its results in no particular order.
    The runs wait for one another before they start, so that no thread takes two of them while another
    takes none; should the pool have fewer threads, the wait gives up after five seconds and those
    there still run. What has not finished within ``timeout`` seconds is left out of the results."""
    everyone = threading.Barrier(threads)

    def together() -> T:
        with contextlib.suppress(threading.BrokenBarrierError):
            everyone.wait(timeout=5)
        return task()

    finished, _ = wait([pool.submit(together) for _ in range(threads)], timeout=timeout)
    return [future.result() for future in finished]


def open_connections_in_each_thread(pool: Executor, threads: int) -> None:
    """Open the database and cache connections of each of a worker's ``threads`` request threads before
    it takes its first request (gunicorn's ``post_worker_init``, in the forked worker — never in the
    master, whose connections the forks would share). Each thread keeps one persistent connection of
    each (``DB_CONN_MAX_AGE``), so this is what its first request would otherwise pay: ~4 ms for
    PostgreSQL and ~5 ms for Redis on the 2-core machine, on one request after every recycle of a worker.
    A database or cache that is down is logged and left to the requests, which report it as they
    always do."""

    def open_connections() -> None:
        try:
            connection.ensure_connection()
            cache.get("iehub:warm-up")
        except Exception:  # a warm-up must not stop the worker; the requests will report it
            logger.warning("could not open a connection before the first request", exc_info=True)

    once_on_each_thread(pool, threads, open_connections)


#: A worker's automatic collector starts only after this many new container objects: a safety net for
#: a request that builds cyclic garbage by the hundred thousand, no longer the usual trigger.
AUTOMATIC_COLLECTION_AFTER = 100_000
#: The second generation is collected after this many collections of the first (Python's own second
#: threshold), everything after this many of the second (Python's full collections also wait for a
#: quarter of the heap to be new, which Python does not let a program read).
MIDDLE_COLLECTION_AFTER = 10
FULL_COLLECTION_AFTER = 100


def collect_between_requests() -> None:
    """Have a server worker's garbage collected between its requests, not in the middle of one.

    Each request leaves some thousands of objects in reference cycles, and Python's default thresholds
    (700 new objects) collect them inside whichever request crosses the count, together with every
    object that request holds alive at that moment: a generation-1 collection cost ~2.6 ms on the
    2-core machine and was in ~60 % of the kept pages' slow samples (bench/web RESULTS, seventeenth
    run), and what it found alive it promoted to the oldest generation, which only a full collection
    (tens of milliseconds) frees. Call this once in each worker (gunicorn's ``post_worker_init``),
    then :func:`collect_after_request` after each response and :func:`collect_before_request` before
    each request."""
    gc.set_threshold(AUTOMATIC_COLLECTION_AFTER, MIDDLE_COLLECTION_AFTER, MIDDLE_COLLECTION_AFTER)


def collect_after_request() -> None:
    """The youngest generation, once the response is sent: most of what the request made is garbage
    by now, and a client that waits before its next request does not wait for this at all."""
    gc.collect(0)


def collect_before_request() -> int | None:
    """An older generation when its turn has come, before the next request makes anything: what the
    last request still held while its response was being sent (gunicorn's own request, the socket's
    buffers, the response) has died by now, so it is freed instead of promoted to the oldest
    generation. The turns follow Python's own counts of collections per generation
    (``gc.get_count``), so threads need no state of their own (a collection that finds another
    running returns at once). Returns the generation collected, or None."""
    _young, young_collections, middle_collections = gc.get_count()
    if middle_collections >= FULL_COLLECTION_AFTER:
        generation = 2
    elif young_collections >= MIDDLE_COLLECTION_AFTER:
        generation = 1
    else:
        return None
    gc.collect(generation)
    return generation
