"""In a real browser: an enterprise admin invites a partner college's teacher, who accepts on the
invitations page; the teacher's identifiers stay masked for the enterprise afterwards."""

from __future__ import annotations

import pytest

from iehub.accounts.models import Membership
from tests.conftest import PASSWORD
from tests.e2e.conftest import log_out, pick, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form[data-testid=login-form] button[type=submit]")
    page.wait_for_selector("[data-testid=dashboard-title]")


def test_invite_accept_and_identifiers_stay_masked(live_server, world, page):
    base = live_server.url
    _log_in(page, base, "eadmin")
    page.goto(f"{base}/people/{world.teacher.pk}/")
    pick(page, "#id_organization", world.enterprise.name)  # searched on the server as typed
    page.select_option("#id_role", "enterprise_mentor")
    page.fill("#id_message", "欢迎担任我司项目的企业导师")
    screenshot(page, "person-invite-zh")
    page.click("[data-testid=invite]")
    page.wait_for_selector(".messages")
    assert "邀请已发出" in page.inner_text(".messages")
    log_out(page)

    _log_in(page, base, "teacher")
    assert page.inner_text("[data-testid=open-invitations]") == "1"
    page.click("[data-testid=user-menu] > summary")
    page.click("[data-testid=invitations]")
    page.wait_for_selector("[data-testid=received]")
    screenshot(page, "invitations-zh")
    page.click("[data-testid=received] button >> text=接受")
    page.wait_for_selector(".messages")
    assert "已接受邀请" in page.inner_text(".messages")
    assert Membership.objects.get(user=world.teacher, organization=world.enterprise).invited
    log_out(page)

    _log_in(page, base, "eadmin")
    page.goto(f"{base}/people/{world.teacher.pk}/")
    facts = page.inner_text(".facts")
    assert "138****8000" in facts and "13800138000" not in facts


def test_a_refused_request_shows_the_translated_error_page(live_server, world, page):
    _log_in(page, live_server.url, "cadmin")
    response = page.goto(f"{live_server.url}/people/?q=%00")
    assert response.status == 422
    assert "文本不能包含空字符" in page.inner_text("[data-testid=error-page]")
    assert page.inner_text("[data-testid=request-id]") == response.headers["x-request-id"]
    screenshot(page, "error-page-zh")
