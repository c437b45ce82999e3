"""Every navigation link of every printed demo login, in Chinese and in English, in a real browser.

A page fails when it (or anything it loads) answers 4xx/5xx, when the browser logs a console error or an
uncaught script error (a Content-Security-Policy violation included), when a chart container is left
without its canvas, or — in Chinese — when its visible text carries an English interface word.
"""

from __future__ import annotations

import contextlib
import re
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from iehub.demo.loader import DEMO_PASSWORD, printed_logins
from tests.e2e.conftest import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Interface words that must never show untranslated on a Chinese page (words of the catalogue that
# slipped through before: a field key, a label, a button). Data may be English (a skill with no Chinese
# name); these words are not data.
ENGLISH_UI_WORDS = (
    "Title",
    "votes",
    "level",
    "Member",
    "Since",
    "Save",
    "Submit",
    "Search",
    "Dashboard",
    "Cancel",
    "Delete",
    "Filter",
    "Export",
    "Import",
    "Status",
    "Previous",
    "Next",
    "Type to search",
    "No match",
    "Required",
    "Choose",
    "Waiting for you",
    "Log out",
    "None",
    "True",
    "False",
)
ENGLISH_WORD = re.compile(r"\b(" + "|".join(re.escape(w) for w in ENGLISH_UI_WORDS) + r")\b")
# Not pages of ours: the API's interactive documentation loads its own assets.
SKIP = re.compile(r"^/api/docs")


@pytest.fixture
def demo_with_postings(live_server):
    call_command("demo", "load", "--scale", "small", stdout=StringIO())
    return live_server


def _log_in(browser: Any, base: str, username: str, language: str) -> Any:
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("form[data-testid=login-form] button[type=submit]")
    page.wait_for_selector("[data-testid=dashboard-title]")
    if language == "en":
        page.click("[data-testid=lang-en]")
        page.wait_for_selector("[data-testid=dashboard-title]:has-text('Dashboard')")
    return page


def _links(page: Any) -> list[str]:
    """The top bar's links (its menus and the user menu) and the dashboard's "Waiting for you" links."""
    hrefs = page.eval_on_selector_all(
        "header.top a[href], [data-testid=waiting] a[href]", "els => els.map(e => e.getAttribute('href'))"
    )
    return sorted({h for h in hrefs if h.startswith("/") and not SKIP.search(h)})


def _problems_of(page: Any, path: str, language: str, failures: list[str], errors: list[str]) -> list[str]:
    found = [f"{path}: {failure}" for failure in failures]
    found += [f"{path}: console: {error}" for error in errors]
    undrawn = page.eval_on_selector_all(
        "[data-options-id]",
        "els => els.filter(e => !e.querySelector('canvas')).map(e => e.dataset.optionsId)",
    )
    found += [f"{path}: chart not drawn: {chart}" for chart in undrawn]
    if language == "zh":
        text = page.inner_text("body")
        found += [f"{path}: English word {word!r}" for word in sorted(set(ENGLISH_WORD.findall(text)))]
    return found


def _crawl(browser: Any, base: str, username: str, language: str) -> tuple[int, list[str]]:
    page = _log_in(browser, base, username, language)
    failures: list[str] = []
    errors: list[str] = []
    page.on("response", lambda r: r.status >= 400 and failures.append(f"{r.status} {r.url}"))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    problems: list[str] = []
    paths = ["/", *_links(page)]
    try:
        for path in paths:
            failures.clear()
            errors.clear()
            page.goto(base + path, wait_until="load")
            _wait_for_charts(page)
            found = _problems_of(page, path, language, failures, errors)
            problems += [f"{username} {language} {problem}" for problem in found]
        if username == "admin":
            screenshot(page, f"crawl-last-page-admin-{language}")
    finally:
        # Closed even when a page times out: an open context keeps live-server requests (and their
        # database connection) busy, and the test's teardown would wait on them.
        page.context.close()
    return len(paths), problems


def _wait_for_charts(page: Any) -> None:
    """Charts draw once ECharts has loaded; give them a few seconds, then report any left undrawn."""
    with contextlib.suppress(PlaywrightTimeout):  # _problems_of names the undrawn chart
        page.wait_for_function(
            "() => [...document.querySelectorAll('[data-options-id]')].every(c => c.querySelector('canvas'))",
            timeout=5000,
        )


def test_every_navigation_link_of_every_demo_login_in_both_languages(demo_with_postings, browser) -> None:
    base = demo_with_postings.url
    logins = printed_logins()
    assert len(logins) >= 12, logins
    problems: list[str] = []
    for language in ("zh", "en"):
        loads = 0
        for username in logins:
            count, found = _crawl(browser, base, username, language)
            loads += count
            problems += found
        print(f"{loads} page loads for {len(logins)} logins in {language}")
    assert not problems, "\n".join(problems)
