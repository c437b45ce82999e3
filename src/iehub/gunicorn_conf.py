"""The documented production web server: gunicorn, WSGI, threaded workers (docs/deployment.md).

Why WSGI and not uvicorn/ASGI: every view here is synchronous. Under ASGI Django runs each request in
a thread pool whose threads open database connections that ``CONN_MAX_AGE`` then keeps, without
closing them reliably — the hardening probe watched uvicorn workers pile up idle PostgreSQL connections
until the server refused clients. Under gunicorn's threaded workers each thread keeps exactly one
persistent connection, so a server holds at most ``workers × threads`` connections, reused.

Everything is set from the environment: ``IEHUB_BIND`` (127.0.0.1:8000), ``IEHUB_WORKERS`` (2 × cores
+ 1, at most 8), ``IEHUB_THREADS`` (4), ``IEHUB_FORWARDED_ALLOW_IPS`` (127.0.0.1: the proxies whose
``X-Forwarded-Proto`` is believed).
"""

from __future__ import annotations

import multiprocessing
import os
from typing import Any

bind = os.environ.get("IEHUB_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("IEHUB_WORKERS", str(min(2 * multiprocessing.cpu_count() + 1, 8))))
threads = int(os.environ.get("IEHUB_THREADS", "4"))
worker_class = "gthread"
# Recycle workers now and then so that a slow leak cannot grow for ever; jitter avoids all at once.
max_requests = 2000
max_requests_jitter = 200
timeout = 60
graceful_timeout = 30
keepalive = 5
forwarded_allow_ips = os.environ.get("IEHUB_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
# Load the application before forking: a configuration error stops the server at once, not per worker.
preload_app = True
wsgi_app = "iehub.wsgi:application"


def post_worker_init(worker: Any) -> None:
    """Each request thread's connections opened before the worker takes requests
    (:func:`iehub.core.startup.open_connections_in_each_thread`), and its garbage collected between
    requests from now on (:func:`iehub.core.startup.collect_between_requests`). Imported here: Django
    is set up only by the application, which is loaded by now."""
    from iehub.core.startup import collect_between_requests, open_connections_in_each_thread

    open_connections_in_each_thread(worker.tpool, threads)
    collect_between_requests()


def pre_request(worker: Any, req: Any) -> None:
    """An older generation of garbage collected when its turn has come, before the request makes
    anything (:func:`iehub.core.startup.collect_before_request`); gunicorn's own hook only logged the
    request at debug level, which this does too."""
    from iehub.core.startup import collect_before_request  # Django is set up only by the app

    worker.log.debug("%s %s", req.method, req.path)
    collect_before_request()


def post_request(worker: Any, req: Any, environ: Any, resp: Any) -> None:
    """The garbage a request left collected once its response is sent
    (:func:`iehub.core.startup.collect_after_request`), not inside the next request."""
    from iehub.core.startup import collect_after_request  # Django is set up only by the app

    collect_after_request()


def max_database_connections() -> int:
    """The most connections this server opens to the database (one per thread)."""
    return workers * threads
