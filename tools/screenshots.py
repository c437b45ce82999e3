"""Take the README's screenshots from a freshly loaded demo, so they can be refreshed after any change.

Usage (from the repository root; ``make screenshots`` does exactly this):
    .venv/bin/python tools/screenshots.py [--out docs/img] [--language zh]

It migrates a fresh SQLite database under ``var/screenshots/db``, loads the small demo, starts the
development server on a free port, logs in with the printed demo logins through the login form (as a
newcomer would) in headless Debian chromium, and writes 1,366 px wide PNGs:
``dashboard-admin.png`` (platform administrator), ``dashboard-program-lead.png``, ``alert.png`` (the
demo program lead's open skill alert), ``matrix.png`` (the competency matrix in force) and
``gap-analysis.png``. Look at them before committing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

VAR = Path("var/screenshots/db")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iehub.settings")
os.environ["DEBUG"] = "1"
os.environ["IEHUB_VAR_DIR"] = str(VAR)
os.environ.pop("DATABASE_URL", None)  # always the throw-away SQLite database

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from playwright.sync_api import Page, sync_playwright  # noqa: E402

from iehub.accounts.models import User  # noqa: E402
from iehub.accounts.roles import Role  # noqa: E402
from iehub.curriculum import queries  # noqa: E402
from iehub.curriculum.models import AlertAssignment  # noqa: E402
from iehub.demo.loader import DEMO_PASSWORD  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
WIDTH, HEIGHT = 1366, 860


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def demo_server() -> Iterator[str]:
    """A development server on the throw-away database, stopped on exit."""
    port = free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("iehub")), "runserver", f"127.0.0.1:{port}", "--noreload"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1)  # noqa: S310 - our own http URL
                break
            except OSError:
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


def log_in(page: Page, base: str, username: str, language: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("form[data-testid=login-form] button[type=submit]")
    page.wait_for_selector("[data-testid=dashboard-title]")
    if language == "en":
        page.click("[data-testid=lang-en]")
        page.wait_for_selector("[data-testid=dashboard-title]:has-text('Dashboard')")


def settle(page: Page) -> None:
    """Charts draw after load; wait until every chart container holds its canvas."""
    page.wait_for_load_state("networkidle")
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-options-id]')].every(c => c.querySelector('canvas'))"
    )


FULL_PAGE = {"alert", "gap-analysis"}  # their point is below the fold: the answers, the folded rows


def shoot(page: Page, out: Path, name: str) -> None:
    settle(page)
    page.screenshot(path=str(out / f"{name}.png"), full_page=name in FULL_PAGE)
    print(f"wrote {out / name}.png")


def targets() -> dict[str, str]:
    """Paths of the demo program lead's open alert, matrix in force and gap analysis."""
    lead = User.objects.get(username="program_lead")
    program = lead.memberships.get(role=Role.PROGRAM_LEAD).program
    assert program is not None
    alert = AlertAssignment.objects.filter(program=program).exclude(state="done").order_by("due_on").first()
    version = queries.current_version(program)
    paths = {"gap-analysis": f"/curriculum/programs/{program.pk}/gaps/"}
    if alert is not None:
        paths["alert"] = f"/alerts/{alert.pk}/"
    if version is not None:
        paths["matrix"] = f"/curriculum/versions/{version.pk}/"
    return paths


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/img"))
    parser.add_argument("--language", choices=("zh", "en"), default="zh")
    args = parser.parse_args()
    shutil.rmtree(VAR, ignore_errors=True)
    VAR.mkdir(parents=True)
    call_command("migrate", "--noinput", verbosity=0)
    call_command("demo", "load", "--scale", "small", verbosity=0)
    args.out.mkdir(parents=True, exist_ok=True)
    paths = targets()
    with demo_server() as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for username, pages in (("admin", {}), ("program_lead", paths)):
            context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, locale="zh-CN")
            page = context.new_page()
            log_in(page, base, username, args.language)
            shoot(page, args.out, f"dashboard-{username.replace('_', '-')}")
            for name, path in pages.items():
                page.goto(base + path)
                shoot(page, args.out, name)
            context.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
