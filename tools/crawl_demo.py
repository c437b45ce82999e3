"""Crawl the demo as every printed login and write each reachable page with its status code.

Usage (from the repository root):
    DEBUG=1 IEHUB_VAR_DIR=var/crawl .venv/bin/python tools/crawl_demo.py [--load] [--out var/crawl/urls.tsv]

With ``--load`` it migrates a fresh SQLite database under ``IEHUB_VAR_DIR`` and loads the small demo.
Then, for each demo login, it follows every same-site link (GET only, no logout, no language switch,
no downloads) breadth-first from the dashboard, up to ``--limit`` pages per login, and writes
``login<TAB>path<TAB>status`` lines, sorted. Two runs — before and after a refactor — compared with
``diff`` show any page that changed its answer (the layers issue's "behaviour does not change" check).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iehub.settings")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("IEHUB_VAR_DIR", "var/crawl")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from tests.helpers import crawl  # noqa: E402

from iehub.accounts.models import User  # noqa: E402
from iehub.demo.loader import printed_logins  # noqa: E402


def crawl_as(username: str, limit: int) -> list[tuple[str, int]]:
    client = Client()
    person = User.objects.get(username=username)
    client.force_login(person, backend="django.contrib.auth.backends.ModelBackend")
    return sorted(crawl(client, "/", limit).items())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--load", action="store_true", help="migrate and load the small demo first")
    parser.add_argument("--limit", type=int, default=400, help="pages per login")
    parser.add_argument("--out", type=Path, default=Path(os.environ["IEHUB_VAR_DIR"]) / "urls.tsv")
    args = parser.parse_args()
    if args.load:
        call_command("migrate", "--noinput", verbosity=0)
        call_command("demo", "load", "--scale", "small", verbosity=0)
    logins = printed_logins()
    lines = [f"{login}\t{path}\t{status}" for login in logins for path, status in crawl_as(login, args.limit)]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n")
    errors = [line for line in lines if line.endswith(("\t500", "\t502", "\t503"))]
    print(f"{len(lines)} pages crawled, {len(errors)} server errors → {args.out}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
