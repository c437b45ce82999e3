"""A survey in the browser: a program lead creates the graduate tracking survey from its template, opens
it and makes a link; a graduate answers on a phone without an account (the skip logic shows the
employment questions only to the employed, a partial answer is saved and resumed, the link then refuses
a second response); the lead sees the answer in the analysis page."""

from __future__ import annotations

from typing import Any

import pytest

from iehub.surveys.models import Invitation, Response, Survey
from tests.conftest import World
from tests.e2e.conftest import PHONE, logged_in, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_create_from_a_template_answer_through_a_link_and_see_the_analysis(
    live_server: Any, browser: Any, world: World
) -> None:
    base = live_server.url
    lead = logged_in(browser, base, "lead")
    lead.goto(f"{base}/surveys/")
    lead.select_option("[data-testid=template]", "graduate_tracking")
    lead.click("[data-testid=create]")
    lead.wait_for_selector("[data-testid=questions]")
    survey = Survey.objects.get()
    assert lead.locator("[data-testid=question]").count() == survey.questions.count() == 8
    lead.click("[data-testid=open]")
    lead.wait_for_selector("[data-testid=close]")
    lead.fill("[data-testid=unaddressed]", "1")
    lead.click("[data-testid=invite]")
    lead.wait_for_selector("[data-testid=link-url]")
    link = lead.locator("[data-testid=link-url]").input_value()
    assert link.startswith(base + "/s/") and Invitation.objects.filter(survey=survey).count() == 1
    screenshot(lead, "survey-detail")

    graduate = browser.new_context(viewport=PHONE, locale="zh-CN").new_page()
    graduate.goto(link)
    relevance = graduate.locator("[data-testid=q-relevance]")
    assert relevance.is_hidden()  # shown only to the employed
    graduate.check("[data-testid=q-status] input[value=employed]")
    assert relevance.is_visible()
    relevance.locator("input[value='4']").check()
    graduate.click("[data-testid=save]")
    graduate.wait_for_selector("[data-testid=survey-answer]")
    assert Response.objects.get().submitted_at is None

    resumed = browser.new_context(viewport=PHONE, locale="zh-CN").new_page()  # later, another device
    resumed.goto(link)
    assert resumed.locator("[data-testid=q-relevance] input[value='4']").is_checked()
    resumed.click("[data-testid=submit]")  # a required question is still open
    resumed.wait_for_selector("[data-testid=error-teaching_satisfaction]")
    resumed.check("[data-testid=q-teaching_satisfaction] input[value='5']")
    resumed.fill("[data-testid=q-comments] textarea", "多安排企业项目")
    screenshot(resumed, "survey-answer-phone")
    resumed.click("[data-testid=submit]")
    resumed.wait_for_selector("[data-testid=done]")
    answers = Response.objects.get().answers
    assert answers == {
        "status": "employed",
        "relevance": 4,
        "teaching_satisfaction": 5,
        "comments": "多安排企业项目",
    }

    graduate.goto(link)
    assert graduate.locator("[data-testid=refused]").count() == 1  # one response per link

    lead.goto(f"{base}/surveys/{survey.pk}/")
    lead.click("[data-testid=results-link]")
    lead.wait_for_selector("[data-testid=result]")
    assert "已提交 1 份答卷" in lead.locator("[data-testid=n]").inner_text()
    status = lead.locator("[data-testid=result]", has_text="你目前的状态")
    assert "受雇工作" in status.inner_text() and "100.00" in status.inner_text()
    lead.wait_for_selector("[data-testid=result] canvas")  # the charts are drawn
    lead.locator("[data-testid=texts]").first.click()
    assert "多安排企业项目" in lead.locator("[data-testid=result]", has_text="对专业教学的建议").inner_text()
    screenshot(lead, "survey-results")
