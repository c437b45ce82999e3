"""Browser tests: Playwright for Python driving Debian's chromium (never a downloaded browser).

They are part of ``make test``. Without ``/usr/bin/chromium`` they are skipped, unless
``IEHUB_REQUIRE_BROWSER=1`` (set by ``.ci/run``), which turns a missing browser into a failure.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.conftest import PASSWORD

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(os.environ.get("IEHUB_SCREENSHOTS", "var/screenshots"))
# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test body are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("IEHUB_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1360, "height": 900}, locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()


DESKTOP = {"width": 1360, "height": 900}
PHONE = {"width": 390, "height": 844}


def logged_in(browser: Any, base: str, username: str, viewport: dict[str, int] = DESKTOP) -> Any:
    """A new browser context (Chinese) with ``username`` logged in through the form, on the dashboard."""
    page = browser.new_context(viewport=viewport, locale="zh-CN").new_page()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form[data-testid=login-form] button[type=submit]")
    page.wait_for_selector("[data-testid=dashboard-title]")
    return page


def screenshot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def log_out(page: Any) -> None:
    """Log out through the user menu of the top bar."""
    page.click("[data-testid=user-menu] > summary")
    page.click("[data-testid=logout]")
    page.wait_for_url("**/accounts/login/")


def open_nav(page: Any, group: str, label: str) -> None:
    """Follow an entry of one of the top bar's menus."""
    page.click(f"[data-testid=nav-{group}] > summary")
    page.click(f"[data-testid=nav-{group}] .menu >> text={label}")


def _highlighted_match(page: Any, select: str, search: str, timeout: float) -> Any:
    """Wait until the picker's highlighted option matches the search (the list narrows as one types)."""
    # the list narrows as the user types: wait until the highlighted option is a match for the search
    return page.wait_for_function(
        """([selector, search]) => {
            const picker = document.querySelector(selector).tomselect;
            const active = picker.activeOption;
            // Enter selects only while the list is open and focused (Tom Select ignores it otherwise)
            if (!active || !picker.isOpen || !picker.isFocused) return false;
            if (picker.control_input.value !== search) return false;
            const option = picker.options[active.dataset.value];
            const matches = `${option.text} ${option.alt || ""}`.toLowerCase().includes(search.toLowerCase());
            return matches ? active.dataset.value : false;
        }""",
        arg=[select, search],
        timeout=timeout,
    )


def _picker_state(page: Any, select: str) -> Any:
    """What the picker shows, for the message of a failed pick: open, focused, typed text, highlighted."""
    return page.evaluate(
        """(selector) => {
            const picker = document.querySelector(selector)?.tomselect;
            if (!picker) return {enhanced: false, url: location.href};
            const active = picker.activeOption;
            return {url: location.href, open: picker.isOpen, focused: picker.isFocused,
                    typed: picker.control_input.value, active: active ? active.textContent : null,
                    shown: picker.dropdown_content.querySelectorAll("[data-selectable]").length,
                    hasFocus: document.hasFocus(),
                    activeElement: document.activeElement?.outerHTML?.slice(0, 120)};
        }""",
        select,
    )


def pick(page: Any, select: str, search: str) -> None:
    """Choose in a searchable picker as a user does: focus it, type, take the highlighted match.

    Waits for the highlighted option to match what was typed before pressing Enter, and afterwards for
    the form's own <select> to hold exactly that option, so a busy machine cannot make it pick another
    option or submit before the choice is made.
    """
    # A part of the form may be swapped in (htmx) just as the picker is clicked, taking the typed text
    # with it on a busy machine: then the search is typed again into the picker now on the page.
    for attempt in range(3):
        page.click(f"{select} + .ts-wrapper .ts-control")
        page.evaluate("(selector) => document.querySelector(selector).tomselect.setTextboxValue('')", select)
        page.keyboard.type(search)
        try:
            handle = _highlighted_match(page, select, search, timeout=10_000 if attempt < 2 else 30_000)
            break
        except PlaywrightTimeout as timeout:
            if attempt == 2:
                raise AssertionError(
                    f"picker {select} never highlighted {search!r}: {_picker_state(page, select)}"
                ) from timeout
            page.keyboard.press("Escape")
    chosen = handle.json_value()
    page.keyboard.press("Enter")
    # the choice has reached the form's own <select> before anything submits it
    page.wait_for_function(
        "([selector, value]) => document.querySelector(selector).value === value", arg=[select, chosen]
    )
