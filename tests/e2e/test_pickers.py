"""Searchable pickers: a skill is found among hundreds by typing part of its name in either language,
by keyboard only; nothing is chosen until the user chooses; a search without a match says so in the
page's language."""

from __future__ import annotations

import pytest

from iehub.curriculum.models import TaskCompetency
from tests.conftest import PASSWORD
from tests.curriculum.conftest import Curriculum, curriculum  # noqa: F401 - the fixture
from tests.e2e.conftest import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PICKER = "form:has(input[name=op][value=competency]) select[name=skill]"


def _log_in_as_lead(browser, base: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "lead")
    page.fill("#id_password", PASSWORD)
    page.click("form[data-testid=login-form] button[type=submit]")
    page.wait_for_selector("[data-testid=dashboard-title]")
    return page


def _options_after_search(page, search: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The options listed once the server has answered the search typed (the page holds none)."""
    page.wait_for_function(
        """([selector, search]) => {
            const picker = document.querySelector(selector).tomselect;
            return picker.lastQuery === search && !picker.loading
                && picker.dropdown_content.querySelector(".option") !== null;
        }""",
        arg=[PICKER, search],
    )
    return page.eval_on_selector_all(f"{PICKER} + .ts-wrapper .option", "els => els.map(e => e.textContent)")


def test_a_task_competency_is_chosen_by_keyboard_search(live_server, browser, curriculum: Curriculum):  # noqa: F811
    page = _log_in_as_lead(browser, live_server.url)
    page.goto(f"{live_server.url}/curriculum/programs/{curriculum.world.program.pk}/")
    # no default: the picker starts empty and shows its prompt; the page carries no skill list
    assert page.input_value(PICKER) == ""
    assert page.eval_on_selector(PICKER, "s => s.options.length") == 1
    assert page.get_attribute(f"{PICKER} + .ts-wrapper input", "placeholder") == "输入以搜索…"

    # from focus on, keyboard only: type, Enter, Tab to the button, Enter
    page.focus(f"{PICKER} + .ts-wrapper input")
    page.keyboard.type("不存在的技能")
    page.wait_for_selector(f"{PICKER} + .ts-wrapper .no-results")
    assert page.inner_text(f"{PICKER} + .ts-wrapper .no-results") == "没有匹配项"
    for _ in "不存在的技能":
        page.keyboard.press("Backspace")
    page.keyboard.type("视频")  # a part of the Chinese name
    assert _options_after_search(page, "视频") == ["AI 视频生成"]
    screenshot(page, "picker-search-zh")
    page.keyboard.press("Enter")
    assert page.input_value(PICKER) == str(curriculum.new.pk)
    page.keyboard.press("Tab")  # on to the level, then the button
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_selector(".messages, [data-testid=messages]")
    assert TaskCompetency.objects.filter(task=curriculum.task, skill=curriculum.new).exists()


def test_the_english_name_finds_the_skill_on_a_chinese_page(live_server, browser, curriculum: Curriculum):  # noqa: F811
    page = _log_in_as_lead(browser, live_server.url)
    page.goto(f"{live_server.url}/curriculum/programs/{curriculum.world.program.pk}/")
    page.click(f"{PICKER} + .ts-wrapper .ts-control")
    page.keyboard.type("grading")
    assert _options_after_search(page, "grading") == ["调色"]
