"""Load the documented production server (gunicorn, ``iehub.gunicorn_conf``) on PostgreSQL with logged-in
users and watch the database connections it holds.

Usage (from the repository root; PostgreSQL running; the demo is loaded into a fresh database):
    .venv/bin/python bench/server/load.py [--users 20] [--seconds 60] [--workers 4] [--threads 4]

It creates the database ``iehub_bench_load`` (dropped and recreated), migrates it, loads the small
demo (the input generator), starts gunicorn with production settings (DEBUG=0) on 127.0.0.1:8770, and
runs ``--users`` threads, each logged in as a demo user through the login page, requesting a fixed mix
of pages and API endpoints for ``--seconds``. Every second it samples ``pg_stat_activity`` for the
connections to the bench database. It prints a Markdown report for bench/server/RESULTS.md: requests,
errors (status ≥ 500 or a failed connection), p50 / p95 latency per URL, and the largest number of
database connections seen against the bound ``workers × threads`` (the sampler itself connects to
the ``postgres`` database and is not counted).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
DATABASE = "iehub_bench_load"
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
PORT = 8770
BASE = f"http://127.0.0.1:{PORT}"
PASSWORD = "iehub-demo-2026"
# Each user logs in as one of these (several users may share a login) and walks its URLs in a loop.
MIX = {
    "college_admin": [
        "/",
        "/people/?role=student",
        "/api/v1/people?limit=50&role=student",
        "/organisations/",
    ],
    "program_lead": ["/", "/curriculum/", "/alerts/", "/api/v1/curriculum/programs"],
    "enterprise_admin": ["/", "/demand/", "/api/v1/organisations?limit=50", "/demand/needs/"],
    "gov_officer": ["/", "/organisations/?kind=enterprise", "/demand/occupations/", "/api/v1/alerts"],
    "student": ["/", "/curriculum/certificates/", "/curriculum/micro-courses/", "/api/v1/me"],
}


def production_env(workers: int, threads: int) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": DATABASE_URL,
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-" + "x" * 48,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "STATIC_ROOT": str(ROOT / "var" / "bench-static"),
        "IEHUB_BIND": f"127.0.0.1:{PORT}",
        "IEHUB_WORKERS": str(workers),
        "IEHUB_THREADS": str(threads),
        # The bench logs in many sessions from one address; failures would be a bug, not a lockout test.
        "AXES_FAILURE_LIMIT": "1000",
    }


def prepare_database(env: dict[str, str]) -> None:
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
        admin.execute(f"CREATE DATABASE {DATABASE}")
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["demo", "load", "--scale", "small"],
        ["collectstatic", "--noinput", "-v0"],
    ):
        subprocess.run([str(BIN / "iehub"), *command], env=env, check=True, stdout=subprocess.DEVNULL)


def percentile(values: list[float], share: float) -> float:
    """The value below which ``share`` of ``values`` fall (nearest rank, no interpolation)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def start_server(
    env: dict[str, str], base: str, config: str = "iehub.gunicorn_conf"
) -> subprocess.Popen[bytes]:
    """The documented production server (gunicorn, ``config``: the documented settings unless a bench
    adds to them), once ``/healthz`` answers."""
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "-c", f"python:{config}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
    )
    for _ in range(200):
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=2)
            break
        except OSError:
            time.sleep(0.3)
    return server


def log_in(username: str, base: str = BASE) -> urllib.request.OpenerDirector:
    """A cookie-keeping opener logged in as ``username`` through the login form (CSRF token and all)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/accounts/login/", timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    form = urllib.parse.urlencode({"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token})
    request = urllib.request.Request(f"{base}/accounts/login/", data=form.encode(), headers={"Referer": base})
    landed = opener.open(request, timeout=30)
    if landed.geturl().rstrip("/") != base:
        raise RuntimeError(f"login failed for {username}")
    return opener


class Results:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.errors: list[str] = []
        self.statuses: dict[int, int] = defaultdict(int)

    def record(self, url: str, status: int, seconds: float) -> None:
        with self.lock:
            self.latency[url].append(seconds)
            self.statuses[status] += 1
            if status >= 500 or status == 0:
                self.errors.append(f"{status} {url}")


def user_loop(username: str, urls: list[str], until: float, results: Results) -> None:
    try:
        opener = log_in(username)
    except Exception as exc:  # a failed login is an error of the run
        results.record("/accounts/login/", 0, 0.0)
        print(f"login {username}: {exc}", file=sys.stderr)
        return
    n = 0
    while time.monotonic() < until:
        url = urls[n % len(urls)]
        n += 1
        started = time.monotonic()
        try:
            status = opener.open(f"{BASE}{url}", timeout=60).status
        except urllib.error.HTTPError as exc:
            status = exc.code
        except OSError:
            status = 0
        results.record(url, status, time.monotonic() - started)


def sample_connections(until: float, seen: list[int]) -> None:
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        while time.monotonic() < until:
            row = conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s", (DATABASE,)
            ).fetchone()
            seen.append(int(row[0]) if row else 0)
            time.sleep(1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--skip-load", action="store_true", help="reuse the bench database as it is")
    args = parser.parse_args()
    env = production_env(args.workers, args.threads)
    if not args.skip_load:
        prepare_database(env)
    server = start_server(env, BASE)
    try:
        results, connections = Results(), []
        until = time.monotonic() + args.seconds
        logins = list(MIX)
        threads = [
            threading.Thread(
                target=user_loop, args=(logins[i % len(logins)], MIX[logins[i % len(logins)]], until, results)
            )
            for i in range(args.users)
        ]
        sampler = threading.Thread(target=sample_connections, args=(until + 2, connections))
        sampler.start()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        sampler.join()
    finally:
        server.terminate()
        server.wait(timeout=60)
    report(args, results, connections)
    return 1 if results.errors else 0


def report(args: argparse.Namespace, results: Results, connections: list[int]) -> None:
    total = sum(results.statuses.values())
    bound = args.workers * args.threads
    server = f"gunicorn {args.workers} workers × {args.threads} threads (gthread)"
    print(f"\n{args.users} users, {args.seconds} s, {server}\n")
    statuses = dict(sorted(results.statuses.items()))
    print(f"- requests: {total:,} ({total / args.seconds:.1f}/s); statuses: {statuses}")
    print(f"- errors (5xx or no answer): {len(results.errors)}")
    most = max(connections, default=0)
    print(f"- database connections to the bench database: max {most}, bound {bound} (workers × threads)")
    print("\n| URL | requests | p50 ms | p95 ms |\n|---|---:|---:|---:|")
    for url, values in sorted(results.latency.items()):
        p95 = percentile(values, 0.95)
        print(f"| `{url}` | {len(values)} | {1000 * statistics.median(values):.0f} | {1000 * p95:.0f} |")
    for error in results.errors[:20]:
        print(f"  error: {error}")


if __name__ == "__main__":
    sys.exit(main())
