"""Evaluation in the browser, on a phone: the enterprise mentor evaluates a student through the form,
the teacher sends a client's director a single-use link, the director evaluates without an account,
and the student sees their mastery change."""

from __future__ import annotations

import re
from typing import Any

import pytest

from iehub.evaluation import actions
from iehub.evaluation.models import Evaluation
from tests.e2e.conftest import PHONE, logged_in, screenshot
from tests.evaluation.conftest import Evaluated, evaluated  # noqa: F401 - the fixture

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _phone(browser: Any, base: str, username: str | None) -> Any:
    if username is not None:
        return logged_in(browser, base, username, PHONE)
    return browser.new_context(viewport=PHONE, locale="zh-CN").new_page()


def _choose(page: Any, criterion: int, level: int) -> None:
    page.locator(f"[data-testid=level-{criterion}-{level}]").click()


def _radar(page: Any) -> dict[str, float]:
    """The competency map as ECharts drew it: each axis with its value."""
    page.wait_for_selector("[data-testid=radar] canvas")
    options = page.evaluate("JSON.parse(document.getElementById('radar-options').textContent)")
    axes = [axis["name"] for axis in options["radar"]["indicator"]]
    return dict(zip(axes, options["series"][0]["data"][0]["value"], strict=True))


def _grading_row(page: Any) -> str:
    return page.locator("[data-testid=mastery-row]", has_text="调色").inner_text()


def test_mentor_and_outside_director_evaluate_and_the_student_sees_mastery(
    live_server: Any,
    browser: Any,
    evaluated: Evaluated,  # noqa: F811
) -> None:
    base, w = live_server.url, evaluated.world
    student_page = f"{base}/evaluation/schemes/{evaluated.scheme.pk}/students/{w.student.pk}/"

    student = _phone(browser, base, "stu")
    student.goto(f"{base}/evaluation/portfolio/")
    assert student.locator("[data-testid=portfolio-empty]").count() == 1
    # the teacher's mid-term marks: grading 3 of 4 (2.33 on the 1–3 scale), not yet mastered
    marks = {evaluated.grading.pk: 3, evaluated.teamwork.pk: 2}
    actions.record_evaluation(w.teacher, evaluated.scheme, w.student, "teacher", marks)
    student.goto(f"{base}/evaluation/portfolio/")
    assert _radar(student)["调色"] == 2.33
    student.goto(student_page)
    assert "已掌握" not in _grading_row(student)

    mentor = _phone(browser, base, "mentor")
    mentor.goto(student_page)
    form = mentor.locator("[data-testid=evaluate-mentor]")
    _choose(form, evaluated.grading.pk, 4)
    _choose(form, evaluated.teamwork.pk, 3)
    form.locator("[data-testid=comment]").fill("调色达到交付标准")
    with mentor.expect_navigation():
        form.locator("[data-testid=submit-mentor]").click()
    assert "您的评价已记录" in mentor.inner_text("main")
    screenshot(mentor, "evaluation-mentor-phone-zh")

    teacher = _phone(browser, base, "teacher")
    teacher.goto(f"{base}/evaluation/schemes/{evaluated.scheme.pk}/")
    link_form = teacher.locator("[data-testid=link-form]")
    link_form.locator("select[name=student]").select_option(str(w.student.pk))
    link_form.locator("select[name=role]").select_option("client")
    link_form.locator("input[name=assessor_name]").fill("王导演")
    with teacher.expect_navigation():
        link_form.locator("button[type=submit]").click()
    url = re.search(r"(/assess/[^\s/]+/)", teacher.inner_text("main")).group(1)

    director = _phone(browser, base, None)
    director.goto(f"{base}{url}")
    _choose(director, evaluated.grading.pk, 4)
    screenshot(director, "evaluation-outside-assessor-phone-zh")
    with director.expect_navigation():
        director.click("[data-testid=assess-submit]")
    director.wait_for_selector("[data-testid=assess-done]")
    director.goto(f"{base}{url}")
    assert director.locator("[data-testid=assess-refused]").count() == 1

    assert Evaluation.objects.filter(student=w.student).count() == 3
    student.reload()
    assert "已掌握" in _grading_row(student)
    assert student.locator("[data-testid=history-row]").count() == 3
    screenshot(student, "evaluation-student-mastery-phone-zh")
    student.goto(f"{base}/evaluation/portfolio/")
    # teacher 2.33 (weight 40), mentor and director 3.0 (20 each): (40·2.33 + 20·3 + 20·3) / 80
    assert _radar(student)["调色"] == round((40 * (1 + 4 / 3) + 20 * 3 + 20 * 3) / 80, 2)
    screenshot(student, "evaluation-portfolio-phone-zh")
