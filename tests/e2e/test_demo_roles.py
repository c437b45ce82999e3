"""Log in as each demo role in a real browser, switch language, see the role's dashboard."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from iehub.curriculum.models import Program
from iehub.demo.loader import DEMO_PASSWORD
from tests.e2e.conftest import log_out, open_nav, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# username → (text on the Chinese dashboard, text on the English one)
ROLES = {
    "admin": ("企业的所有制、规模与资质认定分布", "Enterprises by ownership, scale and recognition"),
    "college_admin": ("双师型教师", "Dual-qualified teachers"),
    "program_lead": ("影视摄影与制作", "Film and Television Cinematography and Production"),
    "teacher": ("企业实践天数", "Enterprise practice days"),
    "student": ("我的数字能力档案", "digital competency portfolio"),
    "enterprise_admin": ("合作院校", "Partner colleges"),
    "mentor": ("企业导师", "Enterprise mentors"),
    "gov_officer": ("合作中的校企合作", "Active partnerships"),
    "consortium_officer": ("成员", "Members"),
    "ai_admin": (
        "鹏城人工智能职业技术学院",
        "Pengcheng Vocational and Technical College of Artificial Intelligence",
    ),
    "mfg_admin": (
        "莞城智能制造职业技术学院",
        "Guancheng Vocational and Technical College of Intelligent Manufacturing",
    ),
}


@pytest.fixture
def demo_server(live_server):
    call_command("demo", "load", "--scale", "small", "--no-postings", stdout=StringIO())
    return live_server


def log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("form[data-testid=login-form] button[type=submit]")
    page.wait_for_selector("[data-testid=dashboard-title]")


def test_every_demo_role_logs_in_and_switches_language(demo_server, page):
    base = demo_server.url
    for username, (zh_text, en_text) in ROLES.items():
        log_in(page, base, username)
        assert page.inner_text("[data-testid=dashboard-title]") == "工作台"
        assert zh_text in page.inner_text("main"), username
        assert page.locator("[data-testid=panel]").count() >= 1
        screenshot(page, f"dashboard-{username}-zh")
        page.click("[data-testid=lang-en]")
        page.wait_for_selector("[data-testid=dashboard-title]:has-text('Dashboard')")
        assert en_text in page.inner_text("main"), username
        screenshot(page, f"dashboard-{username}-en")
        page.click("[data-testid=lang-zh]")
        page.wait_for_selector("[data-testid=dashboard-title]:has-text('工作台')")
        log_out(page)
        page.wait_for_url(f"{base}/accounts/login/")


def test_platform_dashboard_draws_the_distribution_chart(demo_server, page):
    log_in(page, demo_server.url, "admin")
    page.wait_for_selector("[data-testid=chart] canvas")
    screenshot(page, "dashboard-admin-chart")


def test_wrong_password_is_refused_in_the_browser(demo_server, page):
    page.goto(f"{demo_server.url}/accounts/login/")
    page.fill("#id_username", "teacher")
    page.fill("#id_password", "not the password")
    page.click("form[data-testid=login-form] button[type=submit]")
    assert "请输入一个正确的" in page.inner_text("main") or "正确" in page.inner_text("main")
    assert page.locator("[data-testid=dashboard-title]").count() == 0


def test_college_admin_imports_with_a_bad_row_and_sees_the_report(demo_server, page, tmp_path):
    upload = tmp_path / "students.csv"
    upload.write_text(
        "username,full_name,phone,organization_code,role,student_number,program_code,cohort\n"
        "e2e1,周杰,13800001111,4144010101,student,2026999901,560206,2026\n"
        "e2e2,吴敏,12345,4144010101,student,2026999902,560206,2026\n",
        encoding="utf-8",
    )
    log_in(page, demo_server.url, "college_admin")
    page.goto(f"{demo_server.url}/import/")
    page.select_option("#id_kind", "people")
    page.set_input_files("#id_file", str(upload))
    page.click("form[data-testid=import-form] button[type=submit]")
    report = page.inner_text("[data-testid=import-report]")
    assert "请输入有效的电话号码" in report and "3" in report
    screenshot(page, "import-report-zh")


def test_program_lead_answers_a_skill_alert(live_server, page):
    call_command("demo", "load", "--scale", "small", stdout=StringIO())
    log_in(page, live_server.url, "program_lead")
    open_nav(page, "curriculum", "技能预警")
    page.wait_for_selector("[data-testid=alert-table]")
    assert "AIGC视频生成" in page.inner_text("[data-testid=alert-table]")
    screenshot(page, "alert-inbox-zh")
    page.click("[data-testid=alert-table] a >> text=AIGC视频生成")
    page.wait_for_selector("[data-testid=chart] canvas")
    assert page.locator("[data-testid=answer-micro]").count() == 1  # the three answers stand together
    page.fill("[data-testid=no-action-note]", "本学期已在《AIGC视频生成》课程中覆盖，无需另行调整。")
    page.click("[data-testid=no-action]")
    page.wait_for_selector("[data-testid=answered]")
    assert page.locator("[data-testid=answer-micro]").count() == 0  # and disappear once answered
    screenshot(page, "alert-detail-zh")


def test_pages_run_under_the_content_security_policy(demo_server, page):
    """No inline script or style is blocked and no script fails: charts draw, htmx works."""
    problems: list[str] = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    log_in(page, demo_server.url, "admin")
    page.wait_for_selector("[data-testid=chart] canvas")
    for path in ("/demand/", "/organisations/", "/people/", "/curriculum/", "/invitations/"):
        page.goto(f"{demo_server.url}{path}")
        page.wait_for_load_state("networkidle")
    page.goto(f"{demo_server.url}/curriculum/programs/{Program.objects.order_by('pk').first().pk}/")
    page.wait_for_load_state("networkidle")
    headers = page.request.get(f"{demo_server.url}/").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert problems == []
