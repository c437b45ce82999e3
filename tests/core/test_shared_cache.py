"""The shared cache (``CACHE_URL=redis://…``, the ``[server]`` extra): values kept under data versions go
to Redis, where every worker reads them, and a write still computes them afresh. Runs against the local
Redis; skipped without it or without the extra, unless ``IEHUB_REQUIRE_EXTRAS=1`` (``.ci/run``)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test import override_settings

from iehub.core import data_versions
from iehub.web import shell
from tests.conftest import World
from tests.helpers import require_extra

require_extra("server", "redis")

import redis  # noqa: E402 - after the check that it is installed

# A database of its own for each xdist worker: a test empties it before and after.
URL = f"redis://127.0.0.1:6379/{15 - int(os.environ.get('PYTEST_XDIST_WORKER', 'gw0')[2:] or 0)}"


def _reachable() -> bool:
    try:
        return bool(redis.Redis.from_url(URL, socket_connect_timeout=1).ping())
    except redis.exceptions.ConnectionError:
        return False


@pytest.fixture
def shared_cache() -> Iterator[redis.Redis]:
    if not _reachable():
        if os.environ.get("IEHUB_REQUIRE_EXTRAS") == "1":
            raise RuntimeError(f"Redis is required here ({URL}): start redis-server")
        pytest.skip("no Redis on 127.0.0.1:6379")
    server = redis.Redis.from_url(URL)
    server.flushdb()
    with override_settings(
        CACHES={"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": URL}}
    ):
        yield server
    server.flushdb()


@pytest.mark.django_db(transaction=True)
def test_kept_values_go_to_redis_and_a_write_computes_afresh(world: World, shared_cache: redis.Redis) -> None:
    computed: list[int] = []

    def compute() -> int:
        computed.append(1)
        return len(computed)

    assert data_versions.kept("shared-test", [shell.ACCESS], compute) == 1
    assert data_versions.kept("shared-test", [shell.ACCESS], compute) == 1
    assert len(computed) == 1
    assert shared_cache.keys("*iehub:kept:*"), "nothing was written to Redis"
    world.college.save()  # moves the access token
    assert data_versions.kept("shared-test", [shell.ACCESS], compute) == 2


@pytest.mark.django_db(transaction=True)
def test_a_page_served_twice_reads_its_shell_from_redis(world: World, shared_cache: redis.Redis) -> None:
    client = world.client_for(world.teacher)
    assert client.get("/notifications/").status_code == 200
    assert len(shared_cache.keys("*")) >= 2  # the menu and the counts
    hits = shared_cache.info("stats")["keyspace_hits"]
    assert client.get("/notifications/").status_code == 200
    assert shared_cache.info("stats")["keyspace_hits"] >= hits + 2  # read back from Redis
    assert cache.get("no-such-key") is None


def test_the_settings_refuse_a_cache_url_they_cannot_use() -> None:
    done = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "iehub.settings", "CACHE_URL": "memcached://x"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0
    assert "CACHE_URL must be a redis://" in done.stderr
