"""The top bar stays one line at 1,366 px in both languages: with today's areas for the platform
administrator, and with twenty areas in the seven stages of the loop (the coming apps' areas)."""

from __future__ import annotations

import pytest
from django.utils.translation import gettext_lazy as _

from iehub.web import shell
from iehub.web.navigation import NavGroup, NavItem, navigation_for
from tests.conftest import PASSWORD
from tests.e2e.conftest import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _log_in(page, base: str, username: str, language: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form[data-testid=login-form] button[type=submit]")
    page.wait_for_selector("[data-testid=dashboard-title]")
    if language == "en":
        page.click("[data-testid=lang-en]")
        page.wait_for_selector("[data-testid=dashboard-title]:has-text('Dashboard')")


def _one_line(page) -> None:
    """Every entry of the bar sits on the first line, and the bar is as tall as one line."""
    tops = page.eval_on_selector_all(
        "header.top .bar > *, header.top nav.main-nav > *",
        "els => els.map(e => e.getBoundingClientRect().top)",
    )
    height = page.eval_on_selector("header.top", "e => e.getBoundingClientRect().height")
    assert height < 60, height
    assert max(tops) - min(tops) < 20, tops


def _twenty_areas(user):  # type: ignore[no-untyped-def]
    """Today's stages plus coming areas (practice, evaluation, matching) and the partnership app:
    twenty areas."""
    groups = navigation_for(user)
    practice = next(g for g in groups if g.key == "practice")  # today: six areas, from projects to Q&A
    practice.items += [NavItem("dashboard", name) for name in ("logbook", "apprenticeships")]
    evaluation = next(g for g in groups if g.key == "evaluation")  # today: the schemes
    evaluation.items += [NavItem("dashboard", name) for name in ("rubrics", "portfolios")]
    matching = next(g for g in groups if g.key == "matching")
    matching.items += [NavItem("dashboard", name) for name in ("applications",)]
    quality = next((g for g in groups if g.key == "partnership"), None)
    if quality is None:  # the platform admin sees it; the line below keeps the test meaningful if not
        quality = NavGroup("partnership", _("Partnership and quality"))
        groups.insert(-1, quality)
    quality.items += [NavItem("dashboard", name) for name in ("partnerships", "consortia")]
    assert sum(len(g.items) for g in groups) >= 20
    return groups


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_bar_is_one_line_for_the_platform_admin(live_server, world, browser, language):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    page = context.new_page()
    _log_in(page, live_server.url, "root", language)
    _one_line(page)
    screenshot(page, f"navigation-admin-{language}")
    page.click("[data-testid=nav-curriculum] > summary")
    assert page.is_visible("[data-testid=nav-curriculum] .menu")
    screenshot(page, f"navigation-admin-menu-{language}")
    page.keyboard.press("Escape")
    assert not page.is_visible("[data-testid=nav-curriculum] .menu")
    context.close()


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_bar_is_one_line_with_twenty_areas(live_server, world, browser, monkeypatch, language):
    monkeypatch.setattr(shell, "navigation_for_request", lambda request: _twenty_areas(request.user))
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    page = context.new_page()
    _log_in(page, live_server.url, "root", language)
    assert page.locator("nav.main-nav details.nav-group").count() == 7
    screenshot(page, f"navigation-twenty-areas-{language}")
    _one_line(page)
    context.close()
