"""The loop with the demo as a newcomer gets it: only the logins ``make demo`` prints, no Django admin.

The program lead answers the open skill alert with a change request, edits its matrix with the
searchable pickers and submits it; the three other committee members each find it from their own
dashboard ("Waiting for you") and vote; the chair closes the vote, and the change is approved and
scheduled for its effective term.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from iehub.curriculum.models import ChangeRequest, CurriculumVersion
from iehub.demo.curricula import COMMITTEE_LOGINS
from iehub.demo.loader import DEMO_PASSWORD
from iehub.demo.scenarios import SCENARIOS
from tests.e2e.conftest import pick, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

VOTERS = ("teacher", "film_t003", "mentor")


@pytest.fixture
def demo_with_postings(live_server):
    """The small demo with its postings: the alerts come from the planted demand changes."""
    call_command("demo", "load", "--scale", "small", stdout=StringIO())
    return live_server


def _log_in(browser, base: str, username: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("form[data-testid=login-form] button[type=submit]")
    page.wait_for_selector("[data-testid=dashboard-title]")
    return page


def _printed_logins() -> set[str]:
    return {login for _scenario, people in SCENARIOS for login, _what in people}


def test_the_loop_with_the_printed_logins_only(demo_with_postings, browser) -> None:
    base = demo_with_postings.url
    # everyone this scenario needs is printed, the committee of the demo program included
    assert {"program_lead", *VOTERS} <= _printed_logins()
    assert set(COMMITTEE_LOGINS) <= set(VOTERS)

    lead = _log_in(browser, base, "program_lead")
    lead.click("[data-testid=waiting] a[href='/alerts/']")
    lead.click("[data-testid=alert-table] a:has-text('AIGC视频生成')")
    assert "剩余 10 天" in lead.inner_text("main")  # open and due soon, not long overdue
    lead.click("[data-testid=answer-change]")
    lead.fill("input[name=title]", "新增 AIGC 视频生成模块")
    lead.fill("textarea[name=rationale]", "AIGC 视频生成岗位需求新兴，纳入后期课程。")
    lead.click("[data-testid=open-change]")
    change = ChangeRequest.objects.get(title="新增 AIGC 视频生成模块")
    lead.click("[data-testid=proposed-version]")
    pick(lead, "[data-testid=new-skill]", "AIGC视频")
    pick(lead, "[data-testid=new-module]", "M04")
    lead.click("[data-testid=add-competency]")
    lead.wait_for_selector("[data-testid^='cell-M04-']")
    assert "AIGC视频生成" in lead.inner_text("table.matrix")
    lead.goto(f"{base}/curriculum/changes/{change.pk}/")
    lead.click("[data-testid=submit]")
    assert lead.inner_text("[data-testid=change-state]") == "委员会审议中"

    # the bell tells the committee too: the vote request opens from the notifications page
    teacher = _log_in(browser, base, "teacher")
    assert int(teacher.inner_text("[data-testid=unread-count]")) >= 1
    teacher.click("[data-testid=notifications]")
    screenshot(teacher, "notifications-zh")
    teacher.click(f"[data-testid=notification]:has-text('{change.title}') button")
    teacher.wait_for_url(f"**/curriculum/changes/{change.pk}/")
    teacher.context.close()

    for username in VOTERS:
        voter = _log_in(browser, base, username)
        voter.click("[data-testid=waiting] a[href*='awaiting=vote']")
        voter.wait_for_selector("[data-testid=awaiting-vote]")
        voter.click(f"[data-testid=change-table] a:has-text('{change.title}')")
        assert voter.input_value("select[name=choice]") == ""  # no vote is cast for the voter
        voter.select_option("select[name=choice]", "approve")
        voter.click("[data-testid=vote]")
        voter.wait_for_selector("[data-testid=tally]")
        # the vote is in: nothing waits for this voter any more
        voter.goto(f"{base}/")
        assert voter.locator("[data-testid=waiting] a[href*='awaiting=vote']").count() == 0
        voter.context.close()

    lead.goto(f"{base}/curriculum/changes/{change.pk}/")
    assert "3" in lead.inner_text("[data-testid=tally]")
    lead.fill("input[name=reason]", "委员会三票赞成")
    lead.click("[data-testid=decide]")
    assert lead.inner_text("[data-testid=change-state]") == "已批准"
    diff = lead.inner_text("[data-testid=diff]")
    assert "M04" in diff and "AIGC视频生成" in diff
    assert lead.inner_text("[data-testid=in-force-from]").startswith("自 ")
    screenshot(lead, "demo-loop-approved-zh")
    change.refresh_from_db()
    assert change.state == ChangeRequest.State.APPROVED
    assert change.proposed_version.state == CurriculumVersion.State.SCHEDULED
    lead.context.close()
