"""A film project in the browser, from the brief to the client's acceptance: the teacher creates it and
puts two students, the enterprise mentor and the client's representative on it; the students deliver
each stage, the mentor signs off, the client accepts the gates; the process records are there."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from iehub.practice.field_templates import ensure_field_templates
from iehub.practice.models import ProcessRecord, Project, Stage
from tests.conftest import World, make_user
from tests.e2e.conftest import logged_in, pick, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _add(page: Any, search: str, kind: str, role: str = "", team: str = "") -> None:
    """Add a member through the form and wait for the reloaded page to list one more row.

    The page already shows a message from the previous step, so waiting for ``.messages`` alone could
    return before the form's answer arrived, and the next member would be typed into a page going away.
    """
    form = "form[data-testid=add-member]"
    rows = page.locator("[data-testid=members] tbody tr")
    before = rows.count()
    pick(page, f"{form} select[name=user]", search)
    page.select_option(f"{form} select[name=kind]", kind)
    if role:
        page.select_option(f"{form} select[name=role]", label=role)
    page.fill(f"{form} input[name=team]", team)
    page.click(f"{form} button[type=submit]")
    expect(rows).to_have_count(before + 1)


def test_a_film_project_from_brief_to_client_acceptance(live_server, browser, world: World) -> None:
    base = live_server.url
    ensure_field_templates()
    second = make_user("stu3", world.college, "student", class_group=world.class_group, program=world.program)
    teacher = logged_in(browser, base, "teacher")
    teacher.goto(f"{base}/practice/projects/new/")
    today = timezone.localdate()
    teacher.select_option("#id_kind", "project")
    teacher.fill("#id_title", "城市文旅宣传片")
    teacher.fill("#id_brief", "为客户拍摄一支 90 秒城市文旅宣传片。")
    pick(teacher, "#id_client", "光影")
    teacher.select_option("#id_template", label="影视项目制作流程")
    teacher.fill("#id_starts_on", today.isoformat())
    teacher.fill("#id_due_on", (today + dt.timedelta(days=60)).isoformat())
    teacher.click("form[data-testid=project-form] button[type=submit]")
    teacher.wait_for_selector("[data-testid=members]")
    project = Project.objects.get(title="城市文旅宣传片")
    _add(teacher, "stu", "student", "导演", "A组")
    _add(teacher, "stu3", "student", "摄影", "A组")
    _add(teacher, "mentor", "mentor")
    _add(teacher, "eadmin", "client")
    assert teacher.locator("[data-testid=members] tbody tr").count() == 5
    teacher.click("[data-testid=start-project]")
    teacher.wait_for_selector("[data-testid=stage][data-state=open]")

    student, other, mentor, client = (
        logged_in(browser, base, name) for name in ("stu", second.username, "mentor", "eadmin")
    )
    url = f"{base}/practice/projects/{project.pk}/"
    mentor.goto(url)  # the mentor sets the second student a task in the first stage
    mentor.fill("input[name=title]", "与客户确认创意方向")
    mentor.select_option("select[name=assignee]", label=second.full_name)
    mentor.click("[data-testid=add-task]")
    other.goto(url)
    other.click("[data-testid=task-done]")
    other.wait_for_selector(".messages")
    for position in range(1, 8):
        student.goto(url)
        student.set_input_files(
            "[data-testid=deliverable-file]",
            {"name": f"stage{position}.pdf", "mimeType": "application/pdf", "buffer": PDF},
        )
        student.click("[data-testid=upload]")
        student.wait_for_selector("[data-testid=deliverable]")
        student.click("[data-testid=submit-stage]")
        student.wait_for_selector(".messages")
        mentor.goto(url)
        mentor.click("[data-testid=sign-off]")
        mentor.wait_for_selector(".messages")
        stage = Stage.objects.get(project=project, position=position)
        if stage.client_gate:
            assert stage.state == Stage.State.SIGNED_OFF
            client.goto(url)
            client.click("[data-testid=accept-stage]")
            client.wait_for_selector(".messages")
        assert Stage.objects.get(pk=stage.pk).state == Stage.State.DONE, position
    project.refresh_from_db()
    assert project.state == Project.State.ACCEPTED
    records = ProcessRecord.objects.filter(project=project)
    assert records.filter(kind=ProcessRecord.Kind.SIGNED_OFF, actor=world.mentor).count() == 7
    assert records.filter(kind=ProcessRecord.Kind.ACCEPTED, actor=world.enterprise_admin).count() == 2
    assert records.filter(kind=ProcessRecord.Kind.TASK_DONE, actor=second).count() == 1
    teacher.goto(url)
    assert teacher.locator("[data-testid=process-records] li").count() == records.count()
    screenshot(teacher, "project-accepted")
    for page in (teacher, student, other, mentor, client):
        page.context.close()
