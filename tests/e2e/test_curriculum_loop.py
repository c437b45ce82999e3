"""The loop in a browser: skill alert → micro-course published → change request → committee approval →
new curriculum version → the gap list and alignment score move, and the cycle time is recorded."""

from __future__ import annotations

import pytest

from iehub.curriculum import terms
from iehub.curriculum.models import AlertAssignment, ChangeRequest, CurriculumVersion
from iehub.demand import alerts as demand_alerts
from iehub.demand.models import SkillAlert
from tests.curriculum.conftest import Curriculum, curriculum  # noqa: F401 - the fixture
from tests.e2e.conftest import logged_in, pick, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_alert_to_new_version_in_the_browser(live_server, browser, curriculum: Curriculum) -> None:  # noqa: F811
    w = curriculum.world
    base = live_server.url
    alert = demand_alerts.raise_alert(
        curriculum.new, "2026Q3", SkillAlert.Direction.EMERGING, 1.0, 0.001, notify=False
    )
    assignment = AlertAssignment.objects.get(alert=alert, program=w.program)
    lead = logged_in(browser, base, w.program_lead.username)

    gaps = f"{base}/curriculum/programs/{w.program.pk}/gaps/"
    lead.goto(gaps)
    assert lead.inner_text("[data-testid=score]") == "71.4"
    assert lead.get_attribute(f"tr[data-skill='{curriculum.new.uri}']", "data-status") == "not_covered"

    # the fast answer: a micro-course, published
    lead.goto(f"{base}/alerts/{assignment.pk}/")
    lead.click("[data-testid=answer-micro]")
    lead.fill("input[name=title]", "AIGC 视频生成入门")
    lead.fill("textarea[name=outline]", "1. 工具 2. 工作流 3. 伦理")
    lead.click("[data-testid=create-micro]")
    lead.click("[data-testid=publish]")
    assert lead.inner_text("[data-testid=micro-state]") == "已发布"
    screenshot(lead, "curriculum-micro-course-zh")
    assignment.refresh_from_db()
    assert assignment.state == AlertAssignment.State.DONE

    # once answered, the alert page offers no more answers
    lead.goto(f"{base}/alerts/{assignment.pk}/")
    assert lead.locator("[data-testid=answer-change]").count() == 0
    # the lasting answer as well: a change request citing the alert, edited in the matrix, to the committee
    lead.goto(f"{base}/curriculum/changes/new/?alert={assignment.pk}")
    lead.fill("input[name=title]", "新增 AIGC 模块")
    lead.fill("textarea[name=rationale]", "AIGC 岗位需求新兴")
    lead.click("[data-testid=open-change]")
    lead.click("[data-testid=proposed-version]")
    # the pickers search: the skill by its English name on a Chinese page, the module by its code
    pick(lead, "[data-testid=new-skill]", "AI-generated")
    assert lead.input_value("[data-testid=new-skill]") == str(curriculum.new.pk)
    pick(lead, "[data-testid=new-module]", "M1")
    chosen = lead.eval_on_selector("[data-testid=new-module]", "s => s.options[s.selectedIndex].text")
    assert chosen.startswith("M1"), chosen
    with lead.expect_navigation():
        lead.click("[data-testid=add-competency]")
    lead.wait_for_selector(f"[data-testid='cell-M1-{curriculum.new.pk}']")
    screenshot(lead, "curriculum-matrix-draft-zh")
    change = ChangeRequest.objects.get()
    lead.goto(f"{base}/curriculum/changes/{change.pk}/")
    assert "新增" in lead.inner_text("[data-testid=diff]")
    lead.click("[data-testid=submit]")
    assert lead.inner_text("[data-testid=change-state]") == "委员会审议中"

    for member in (w.mentor, w.teacher):
        voter = logged_in(browser, base, member.username)
        voter.goto(f"{base}/curriculum/changes/{change.pk}/")
        voter.select_option("select[name=choice]", "approve")
        voter.click("[data-testid=vote]")
        voter.context.close()

    lead.goto(f"{base}/curriculum/changes/{change.pk}/")
    lead.fill("input[name=reason]", "委员会一致同意")
    lead.click("[data-testid=decide]")
    assert lead.inner_text("[data-testid=change-state]") == "已批准"
    assert lead.inner_text("[data-testid=cycle-days]") == "0 天"
    # approved for the next term: scheduled from the term's first day, the current curriculum stays
    starts = terms.start_moment(ChangeRequest.objects.get().effective_term)
    assert lead.inner_text("[data-testid=in-force-from]") == f"自 {starts:%Y-%m-%d} 起执行"
    screenshot(lead, "curriculum-change-approved-zh")

    change.refresh_from_db()
    assert change.decided_at is not None
    assert change.proposed_version.state == CurriculumVersion.State.SCHEDULED
    terms.activate_due(now=starts)  # the term begins
    assert CurriculumVersion.objects.get(state=CurriculumVersion.State.CURRENT) == change.proposed_version
    lead.goto(gaps)
    assert lead.inner_text("[data-testid=score]") == "85.7"
    assert lead.get_attribute(f"tr[data-skill='{curriculum.new.uri}']", "data-status") == "covered"
    screenshot(lead, "curriculum-gaps-after-zh")
    lead.context.close()
