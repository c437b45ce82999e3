"""Matching in the browser: a student on a phone reads how they match an internship, applies with
consent, the employer shortlists them from its candidates; a college runs an allocation round to its
stability proof and publishes it; the student reads their result."""

from __future__ import annotations

from typing import Any

import pytest

from iehub.matching import actions
from iehub.matching.models import Application
from tests.e2e.conftest import DESKTOP, PHONE, logged_in, screenshot
from tests.matching.conftest import Market, market  # noqa: F401 - the fixture

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_student_applies_and_employer_shortlists(live_server: Any, browser: Any, market: Market) -> None:  # noqa: F811
    base = live_server.url
    student = logged_in(browser, base, "stu", PHONE)
    student.goto(f"{base}/matching/opportunities/{market.opportunity.pk}/")
    lines = student.locator("[data-testid=explanation-line]")
    assert lines.count() == 3
    assert [lines.nth(i).get_attribute("data-fit") for i in range(3)] == ["matched", "partial", "missing"]
    screenshot(student, "matching-explanation-phone")
    student.click("[data-testid=apply]")  # without consent: refused, nothing sent
    student.wait_for_selector(".messages li.error")
    assert Application.objects.count() == 0
    student.check("[data-testid=consent]")
    student.click("[data-testid=apply]")
    student.wait_for_selector("[data-testid=application-status]")
    assert student.inner_text("[data-testid=application-status]") == "已申请"

    employer = logged_in(browser, base, "eadmin", DESKTOP)
    employer.goto(f"{base}/matching/opportunities/{market.opportunity.pk}/")
    assert employer.locator("[data-testid=candidate]").count() == 1
    employer.click("[data-testid=candidate] a")
    employer.select_option("[data-testid=application-form] select[name=status]", "shortlisted")
    employer.fill("[data-testid=application-form] textarea[name=message]", "请带作品集来面试")
    employer.click("[data-testid=application-form] button[type=submit]")
    employer.wait_for_selector("[data-testid=application-status]:has-text('进入初选')")
    screenshot(employer, "matching-application")
    student.reload()
    assert "请带作品集来面试" in student.inner_text("[data-testid=events]")


def test_college_runs_a_round_and_the_student_reads_the_result(
    live_server: Any,
    browser: Any,
    market: Market,  # noqa: F811
) -> None:
    base, w = live_server.url, market.world
    allocation = actions.create_round(w.college_admin, w.college, {"name": "第一轮", "program": w.program})
    admin = logged_in(browser, base, "cadmin", DESKTOP)
    admin.goto(f"{base}/matching/rounds/{allocation.pk}/")
    admin.fill("[data-testid=position-form] input[name=capacity]", "2")
    admin.click("[data-testid=position-form] button[type=submit]")
    admin.wait_for_selector("[data-testid=positions] a")
    admin.click("[data-testid=open-round]")
    admin.wait_for_selector("[data-testid=round-status]:has-text('开放填报')")

    student = logged_in(browser, base, "stu", PHONE)
    student.goto(f"{base}/matching/rounds/{allocation.pk}/")
    student.select_option("[data-testid=choice-1]", index=1)
    student.click("[data-testid=save-choices]")
    student.wait_for_selector("[data-testid=choices]")

    admin.reload()
    admin.click("[data-testid=close-round]")
    admin.wait_for_selector("[data-testid=solve-round]")
    admin.click("[data-testid=solve-round]")
    admin.wait_for_selector("[data-testid=stable]")
    screenshot(admin, "matching-round-proof")
    admin.click("[data-testid=publish-round]")
    admin.wait_for_selector("[data-testid=round-status]:has-text('已发布')")

    student.reload()
    assert market.opportunity.title in student.inner_text("[data-testid=my-result]")
    screenshot(student, "matching-round-result-phone")
