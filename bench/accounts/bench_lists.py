"""Time the large demo load and scoped list endpoints on it.

Usage (from the repository root):
    DEBUG=1 IEHUB_VAR_DIR=var/bench .venv/bin/python bench/accounts/bench_lists.py [--skip-load] [--repeat 7]

The input generator is ``iehub demo load --scale large`` (deterministic for its seed). Results are printed
as a Markdown table to paste into ``bench/accounts/RESULTS.md`` with the date and machine.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iehub.settings")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("IEHUB_VAR_DIR", "var/bench")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from iehub.accounts.models import User  # noqa: E402

ENDPOINTS = [
    ("admin", "/api/v1/organisations?limit=100"),
    ("admin", "/api/v1/people?limit=100&role=student"),
    ("admin", "/api/v1/organisations/distribution"),
    ("college_admin", "/api/v1/people?limit=100&role=student"),
    ("college_admin", "/people/?role=student"),
    ("enterprise_admin", "/api/v1/people?limit=100&role=student"),
    ("gov_officer", "/api/v1/organisations/distribution"),
    ("gov_officer", "/organisations/?kind=enterprise"),
]


def time_endpoint(client: Client, url: str, repeat: int) -> tuple[float, int]:
    client.get(url)  # warm caches
    samples = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = client.get(url)
            samples.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(samples) * 1000, len(ctx.captured_queries)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip-load", action="store_true")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    os.makedirs(os.environ["IEHUB_VAR_DIR"], exist_ok=True)
    call_command("migrate", verbosity=0)
    if not args.skip_load:
        start = time.perf_counter()
        call_command("demo", "load", "--scale", "large", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
        load_s = time.perf_counter() - start
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"demo load --scale large: {load_s:.1f} s, peak RSS {peak_mb:.0f} MB")
    print(f"database: {connection.vendor}; people: {User.objects.count()}")
    print("| user | endpoint | median ms | queries |")
    print("|---|---|---:|---:|")
    for username, url in ENDPOINTS:
        client = Client()
        client.force_login(
            User.objects.get(username=username), backend="django.contrib.auth.backends.ModelBackend"
        )
        ms, queries = time_endpoint(client, url, args.repeat)
        print(f"| {username} | `{url}` | {ms:.1f} | {queries} |")


if __name__ == "__main__":
    main()
