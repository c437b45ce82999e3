"""The documented production server holds a bounded number of database connections: gunicorn's
threaded workers keep one persistent connection per thread; the ASGI entry point keeps none."""

from __future__ import annotations

import gc
import importlib
import os
import subprocess
import sys
import threading
import time
import urllib.request
import weakref
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import pytest
from django.db import connection

from iehub.core.startup import (
    AUTOMATIC_COLLECTION_AFTER,
    FULL_COLLECTION_AFTER,
    MIDDLE_COLLECTION_AFTER,
    collect_after_request,
    collect_before_request,
    collect_between_requests,
    once_on_each_thread,
    open_connections_in_each_thread,
)
from tests.helpers import require_extra


def _settings_in_a_fresh_process(module: str, env: dict[str, str]) -> str:
    code = (
        f"import {module}; from django.conf import settings; "
        "d = settings.DATABASES['default']; print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
    )
    environment = {**os.environ, "SECRET_KEY": "x" * 50, "DEBUG": "1", **env}
    return subprocess.check_output([sys.executable, "-c", code], env=environment, text=True).strip()


def test_wsgi_keeps_persistent_checked_connections_on_postgresql():
    env = {"DATABASE_URL": "postgres://iehub@127.0.0.1:5432/iehub"}
    assert _settings_in_a_fresh_process("iehub.wsgi", env) == "60 True"


def test_asgi_never_keeps_connections_even_when_told_to():
    env = {"DATABASE_URL": "postgres://iehub@127.0.0.1:5432/iehub", "DB_CONN_MAX_AGE": "600"}
    assert _settings_in_a_fresh_process("iehub.asgi", env) == "0 True"


def test_gunicorn_config_bounds_connections(monkeypatch):
    monkeypatch.setenv("IEHUB_WORKERS", "3")
    monkeypatch.setenv("IEHUB_THREADS", "5")
    import iehub.gunicorn_conf as conf

    conf = importlib.reload(conf)
    assert conf.worker_class == "gthread"
    assert conf.max_database_connections() == 15
    assert conf.wsgi_app == "iehub.wsgi:application"
    assert conf.forwarded_allow_ips == "127.0.0.1"


def test_the_documented_command_serves(tmp_path):
    require_extra("server", "gunicorn")
    port = 18000 + os.getpid() % 1000
    env = {
        **os.environ,
        "DEBUG": "1",
        "IEHUB_VAR_DIR": str(tmp_path),
        "IEHUB_BIND": f"127.0.0.1:{port}",
        "IEHUB_WORKERS": "1",
        "IEHUB_THREADS": "2",
    }
    env.pop("DATABASE_URL", None)
    server = subprocess.Popen(
        [str(os.path.join(os.path.dirname(sys.executable), "gunicorn")), "-c", "python:iehub.gunicorn_conf"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                body = urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read().decode()
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("gunicorn did not answer /healthz")
        assert '"database": "ok"' in body
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_the_server_module_warms_up_before_forking_and_opens_no_connection():
    """gunicorn loads ``iehub.wsgi`` in its master (``preload_app``) and forks the workers from it: what
    the module warms, every worker (and every replacement of a recycled one) starts with. A database
    connection opened there would be shared by the forks, so there must be none. What the master holds
    is frozen out of the garbage collector, so that a worker's full collections do not walk it."""
    code = (
        "import gc, sys, iehub.wsgi; from pathlib import Path; from django.conf import settings; "
        "from django.db import connections; from django.template import engines; "
        "from django.urls import get_resolver; "
        "loader = engines['django'].engine.template_loaders[0]; "
        "root = Path(engines['django'].dirs[0]); "
        "print(len(get_resolver()._reverse_dict), 'iehub.curriculum.views' in sys.modules, "
        "len(loader.get_template_cache) >= len(list(root.rglob('*.html'))), "
        "connections['default'].connection is None, gc.get_freeze_count() > 100_000)"
    )
    environment = {**os.environ, "SECRET_KEY": "x" * 50, "DEBUG": "0", "ALLOWED_HOSTS": "localhost"}
    out = subprocess.check_output([sys.executable, "-c", code], env=environment, text=True).strip()
    assert out == "2 True True True True"


@pytest.mark.django_db(transaction=True)
def test_a_new_worker_opens_each_threads_connections_before_its_first_request():
    """gunicorn's ``post_worker_init`` runs this in each forked worker: every request thread of its pool
    then has its database connection open, so no request pays for opening one."""
    threads = 3
    with ThreadPoolExecutor(max_workers=threads) as pool:
        open_connections_in_each_thread(pool, threads)
        found = once_on_each_thread(pool, threads, lambda: (threading.get_ident(), connection.connection))
        once_on_each_thread(pool, threads, lambda: connection.close())  # this thread's own
    assert len({ident for ident, _ in found}) == threads
    assert all(opened is not None for _, opened in found)


@pytest.fixture
def collector_held():
    """The automatic collector off and its thresholds restored: the counts the tests read are theirs."""
    thresholds = gc.get_threshold()
    gc.disable()
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.enable()


class _Node:
    def __init__(self) -> None:
        self.other: _Node | None = None


def test_a_worker_collects_between_requests_not_inside_them(collector_held):
    """In a worker the automatic collector waits for 100,000 new objects; after each response the
    garbage the request left in cycles is collected."""
    collect_between_requests()
    assert gc.get_threshold() == (
        AUTOMATIC_COLLECTION_AFTER,
        MIDDLE_COLLECTION_AFTER,
        MIDDLE_COLLECTION_AFTER,
    )
    first, second = _Node(), _Node()
    first.other, second.other = second, first
    left_behind = weakref.ref(first)
    del first, second
    assert left_behind() is not None  # a cycle: reference counting alone never frees it
    collect_after_request()
    assert left_behind() is None


def test_older_generations_are_collected_before_a_request_in_their_turn(collector_held):
    gc.collect()
    for _ in range(MIDDLE_COLLECTION_AFTER):
        assert collect_before_request() is None
        collect_after_request()
    assert collect_before_request() == 1
    assert gc.get_count()[1:] == (0, 1)
    for _ in range(FULL_COLLECTION_AFTER - 1):
        gc.collect(1)
    assert collect_before_request() == 2
    assert gc.get_count()[1:] == (0, 0)


def test_the_documented_server_collects_around_each_request(collector_held):
    """The documented configuration's hooks: the youngest generation after each response, an older
    one before a request when its turn has come."""
    import iehub.gunicorn_conf as conf

    logged: list[tuple[object, ...]] = []
    worker = SimpleNamespace(log=SimpleNamespace(debug=lambda *args: logged.append(args)))
    request = SimpleNamespace(method="GET", path="/healthz")
    gc.collect()
    for _ in range(MIDDLE_COLLECTION_AFTER):
        conf.pre_request(worker, request)
        conf.post_request(worker, request, {}, None)
    assert gc.get_count()[1:] == (MIDDLE_COLLECTION_AFTER, 0)
    conf.pre_request(worker, request)
    assert gc.get_count()[1:] == (0, 1)
    assert logged[-1] == ("%s %s", "GET", "/healthz")
